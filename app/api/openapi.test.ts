import { readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.server.ts';

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
};

const document = openApiDocument() as unknown as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

/** `api.v1.invitations.$id.$action.tsx` → `/api/v1/invitations/{}/{}`; `[.json]` escapes a dot. */
function routePattern(file: string): RegExp {
  const name = file.replace(/\.tsx?$/, '');
  const segments = name
    .replace(/\[\.([^\]]+)\]/g, '\u0000$1')
    .split('.')
    .filter((segment) => segment !== '_index')
    .map((segment) => segment.replaceAll('\u0000', '.'));
  const source = segments
    .map((segment) => (segment.startsWith('$') ? '\\{[^/]+\\}|[^/{}]+' : segment.replace(/[.]/g, '\\.')))
    .map((segment) => `(?:${segment})`)
    .join('/');
  return new RegExp(`^/${source}$`);
}

const routeFiles = readdirSync('app/routes').filter((file) => file.startsWith('api.v1.'));

describe('the OpenAPI 3.1 document of /api/v1', () => {
  it('is version 3.1 with unique operation ids', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every api.v1 route, and nothing that is not a route', () => {
    expect(routeFiles.length).toBeGreaterThan(5);
    const patterns = routeFiles.map((file) => ({ file, pattern: routePattern(file) }));
    const undocumented = patterns.filter(
      ({ pattern }) => !Object.keys(document.paths).some((p) => pattern.test(p)),
    );
    expect(undocumented.map((r) => r.file)).toEqual([]);
    const phantom = Object.keys(document.paths).filter(
      (path) => !patterns.some(({ pattern }) => pattern.test(path)),
    );
    expect(phantom).toEqual([]);
  });

  it('declares every path parameter', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(methods)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort(), `${op.operationId}`).toEqual([...names].sort());
      }
    }
  });

  it('holds only valid JSON Schema 2020-12 (the dialect of OpenAPI 3.1)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const withComponents = (schema: unknown) => ({ ...(schema as object), components: document.components });
    let compiled = 0;
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods)) {
        const schemas = [
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ];
        for (const schema of schemas) {
          expect(() => ajv.compile(withComponents(schema)), op.operationId).not.toThrow();
          compiled += 1;
        }
      }
    }
    expect(compiled).toBeGreaterThan(10);
  });

  it('describes errors with the one error shape', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(document.components.schemas.Error as object);
    expect(validate({ error: 'session_full', message: '名额已满' })).toBe(true);
    expect(validate({ error: 'invalid', message: '请检查', fields: { pupils: '必须是整数' } })).toBe(true);
    expect(validate({ message: 'no code' })).toBe(false);
  });
});
