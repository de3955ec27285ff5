import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { search as enSearch } from '#app/i18n/en/search.ts';
import { search as zhSearch } from '#app/i18n/zh/search.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { accessCommitments, venues } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { DEMO_NOW, describeEachDriver } from '#tests/setup/db.ts';
import { EmbeddedIndex } from './embedded.ts';
import { defaultIndex, SearchService } from './service.server.ts';
import { sqlSearch } from './sql-search.server.ts';
import type { CatalogueIndex, SearchDoc, SearchFilters, SearchRequest } from './types.ts';

const now = DEMO_NOW;

function request(extra: Partial<SearchRequest> = {}): SearchRequest {
  return {
    kind: 'venue',
    filters: {},
    sort: 'relevance',
    offset: 0,
    limit: 100,
    facets: false,
    day: shanghaiDay(now),
    now,
    ...extra,
  };
}

async function addVenue(db: Parameters<typeof queryRows>[0], name: string, slug: string) {
  const [row] = await db
    .insert(venues)
    .values({
      slug,
      name,
      type: 'museum',
      regionCode: '150102',
      lat: 40.85,
      lng: 111.75,
      status: 'published',
    })
    .returning({ id: venues.id });
  return row?.id as string;
}

describeEachDriver(
  'search service',
  (ctx) => {
    it('builds from PostgreSQL and puts the exact name first, in characters and pinyin', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const [published] = await queryRows<{ n: string | number }>(
        ctx.db,
        sql`select count(*) as n from venues where status = 'published'`,
      );
      expect((await service.index.stats()).venues).toBe(Number(published?.n));
      const [museum] = await ctx.db.select().from(venues).where(eq(venues.name, '内蒙古博物院'));
      for (const q of ['内蒙古博物院', 'nmgbwy', 'neimenggu bowuyuan', 'neimengu bowuyuan']) {
        const result = await service.search(request({ q, limit: 5 }));
        expect(result.hits[0]?.id, q).toBe(museum?.id);
      }
      // Up to synonyms (博物馆/博物院), spaces and punctuation: 23 内蒙古…博物馆 came before it on the demo data.
      for (const q of ['内蒙古博物馆', '内蒙古 博物馆', '内蒙古·博物馆']) {
        const result = await service.search(request({ q, limit: 5 }));
        expect(result.hits[0]?.id, q).toBe(museum?.id);
      }
      const [chifeng] = await ctx.db.select().from(venues).where(eq(venues.name, '赤峰博物院'));
      expect((await service.search(request({ q: '赤峰博物馆', limit: 5 }))).hits[0]?.id).toBe(chifeng?.id);
    });

    it('follows create, update and delete through the outbox', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const id = await addVenue(ctx.db, '星空天文研学营', 'xingkong-tianwen');
      expect(await service.lag()).toBeGreaterThan(0);
      await service.drain();
      expect(await service.lag()).toBe(0);
      expect((await service.search(request({ q: '天文' }))).hits.map((h) => h.id)).toContain(id);
      await ctx.db.update(venues).set({ name: '银河科普营' }).where(eq(venues.id, id));
      await service.drain();
      expect((await service.search(request({ q: '天文' }))).hits.map((h) => h.id)).not.toContain(id);
      expect((await service.search(request({ q: 'yinhe' }))).hits.map((h) => h.id)).toContain(id);
      // Suspending takes it out of the public index; deleting keeps it out.
      await ctx.db.update(venues).set({ status: 'suspended' }).where(eq(venues.id, id));
      await service.drain();
      expect((await service.search(request({ q: '银河' }))).total).toBe(0);
      await ctx.db.update(venues).set({ status: 'published' }).where(eq(venues.id, id));
      await service.drain();
      expect((await service.search(request({ q: '银河' }))).total).toBe(1);
      await ctx.db.delete(venues).where(eq(venues.id, id));
      await service.drain();
      expect((await service.search(request({ q: '银河' }))).total).toBe(0);
      // A change rolled back leaves no trace in the index.
      await ctx.db
        .transaction(async (tx) => {
          await addVenue(tx, '回滚馆', 'huigun');
          throw new Error('roll back');
        })
        .catch(() => {});
      await service.drain();
      expect((await service.search(request({ q: '回滚' }))).total).toBe(0);
    });

    it('sends a venue through the outbox again on the day its free entry starts or ends, once (Meilisearch keeps the day it indexed)', async () => {
      let clock = new Date('2040-03-10T02:00:00Z');
      const inner = defaultIndex();
      const upserted: string[] = [];
      // The embedded index recomputes access itself; this one records what a Meilisearch index would be sent.
      const recording: CatalogueIndex = {
        engine: 'recording',
        upsert: async (docs) => {
          upserted.push(...docs.map((d) => d.id));
          return inner.upsert(docs);
        },
        delete: (refs) => inner.delete(refs),
        search: (req) => inner.search(req),
        stats: () => inner.stats(),
        rebuild: (source, options) => inner.rebuild(source, options),
      };
      const ending = await addVenue(ctx.db, '免费到三月十日馆', 'mianfei-ending');
      const starting = await addVenue(ctx.db, '三月十二日起免费馆', 'mianfei-starting');
      const lasting = await addVenue(ctx.db, '一直免费馆', 'mianfei-lasting');
      const free = { audience: 'primary' as const, kind: 'free' as const, status: 'active' as const };
      await ctx.db.insert(accessCommitments).values([
        { ...free, venueId: ending, validFrom: '2040-01-01', validTo: '2040-03-10' },
        { ...free, venueId: starting, validFrom: '2040-03-12' },
        { ...free, venueId: lasting, validFrom: '2040-01-01', validTo: '2040-12-31' },
        // Pending terms change nothing anyone sees.
        { ...free, venueId: lasting, validFrom: '2040-03-11', status: 'pending' as const },
      ]);
      const service = new SearchService(ctx.db, { index: recording, now: () => clock });
      await service.start();
      await service.drain();
      upserted.length = 0;
      // Same day: nothing to do.
      expect(await service.followAccessDays(clock)).toBe(0);
      // 11 March: the first venue's free entry has ended.
      clock = new Date('2040-03-11T00:05:00Z');
      expect(await service.followAccessDays(clock)).toBe(1);
      await service.drain();
      expect(upserted).toEqual([ending]);
      expect(await service.followAccessDays(clock)).toBe(0);
      // The server was down on the 12th: on the 13th the second venue's start is still caught.
      clock = new Date('2040-03-13T01:00:00Z');
      upserted.length = 0;
      expect(await service.followAccessDays(clock)).toBe(1);
      await service.drain();
      expect(upserted).toEqual([starting]);
      expect(await service.lag()).toBe(0);
    });

    it('catches up after a crash between commit and drain', async () => {
      const first = new SearchService(ctx.db);
      await first.start();
      const id = await addVenue(ctx.db, '断电恢复纪念馆', 'duandian');
      // The process dies here: committed, never drained. A new process builds and finds it.
      const second = new SearchService(ctx.db);
      await second.start();
      expect((await second.search(request({ q: '断电' }))).hits.map((h) => h.id)).toEqual([id]);

      // A drain that fails half way leaves the outbox position where it was; the next drain applies the change.
      const inner = defaultIndex();
      let failNext = false;
      const flaky: CatalogueIndex = {
        engine: 'flaky',
        upsert: async (docs: SearchDoc[]) => {
          if (failNext) {
            failNext = false;
            throw new Error('engine went away');
          }
          return inner.upsert(docs);
        },
        delete: (refs) => inner.delete(refs),
        search: (req) => inner.search(req),
        stats: () => inner.stats(),
        rebuild: (source, options) => inner.rebuild(source, options),
      };
      const third = new SearchService(ctx.db, { index: flaky });
      await third.start();
      await ctx.db.update(venues).set({ name: '断电恢复二号馆' }).where(eq(venues.id, id));
      failNext = true;
      await expect(third.drain()).rejects.toThrow('engine went away');
      expect(await third.lag()).toBeGreaterThan(0);
      await third.drain();
      expect(await third.lag()).toBe(0);
      expect((await third.search(request({ q: '二号' }))).hits.map((h) => h.id)).toEqual([id]);
    });

    it('keeps answering during a reindex, from the old index, then from the new one', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const before = await service.search(request({ q: '博物馆', limit: 10 }));
      expect(before.total).toBeGreaterThan(0);
      const rebuilding = service.rebuild();
      const during: number[] = [];
      let done = false;
      void rebuilding.then(() => {
        done = true;
      });
      while (!done) {
        const result = await service.search(request({ q: '博物馆', limit: 10 }));
        during.push(result.total);
        expect(result.complete).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await rebuilding;
      expect(during.length).toBeGreaterThan(0);
      expect(new Set(during)).toEqual(new Set([before.total]));
      expect((await service.search(request({ q: '博物馆', limit: 10 }))).hits).toEqual(before.hits);
    });

    it('answers from PostgreSQL, marked incomplete, when the index is not ready', async () => {
      const never = new EmbeddedIndex();
      never.rebuild = () => new Promise(() => {});
      const service = new SearchService(ctx.db, { index: never, readyWaitMs: 10 });
      const result = await service.search(request({ q: '内蒙古博物院', limit: 5 }));
      expect(result.complete).toBe(false);
      expect(result.engine).toBe('postgresql');
      const [museum] = await ctx.db
        .select({ id: venues.id })
        .from(venues)
        .where(and(eq(venues.name, '内蒙古博物院')));
      expect(result.hits[0]?.id).toBe(museum?.id);
    });

    it('filters and facet counts agree with SQL on the demo data', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const origin = { lat: 41.1, lng: 111.45 }; // 武川县
      const cases: Partial<SearchRequest>[] = [
        {},
        { filters: { region: '150100' } },
        { filters: { region: '150125', access: 'free' } },
        { filters: { type: 'museum', accessible: true } },
        { filters: { grade: 0 } },
        { filters: { grade: 8, access: 'discounted', language: 'zh' } },
        { filters: { language: 'mn', verified: true } },
        { filters: { theme: '红色教育', verified: false } },
        { q: '呼和浩特', filters: { access: 'free' } },
        { q: '纪念馆' },
        { near: origin, radiusKm: 80, sort: 'distance' },
        { near: origin, radiusKm: 150, sort: 'distance', filters: { access: 'free', grade: 5 } },
      ];
      for (const extra of cases) {
        const req = request({ ...extra, facets: true, limit: 1000 });
        const [mine, theirs] = await Promise.all([service.search(req), sqlSearch(ctx.db, req)]);
        const label = JSON.stringify(extra);
        expect(mine.total, label).toBe(theirs.total);
        expect(new Set(mine.hits.map((h) => h.id)), label).toEqual(new Set(theirs.hits.map((h) => h.id)));
        expect(mine.facets, label).toEqual(theirs.facets);
        if (extra.sort === 'distance') {
          // Same distances in the same order (venues placed at one seat tie, and ties may differ).
          for (const [i, hit] of mine.hits.entries()) {
            expect(hit.distanceKm).toBeCloseTo(theirs.hits[i]?.distanceKm as number, 6);
            if (i > 0) expect(hit.distanceKm).toBeGreaterThanOrEqual(mine.hits[i - 1]?.distanceKm as number);
          }
        }
      }
      const free: SearchFilters = { access: 'free' };
      expect((await service.search(request({ filters: free }))).total).toBeGreaterThan(0);
    });

    it('finds by the English words of the interface: venue types and regions, on the index and in SQL', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const ids = async (q: string) =>
        (await service.search(request({ q, limit: 1000 }))).hits.map((h) => h.id);
      const pairs: [string, string][] = [
        ['museum', '博物馆'],
        ['Science museum', '科技馆'],
        ['science', '科技馆'],
        ['library', '图书馆'],
        ['memorial', '纪念馆'],
        ['Hohhot', '呼和浩特'],
        ['Hohhot museums', '呼和浩特 博物馆'],
      ];
      for (const [english, chinese] of pairs) {
        const found = await ids(english);
        expect(found.length, english).toBeGreaterThan(0);
        expect(new Set(found), english).toEqual(new Set(await ids(chinese)));
      }
      // The engine that answers when the index is not ready reads the same Chinese.
      const never = new EmbeddedIndex();
      never.rebuild = () => new Promise(() => {});
      const fallback = new SearchService(ctx.db, { index: never, readyWaitMs: 10 });
      const sqlFound = await fallback.search(request({ q: 'science museum', limit: 1000 }));
      expect(sqlFound.engine).toBe('postgresql');
      expect(sqlFound.total).toBe((await sqlSearch(ctx.db, request({ q: '科技馆', limit: 1000 }))).total);
      expect(sqlFound.total).toBeGreaterThan(0);
    });

    it('the example queries on the page find venues, in both languages', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      for (const messages of [zhSearch, enSearch]) {
        const text = `${messages['search.emptyHint']} ${messages['search.qHint']}`;
        const examples = [
          ...[...text.matchAll(/["“]([^"”]+)["”]/g)].map((m) => m[1] as string),
          ...messages['search.qHint'].replace(/^(e\.g\.|如：)\s*/, '').split(/[,、]\s*/),
        ];
        expect(examples.length).toBeGreaterThan(1);
        for (const q of examples) expect((await service.search(request({ q }))).total, q).toBeGreaterThan(0);
      }
    });

    it('includes a venue exactly at the edge of the radius, as SQL does', async () => {
      const service = new SearchService(ctx.db);
      await service.start();
      const id = await addVenue(ctx.db, '边界测试馆', 'bianjie');
      await service.drain();
      const origin = { lat: 40.5, lng: 111.2 };
      const [row] = await queryRows<{ d: number }>(
        ctx.db,
        sql`select distance_km(${origin.lat}, ${origin.lng}, 40.85, 111.75) as d`,
      );
      const edge = Number(row?.d);
      const at = await service.search(request({ q: '边界', near: origin, radiusKm: edge }));
      expect(at.hits.map((h) => h.id)).toEqual([id]);
      const sqlAt = await sqlSearch(ctx.db, request({ q: '边界', near: origin, radiusKm: edge }));
      expect(sqlAt.hits.map((h) => h.id)).toEqual([id]);
      const inside = await service.search(request({ q: '边界', near: origin, radiusKm: edge - 0.001 }));
      expect(inside.total).toBe(0);
    });
  },
  { fixture: 'demo' },
);
