import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import type { Request as ExpressRequest, Response as ExpressResponse, RequestHandler } from 'express';
import { getT } from '#app/i18n/index.ts';
import { type ApiRouteHandle, methodNotAllowed } from '#app/utils/api.server.ts';
import { localeFromAcceptLanguage } from '#app/utils/i18n.server.ts';
import type { Logger } from './logger.ts';

/**
 * The JSON API's own lane into the route modules (docs/decisions/015-booking-path.md).
 *
 * Remix answers a resource route by matching the URL against every route of the site — flattening and ranking the
 * whole route tree on each request — and then through its static handler, which matches again; on this machine that
 * is about a millisecond of CPU per request, more than the booking itself costs in PostgreSQL. The API's routes are
 * all resource routes (no component, no parent layout), so this lane compiles their paths once at start and calls
 * the same `loader` and `action` exports Remix would call, with the same arguments and the same load context. A path
 * no API route matches goes on to Remix. Every answer of its own is in the API's error shape `{ error, message }`, in
 * the caller's language: a method the route does not take (405, with Allow: GET and HEAD for a loader, the methods
 * an action declares in its `handle`), a body over the limit (413), a failure (500). OPTIONS gets the Allow header.
 */

interface CompiledRoute {
  id: string;
  pattern: RegExp;
  params: string[];
  /** Remix's ranking: static segments before dynamic ones. */
  score: number;
  loader?: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;
  /** The methods it answers: GET and HEAD for a loader, and those its action declares. */
  allowed: string[];
}

/** Request bodies the API takes are small JSON documents. */
const MAX_BODY_BYTES = 1_000_000;
/** Answers from this size on are sent gzipped to clients that take it (lists of sessions, venues, speakers). */
const GZIP_FROM_BYTES = 1024;
const gzip = promisify(gzipCallback);

/**
 * The security headers of a JSON answer (OWASP's REST Security Cheat Sheet): the lane answers before the pages'
 * middleware (helmet, compression), whose headers are for HTML. Nothing in an answer may be sniffed, framed or run.
 */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** A route's URL pattern, its parents' paths joined (`/api/v1/venues/:idOrSlug`). */
export function fullPath(build: ServerBuild, id: string): string {
  const parts: string[] = [];
  for (
    let route = build.routes[id];
    route;
    route = route.parentId ? build.routes[route.parentId] : undefined
  ) {
    if (route.path) parts.unshift(route.path);
  }
  return `/${parts.join('/')}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileApiRoutes(build: ServerBuild, prefix = '/api/'): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module as unknown as Record<string, unknown>;
    // Only resource routes (no component): a page under the prefix is left to Remix.
    if (module.default) continue;
    const path = fullPath(build, id);
    if (!path.startsWith(prefix) || path.includes('*')) continue;
    const params: string[] = [];
    let score = 0;
    const source = path
      .split('/')
      .slice(1)
      .map((segment) => {
        if (segment.startsWith(':')) {
          if (segment.endsWith('?')) throw new Error(`optional segment in API route ${id}`);
          params.push(segment.slice(1));
          score += 3;
          return '/([^/]+)';
        }
        score += 10;
        return `/${escapeRegExp(segment)}`;
      })
      .join('');
    const loader =
      typeof module.loader === 'function' ? (module.loader as CompiledRoute['loader']) : undefined;
    const action =
      typeof module.action === 'function' ? (module.action as CompiledRoute['action']) : undefined;
    const declared = (module.handle as Partial<ApiRouteHandle> | undefined)?.methods;
    if (action && !declared?.length) throw new Error(`API route ${id} has an action but declares no methods`);
    compiled.push({
      id,
      pattern: new RegExp(`^${source}/?$`, route.caseSensitive ? '' : 'i'),
      params,
      score,
      loader,
      action,
      allowed: [...(loader ? ['GET', 'HEAD'] : []), ...(action ? (declared ?? []) : [])],
    });
  }
  return compiled.sort((a, b) => b.score - a.score);
}

export function matchApiRoute(
  routes: readonly CompiledRoute[],
  pathname: string,
): { route: CompiledRoute; params: Record<string, string> } | null {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < route.params.length; i++) {
      try {
        params[route.params[i] as string] = decodeURIComponent(match[i + 1] as string);
      } catch {
        return null;
      }
    }
    return { route, params };
  }
  return null;
}

/** The body, or `too_large` past the limit (the rest is read and dropped, so that the 413 reaches the client). */
function readBody(req: ExpressRequest): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The URL as Remix's Express adapter makes it (the host's port from X-Forwarded-Host or Host, the name from
 * req.hostname, which follows the "trust proxy" setting). */
function requestUrl(req: ExpressRequest): string {
  const portOf = (header: string | undefined) => Number.parseInt(header?.split(':')[1] ?? '', 10);
  const forwarded = portOf(req.get('x-forwarded-host'));
  const direct = portOf(req.get('host'));
  const port = Number.isSafeInteger(forwarded) ? forwarded : Number.isSafeInteger(direct) ? direct : '';
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`).href;
}

function toHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}

async function send(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (!response.body) return void res.end();
  let body = Buffer.from(await response.arrayBuffer());
  const mayTransform = !/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '');
  if (body.length >= GZIP_FROM_BYTES && !response.headers.has('content-encoding') && mayTransform) {
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      body = await gzip(body);
      res.setHeader('Content-Encoding', 'gzip');
      res.removeHeader('Content-Length');
    }
  }
  res.end(body);
}

export function apiLane(
  build: ServerBuild,
  loadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext,
  log: Logger,
  options: { https?: boolean } = {},
): RequestHandler {
  const routes = compileApiRoutes(build);
  const headers = apiSecurityHeaders(options.https ?? false);
  return (req, res, next) => {
    const matched = matchApiRoute(routes, req.path);
    if (!matched) return next();
    const locale = () => localeFromAcceptLanguage(req.get('accept-language'));
    const { allowed } = matched.route;
    res.set(headers);
    if (req.method === 'OPTIONS') {
      res.set('Allow', [...allowed, 'OPTIONS'].join(', '));
      return void res.status(204).end();
    }
    // HEAD runs the loader as GET does, with the same headers; Node sends no body for it.
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const handler = reading ? matched.route.loader : matched.route.action;
    void (async () => {
      if (!handler || !allowed.includes(req.method)) {
        await send(req, res, methodNotAllowed(locale(), req.method, allowed));
        return;
      }
      let body: Buffer | undefined;
      if (!reading) {
        const read = await readBody(req);
        if (read === 'too_large') {
          res.status(413).json({ error: 'payload_too_large', message: getT(locale())('api.tooLarge') });
          return;
        }
        body = read;
      }
      const request = new Request(requestUrl(req), {
        method: req.method,
        headers: toHeaders(req),
        // A Buffer is a Uint8Array, which fetch takes as a body (the DOM typings want one over a plain ArrayBuffer).
        body: body as Uint8Array<ArrayBuffer> | undefined,
      });
      let response: unknown;
      try {
        response = await handler({ request, params: matched.params, context: loadContext(req, res) });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      // Remix sends a plain value from a resource route as JSON.
      await send(req, res, response instanceof Response ? response : Response.json(response ?? null));
    })().catch((error: unknown) => {
      log.error({ err: error, requestId: res.locals.requestId, route: matched.route.id }, 'API route failed');
      if (!res.headersSent) {
        const requestId = String(res.locals.requestId ?? '');
        res.status(500).json({
          error: 'server_error',
          message: getT(locale())('api.serverError', { requestId }),
          requestId,
        });
      } else res.end();
    });
  };
}
