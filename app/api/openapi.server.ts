import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ApiErrorSchema, endpoints } from './endpoints.ts';

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the same zod schemas that parse the requests, so the
 * description cannot drift from what the server accepts. Every endpoint is listed in ./endpoints.ts; a test fails
 * when an `api.v1.*` route exists that the document does not describe (or the other way round).
 */

const errorDescriptions: Record<number, string> = {
  400: 'The input is invalid; `fields` names what to fix. Nothing was written.',
  401: 'No valid API token (`Authorization: Bearer …`). A public endpoint answers it too when a token is sent that is not valid.',
  403: 'The token’s owner may not do this.',
  404: 'No such record, or not one the caller may see.',
  409: 'The state moved on (full, taken, already answered) or the same Idempotency-Key is in flight.',
  422: 'The request is well-formed but breaks a rule (or reuses an Idempotency-Key with another body).',
  405: 'The address does not take this method; the `Allow` header lists those it takes.',
  413: 'The request body is over 1 MB.',
  415: 'The body is not sent as JSON (`Content-Type: application/json`).',
  500: 'The server failed; nothing was written. `requestId` finds the failure in the log.',
};

let cached: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function openApiDocument(publicUrl?: string) {
  if (cached) return publicUrl ? { ...cached, servers: [{ url: publicUrl }] } : cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token created on the account page or with `npm run cli -- token:create`.',
  });
  for (const endpoint of endpoints) {
    const responses: RouteConfig['responses'] = {};
    for (const [status, response] of Object.entries(endpoint.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: response.schema } } } : {}),
        ...(response.contentType ? { content: { [response.contentType]: { schema: z.string() } } } : {}),
      };
    }
    // Any address (but the document itself) answers a token that is not valid with 401, a method it does not take with 405, a body over the
    // limit with 413, a body that is not JSON with 415 and a failure with 500.
    const checksToken = endpoint.path !== '/api/v1/openapi.json';
    const always = [...(checksToken ? [401] : []), 405, ...(endpoint.body ? [413, 415] : []), 500];
    for (const status of [...(endpoint.errors ?? []), ...always]) {
      responses[String(status)] = {
        description: errorDescriptions[status] ?? 'Error',
        content: { 'application/json': { schema: ApiErrorSchema } },
      };
    }
    registry.registerPath({
      method: endpoint.method,
      path: endpoint.path,
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: endpoint.description,
      tags: [endpoint.tag],
      ...(endpoint.auth === 'token' ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(endpoint.params ? { params: endpoint.params } : {}),
        ...(endpoint.query ? { query: endpoint.query } : {}),
        ...(endpoint.headers ? { headers: endpoint.headers } : {}),
        ...(endpoint.body
          ? { body: { required: true, content: { 'application/json': { schema: endpoint.body } } } }
          : {}),
      },
      responses,
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '社会大课堂 Social Classroom API',
      version: '1.0.0',
      description:
        'The catalogue and booking desk for out-of-school education in Inner Mongolia. Reads are public unless ' +
        'marked; every endpoint that changes data needs an API token. Errors are JSON `{ error, message, fields }`.',
    },
  });
  return openApiDocument(publicUrl);
}
