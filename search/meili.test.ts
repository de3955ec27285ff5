import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFilter, desiredSettings, MeiliIndex, quote, settingsDiff } from './meili.ts';
import { loadSynonyms } from './text.ts';
import type { SearchDoc, SearchRequest } from './types.ts';

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/**
 * A stub Meilisearch server (no Meilisearch runs here): it answers the few endpoints the adapter uses, records every
 * request, and lets a test decide how each task ends.
 */
class StubMeili {
  calls: Call[] = [];
  settings: Record<string, unknown> = {};
  /** How tasks end: the adapter must wait through `enqueued` and `processing`. */
  taskOutcome: 'succeeded' | 'failed' = 'succeeded';
  private tasks = new Map<number, { type: string; polls: number }>();
  private nextTask = 1;
  server: Server;
  url = '';

  constructor() {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://stub');
      this.calls.push({ method: req.method ?? '', path: url.pathname, body });
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
      const enqueue = (type: string) => {
        const taskUid = this.nextTask++;
        this.tasks.set(taskUid, { type, polls: 0 });
        send(202, {
          taskUid,
          indexUid: 'catalogue',
          status: 'enqueued',
          type,
          enqueuedAt: new Date().toISOString(),
        });
      };
      const task = /^\/tasks\/(\d+)$/.exec(url.pathname);
      if (task) {
        const state = this.tasks.get(Number(task[1]));
        if (!state) return send(404, { message: 'no task', code: 'task_not_found', type: 'invalid_request' });
        state.polls++;
        const status = state.polls < 3 ? (state.polls === 1 ? 'enqueued' : 'processing') : this.taskOutcome;
        return send(200, {
          uid: Number(task[1]),
          indexUid: 'catalogue',
          status,
          type: state.type,
          error:
            status === 'failed'
              ? { message: 'The primary key inference failed', code: 'index_primary_key_no_candidate_found' }
              : null,
          duration: null,
          enqueuedAt: new Date().toISOString(),
          startedAt: null,
          finishedAt: null,
        });
      }
      if (/\/settings$/.test(url.pathname) && req.method === 'GET') return send(200, this.settings);
      if (/\/settings$/.test(url.pathname) && req.method === 'PATCH') {
        this.settings = { ...this.settings, ...(body as object) };
        return enqueue('settingsUpdate');
      }
      if (/\/documents$/.test(url.pathname) && req.method === 'POST')
        return enqueue('documentAdditionOrUpdate');
      if (/\/documents\/delete-batch$/.test(url.pathname)) return enqueue('documentDeletion');
      if (/\/search$/.test(url.pathname))
        return send(200, {
          hits: [{ entityId: 'v1', _geoDistance: 1500 }],
          estimatedTotalHits: 1,
          facetDistribution: { type: { museum: 1 }, regionCodes: { '150100': 1, '150102': 1 } },
          processingTimeMs: 1,
          query: (body as { q?: string }).q ?? '',
        });
      send(404, { message: 'not stubbed', code: 'not_stubbed', type: 'invalid_request' });
    });
  }

  async start() {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    return new Promise((done) => this.server.close(done));
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

const now = new Date('2026-11-29T02:00:00Z');
const request = (extra: Partial<SearchRequest> = {}): SearchRequest => ({
  kind: 'venue',
  q: '博物馆',
  filters: {},
  sort: 'relevance',
  offset: 0,
  limit: 20,
  facets: true,
  day: '2026-11-29',
  now,
  ...extra,
});

const doc: SearchDoc = {
  kind: 'venue',
  id: 'v1',
  name: '内蒙古博物院',
  labels: ['博物馆'],
  place: '呼和浩特市 新城区',
  address: '新华大街27号',
  description: '',
  type: 'museum',
  regionCode: '150102',
  serviceRegionCodes: [],
  themes: ['历史文化'],
  grades: [1, 2, 3],
  languages: ['zh'],
  accessible: true,
  commitments: [],
  verifiedAt: null,
  lat: 40.84,
  lng: 111.75,
};

describe('Meilisearch adapter against a stub server', () => {
  let stub: StubMeili;
  beforeEach(async () => {
    stub = new StubMeili();
    await stub.start();
  });
  afterEach(async () => {
    await stub.stop();
  });

  it('sends only the settings that differ, and nothing when they match (stub)', async () => {
    const desired = desiredSettings(loadSynonyms());
    stub.settings = {
      ...desired,
      searchableAttributes: ['name'],
      // Same sets in another order are the same settings.
      filterableAttributes: [...(desired.filterableAttributes as string[])].reverse(),
    };
    const index = new MeiliIndex({ host: stub.url, synonyms: loadSynonyms() });
    const diff = await index.ensureSettings();
    expect(Object.keys(diff)).toEqual(['searchableAttributes']);
    const patches = stub.calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(Object.keys(patches[0]?.body as object)).toEqual(['searchableAttributes']);
    expect(Object.keys(await index.ensureSettings())).toEqual([]);
    expect(stub.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect(settingsDiff({ synonyms: { a: ['b'] } }, { synonyms: { a: ['b'] } })).toEqual({});
  });

  it('gives names and queries with synonyms written one way, so that the name equal to the query is exact (stub: no Meilisearch runs here)', async () => {
    // Meilisearch's exactness rule reads only the words typed: 赤峰博物馆 is not an exact 赤峰博物院 unless both are
    // written the same way in a searchable attribute and in the query.
    const desired = desiredSettings(loadSynonyms());
    expect(desired.searchableAttributes?.slice(0, 2)).toEqual(['name', 'nameCanonical']);
    // Synonyms both ways.
    const synonyms = new Map(Object.entries(desired.synonyms ?? {}));
    expect(synonyms.get('博物馆')).toContain('博物院');
    expect(synonyms.get('博物院')).toContain('博物馆');
    stub.settings = desired as Record<string, unknown>;
    const index = new MeiliIndex({ host: stub.url, synonyms: loadSynonyms() });
    await index.upsert([
      { ...doc, id: 'v1', name: '赤峰博物院' },
      { ...doc, id: 'v2', name: '呼和浩特市 科学技术馆' },
    ]);
    const added = stub.calls.find((c) => c.path.endsWith('/documents'))?.body as {
      name: string;
      nameCanonical: string;
    }[];
    expect(added.map((d) => d.nameCanonical)).toEqual(['赤峰博物院', '呼市市 科技馆']);
    expect(added.map((d) => d.name)).toEqual(['赤峰博物院', '呼和浩特市 科学技术馆']);
    const sent = async (q: string) => {
      stub.calls = [];
      await index.search(request({ q }));
      const body = stub.calls.find((c) => c.path.endsWith('/search'))?.body as { q: string } | undefined;
      return body?.q;
    };
    expect(await sent('赤峰博物馆')).toBe('赤峰博物院');
    expect(await sent('呼和浩特 科学技术馆')).toBe('呼市 科技馆');
    // Pinyin and words outside the groups go as typed.
    expect(await sent('neimenggu bowuyuan')).toBe('neimenggu bowuyuan');
  });

  it('stamps each venue with its pupils’ access on its clock’s day (stub: no Meilisearch runs here)', async () => {
    stub.settings = desiredSettings([]) as Record<string, unknown>;
    let now = new Date('2040-03-10T15:00:00Z'); // 23:00 on 10 March in Beijing
    const index = new MeiliIndex({ host: stub.url, now: () => now });
    const freeUntilTenth = {
      ...doc,
      commitments: [
        {
          id: 'c1',
          audience: 'primary' as const,
          kind: 'free' as const,
          percentOff: null,
          fixedPrice: null,
          validFrom: '2040-01-01',
          validTo: '2040-03-10',
          status: 'active' as const,
        },
      ],
    };
    const sentAccess = async () => {
      stub.calls = [];
      await index.upsert([freeUntilTenth]);
      const sent = stub.calls.find((c) => c.path.endsWith('/documents'))?.body as
        | { access: string }[]
        | undefined;
      return sent?.[0]?.access;
    };
    expect(await sentAccess()).toBe('free');
    now = new Date('2040-03-10T16:30:00Z'); // 00:30 on 11 March in Beijing
    expect(await sentAccess()).toBe('standard');
  });

  it('escapes filter values (stub)', async () => {
    expect(quote('红色"教育\\基地')).toBe('"红色\\"教育\\\\基地"');
    const filter = buildFilter(
      request({ filters: { theme: 'x" OR kind = "speaker', region: '150100', grade: 4, accessible: true } }),
    );
    expect(filter).toContain('themes = "x\\" OR kind = \\"speaker"');
    expect(filter).toContain('regionCodes = "150100"');
    expect(filter).toContain('grades = 4');
    const index = new MeiliIndex({ host: stub.url });
    stub.settings = desiredSettings([]) as Record<string, unknown>;
    const result = await index.search(
      request({ filters: { theme: 'a"b' }, near: { lat: 40.8, lng: 111.7 }, radiusKm: 25, sort: 'distance' }),
    );
    const search = stub.calls.find((c) => c.path.endsWith('/search'))?.body as {
      filter: string[];
      sort: string[];
    };
    expect(search.filter).toContain('themes = "a\\"b"');
    expect(search.filter).toContain('_geoRadius(40.8, 111.7, 25000)');
    expect(search.sort).toEqual(['_geoPoint(40.8, 111.7):asc']);
    expect(result.hits).toEqual([{ id: 'v1', score: 0, distanceKm: 1.5 }]);
    expect(result.facets?.region).toEqual({ '150100': 1, '150102': 1 });
  });

  it('waits for every task to finish, and raises a failed task (stub)', async () => {
    stub.settings = desiredSettings([]) as Record<string, unknown>;
    const index = new MeiliIndex({ host: stub.url });
    await index.upsert([doc]);
    // The adapter polled the task through enqueued and processing to succeeded.
    const polls = stub.calls.filter((c) => c.path === '/tasks/1');
    expect(polls.length).toBe(3);
    const added = stub.calls.find((c) => c.path.endsWith('/documents'))?.body as {
      id: string;
      _geo: object;
    }[];
    expect(added[0]).toMatchObject({
      id: 'venue-v1',
      _geo: { lat: 40.84, lng: 111.75 },
      nameInitials: 'nmgbwy',
    });

    stub.taskOutcome = 'failed';
    await expect(index.upsert([doc])).rejects.toThrow(/failed: The primary key inference failed/);
    await expect(index.delete([{ kind: 'venue', id: 'v1' }])).rejects.toThrow(/documentDeletion\) failed/);
  });
});
