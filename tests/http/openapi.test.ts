import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { makeWorld, slotAt, T0, type World } from '#tests/factories/speakers.ts';
import { startTestServer, type TestServer } from '#tests/setup/http.ts';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: object;
};

/** Real answers of the running server checked against the document it serves. */
describe('the API answers as its OpenAPI document says [pglite]', () => {
  let server: TestServer;
  let doc: Doc;
  let world: World;
  let token: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  function check(path: string, method: string, status: number, body: unknown) {
    const schema =
      doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    expect(schema, `${method} ${path} ${status} is documented`).toBeDefined();
    const validate = ajv.compile({ ...schema, components: doc.components });
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  }

  beforeAll(async () => {
    server = await startTestServer({ fixture: 'empty', clock: new FakeClock(T0) });
    world = await makeWorld(server.database.db);
    token = (await createApiToken(server.database.db, world.people.teacher.id, 'test', { userId: null }))
      .token;
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    doc = (await response.json()) as Doc;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('a speaker’s topics, a created invitation and its view match their schemas', async () => {
    const topics = await fetch(`${server.url}/api/v1/speakers/${world.speaker.id}/topics`);
    expect(topics.status).toBe(200);
    check('/api/v1/speakers/{id}/topics', 'get', 200, await topics.json());

    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${server.url}/api/v1/invitations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(10)],
        audienceSize: 40,
        grades: [5],
        place: '学校礼堂',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    check('/api/v1/invitations', 'post', 201, { id, status: 'pending' });
    // The same invitation again while the first waits: 409 `already_invited`, as documented.
    const again = await fetch(`${server.url}/api/v1/invitations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(11)],
        audienceSize: 40,
        grades: [5],
        place: '学校礼堂',
      }),
    });
    expect(again.status).toBe(409);
    const refusal = await again.json();
    expect(refusal).toMatchObject({ error: 'already_invited', existing: [{ id }] });
    check('/api/v1/invitations', 'post', 409, refusal);
    // A retry is safe with an Idempotency-Key, documented as for bookings.
    const operation = doc.paths['/api/v1/invitations']?.post as unknown as {
      parameters?: { in: string; name: string }[];
    };
    expect(operation.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
    );

    const view = await fetch(`${server.url}/api/v1/invitations/${id}`, { headers });
    expect(view.status).toBe(200);
    check('/api/v1/invitations/{id}', 'get', 200, await view.json());
  });

  it('the public timetable matches its description; a bad page size is a 400', async () => {
    const list = await fetch(`${server.url}/api/v1/sessions?pageSize=5`);
    expect(list.status).toBe(200);
    check('/api/v1/sessions', 'get', 200, await list.json());
    const bad = await fetch(`${server.url}/api/v1/sessions?pageSize=0`);
    expect(bad.status).toBe(400);
    check('/api/v1/sessions', 'get', 400, await bad.json());
  });

  it('the token’s owner matches its description', async () => {
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    check('/api/v1/me', 'get', 200, await me.json());
    const anonymous = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: 'Bearer nope' } });
    expect(anonymous.status).toBe(401);
    check('/api/v1/me', 'get', 401, await anonymous.json());
  });

  it('the HSDS open-data pages match their description; a bad page size is a 400', async () => {
    const services = await fetch(`${server.url}/api/v1/hsds/services?page=1&per_page=10`);
    expect(services.status).toBe(200);
    check('/api/v1/hsds/services', 'get', 200, await services.json());
    const bad = await fetch(`${server.url}/api/v1/hsds/services?per_page=1000`, {
      headers: { 'Accept-Language': 'en' },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fields: Record<string, string> };
    check('/api/v1/hsds/services', 'get', 400, body);
    expect(Object.keys(body.fields)).toEqual(['per_page']);
  });

  it('an id that is not a UUID, even one of the right length, is a 404 and never a 500', async () => {
    const dashes = '-'.repeat(36);
    for (const path of [
      `/api/v1/hsds/services/${dashes}`,
      `/api/v1/speakers/${dashes}/topics`,
      `/api/v1/speakers/${dashes}`,
      `/api/v1/sessions/${dashes}`,
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
    }
    const headers = { Authorization: `Bearer ${token}` };
    for (const path of [`/api/v1/bookings/${dashes}`, `/api/v1/invitations/${dashes}`]) {
      const response = await fetch(`${server.url}${path}`, { headers });
      expect(response.status, path).toBe(404);
    }
  });

  it('errors have the one documented error shape', async () => {
    const bad = await fetch(`${server.url}/api/v1/invitations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ speakerId: 'nope', slots: [] }),
    });
    expect(bad.status).toBe(400);
    check('/api/v1/invitations', 'post', 400, await bad.json());
    const missing = await fetch(`${server.url}/api/v1/speakers/00000000-0000-4000-8000-000000000000/topics`);
    expect(missing.status).toBe(404);
    check('/api/v1/speakers/{id}/topics', 'get', 404, await missing.json());
  });
});
