import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuild, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { apiLane, compileApiRoutes, fullPath, matchApiRoute } from './api-lane.ts';
import { createLogger } from './logger.ts';

/** A path that a route's pattern should match: each `:param` filled with a sample value. */
function samplePath(build: ServerBuild, id: string): string {
  return fullPath(build, id).replace(/:([A-Za-z]+)/g, (_m, name: string) => `sample-${name}`);
}

describe('the API lane: compiled once, the same route as Remix', () => {
  it('compiles every api.v1 resource route of the build, and each sample path finds its own route', async () => {
    const build = await loadBuild();
    const routes = compileApiRoutes(build);
    const files = readdirSync('app/routes').filter((f) => f.startsWith('api.v1.'));
    expect(routes.map((r) => r.id).sort()).toEqual(
      files.map((f) => `routes/${f.replace(/\.(tsx|ts)$/, '')}`).sort(),
    );
    for (const route of routes) {
      const matched = matchApiRoute(routes, samplePath(build, route.id));
      expect(matched?.route.id, route.id).toBe(route.id);
    }
    // Static segments win over dynamic ones, as in Remix; params are decoded; an undecodable one matches nothing.
    expect(matchApiRoute(routes, '/api/v1/openapi.json')?.route.id).toBe('routes/api.v1.openapi[.json]');
    expect(matchApiRoute(routes, '/api/v1/venues/%E5%8D%9A')?.params).toEqual({ idOrSlug: '博' });
    expect(matchApiRoute(routes, '/api/v1/venues/%E5%8D')).toBeNull();
    expect(matchApiRoute(routes, '/api/v1/nothing-here')).toBeNull();
  });

  describe('over HTTP with a made-up build (a route that throws, one that answers a plain value)', () => {
    let url = '';
    let close = () => {};
    beforeAll(async () => {
      const build = {
        routes: {
          root: { id: 'root', path: '', module: { default: () => null } },
          'routes/api.v1.things.$id': {
            id: 'routes/api.v1.things.$id',
            parentId: 'root',
            path: 'api/v1/things/:id',
            module: {
              loader: ({ params }: { params: Record<string, string> }) =>
                params.id === 'notransform' || params.id === 'varied'
                  ? Response.json(
                      { items: Array.from({ length: 200 }, (_, i) => ({ i, name: '博物馆' })) },
                      {
                        headers: {
                          Vary: 'Origin',
                          ...(params.id === 'notransform' ? { 'Cache-Control': 'no-transform' } : {}),
                        },
                      },
                    )
                  : params.id === 'many'
                    ? { items: Array.from({ length: 200 }, (_, i) => ({ i, name: '博物馆' })) }
                    : { id: params.id },
              action: async ({ request, params }: { request: Request; params: Record<string, string> }) => {
                if (params.id === 'broken') throw new Error('broken on purpose');
                if (params.id === 'refused') throw Response.json({ error: 'refused' }, { status: 403 });
                const body = (await request.json()) as unknown;
                return Response.json(
                  { echoed: body, method: request.method, url: request.url },
                  {
                    status: 201,
                    headers: [
                      ['set-cookie', 'a=1'],
                      ['set-cookie', 'b=2'],
                    ],
                  },
                );
              },
              handle: { methods: ['POST'] },
            },
          },
          'routes/api.v1.letters': {
            id: 'routes/api.v1.letters',
            parentId: 'root',
            path: 'api/v1/letters',
            module: {
              action: () => Response.json({ sent: true }, { status: 201 }),
              handle: { methods: ['POST', 'PATCH'] },
            },
          },
        },
      } as unknown as ServerBuild;
      const app = express();
      app.use((_req, res, next) => {
        res.locals.requestId = 'req-1';
        next();
      });
      app.use(apiLane(build, () => ({}) as never, createLogger('silent')));
      app.use((_req, res) => res.status(299).send('passed on'));
      const server = app.listen(0);
      await new Promise((done) => server.once('listening', done));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => server.close();
    });
    afterAll(() => close());

    it('sends the action’s Response with its status, headers and every cookie', async () => {
      const response = await fetch(`${url}/api/v1/things/7?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ a: '博' }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await response.json()).toEqual({
        echoed: { a: '博' },
        method: 'POST',
        url: `${url}/api/v1/things/7?x=1`,
      });
    });

    it('sends a plain value as JSON, a thrown Response as it is, and a thrown error as a JSON 500', async () => {
      const plain = await fetch(`${url}/api/v1/things/9`);
      expect(plain.status).toBe(200);
      expect(await plain.json()).toEqual({ id: '9' });
      const refused = await fetch(`${url}/api/v1/things/refused`, { method: 'POST', body: '{}' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'refused' });
      const broken = await fetch(`${url}/api/v1/things/broken`, { method: 'POST', body: '{}' });
      expect(broken.status).toBe(500);
      expect(await broken.json()).toEqual({
        error: 'server_error',
        message: '服务器出错了，请稍后再试；如果一直这样，请把请求编号 req-1 告诉管理员。',
        requestId: 'req-1',
      });
    });

    it('answers a method a route does not take with 405 in the API’s shape, in the caller’s language, with Allow', async () => {
      const get = await fetch(`${url}/api/v1/letters`, { headers: { 'accept-language': 'fr, en;q=0.8' } });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST, PATCH');
      expect(get.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await get.json()).toEqual({
        error: 'method_not_allowed',
        message: 'This address does not take GET requests; it takes POST, PATCH.',
      });
      // A method the action does not declare is refused before the action runs.
      const put = await fetch(`${url}/api/v1/letters`, { method: 'PUT', body: '{}' });
      expect(put.status).toBe(405);
      expect(await put.json()).toMatchObject({ message: '此地址不接受 PUT 请求，只接受：POST, PATCH。' });
      const post = await fetch(`${url}/api/v1/letters`, { method: 'POST', body: '{}' });
      expect(post.status).toBe(201);
      const del = await fetch(`${url}/api/v1/things/9`, { method: 'DELETE' });
      expect(del.status).toBe(405);
      expect(del.headers.get('allow')).toBe('GET, HEAD, POST');
      const options = await fetch(`${url}/api/v1/letters`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('POST, PATCH, OPTIONS');
    });

    it('refuses to compile a route whose action declares no methods', () => {
      const build = {
        routes: {
          'routes/api.v1.loose': {
            id: 'routes/api.v1.loose',
            path: 'api/v1/loose',
            module: { action: () => null },
          },
        },
      } as unknown as ServerBuild;
      expect(() => compileApiRoutes(build)).toThrow(/declares no methods/);
    });

    it('sends its own security headers on every answer, and gzips large answers to clients that take gzip', async () => {
      const small = await fetch(`${url}/api/v1/things/9`);
      const broken = await fetch(`${url}/api/v1/things/broken`, { method: 'POST', body: '{}' });
      for (const response of [small, broken]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
        expect(response.headers.get('x-frame-options')).toBe('DENY');
      }
      expect(small.headers.get('content-encoding')).toBeNull();
      // fetch takes gzip and undoes it; the header says what travelled.
      const many = await fetch(`${url}/api/v1/things/many`);
      expect(many.headers.get('content-encoding')).toBe('gzip');
      expect(many.headers.get('vary')).toBe('Accept-Encoding');
      expect(((await many.json()) as { items: unknown[] }).items).toHaveLength(200);
      const plain = await fetch(`${url}/api/v1/things/many`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(((await plain.json()) as { items: unknown[] }).items).toHaveLength(200);
    });

    it('refuses a body over 1 MB with 413, answers HEAD as GET without a body, and passes unknown paths on', async () => {
      const large = await fetch(`${url}/api/v1/things/7`, {
        method: 'POST',
        headers: { 'accept-language': 'en-GB' },
        body: 'x'.repeat(1_100_000),
      });
      expect(large.status).toBe(413);
      expect(await large.json()).toEqual({
        error: 'payload_too_large',
        message: 'The request body is too large (at most 1 MB).',
      });
      const get = await fetch(`${url}/api/v1/things/many`);
      const head = await fetch(`${url}/api/v1/things/many`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      for (const name of [
        'content-security-policy',
        'x-frame-options',
        'content-encoding',
        'vary',
        'content-type',
      ]) {
        expect(head.headers.get(name), name).toBe(get.headers.get(name));
      }
      expect(await head.text()).toBe('');
      expect((await fetch(`${url}/api/v1/other`)).status).toBe(299);
    });

    it('leaves an answer marked no-transform as it is, and adds to the Vary the route sent', async () => {
      const kept = await fetch(`${url}/api/v1/things/notransform`);
      expect(kept.headers.get('content-encoding')).toBeNull();
      expect(kept.headers.get('vary')).toBe('Origin');
      const varied = await fetch(`${url}/api/v1/things/varied`);
      expect(varied.headers.get('content-encoding')).toBe('gzip');
      expect(varied.headers.get('vary')).toBe('Origin, Accept-Encoding');
    });
  });
});

describe('the API lane in the real app', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ fixture: 'demo' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers API routes itself and leaves the rest to Remix, with the same answers', async () => {
    const regions = await fetch(`${server.url}/api/v1/regions`);
    expect(regions.status).toBe(200);
    expect(regions.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The API's own headers, not the pages' (no nonce to hand out in JSON).
    expect(regions.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(regions.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await regions.json()) as { items: unknown[] }).items.length).toBeGreaterThan(10);
    const head = await fetch(`${server.url}/api/v1/regions`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const unknown = await fetch(`${server.url}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    // Every API route's wrong method is a 405 in the API's shape with Allow (GET on a write, POST on a read).
    for (const [method, path, allow] of [
      ['GET', '/api/v1/bookings', 'POST'],
      ['GET', '/api/v1/programs/00000000-0000-4000-8000-000000000000', 'PATCH'],
      ['POST', '/api/v1/me', 'GET, HEAD'],
      ['POST', '/api/v1/sessions/00000000-0000-4000-8000-000000000000', 'GET, HEAD, PATCH'],
    ] as const) {
      const wrong = await fetch(`${server.url}${path}`, { method, headers: { 'accept-language': 'en' } });
      expect(wrong.status, `${method} ${path}`).toBe(405);
      expect(wrong.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(await wrong.json(), `${method} ${path}`).toEqual({
        error: 'method_not_allowed',
        message: `This address does not take ${method} requests; it takes ${allow}.`,
      });
    }
    const badJson = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{',
    });
    expect(badJson.status).toBe(401);
  });
});
