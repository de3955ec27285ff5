// npm run bench:search — a deterministic 100,000-venue catalogue; index build time, memory, and p50/p95/p99 of a
// mixed query set (text; text + filters; text + radius + distance sort; text + facet counts) for the embedded engine
// and for the PostgreSQL-only path, in one run; then the first search after a start with the demo data.
// Uses the PostgreSQL server named by BENCH_DATABASE_URL or TEST_DATABASE_URL (a fresh database), else PGlite.
// Options: --venues N (default 100000), --pg-queries N (default 200), --no-pg, --no-demo, --profile, --by-word.
// Cold figures: every term computed from the posting lists; warm: the term cache on. The targets judge cold.
import { cpus, loadavg } from 'node:os';
import { SingleBar } from 'cli-progress';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { getJieba } from '#app/domain/catalogue/slug.server.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { type DatabaseHandle, openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { themeWords, venueTypes } from '#db/schema/enums.ts';
import { accessCommitments, type Region, regions, venues } from '#db/schema/index.ts';
import { seedDemo } from '#db/seed/demo.ts';
import { Random } from '#db/seed/random.ts';
import { ensureRegions } from '#db/seed/regions.ts';
import { VENUE_TEMPLATES } from '#db/seed/vocabulary.ts';
import { EmbeddedIndex } from '#search/embedded.ts';
import { SearchService } from '#search/service.server.ts';
import { sqlSearch } from '#search/sql-search.server.ts';
import { loadSynonyms } from '#search/text.ts';
import type { SearchDoc, SearchRequest } from '#search/types.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const VENUES = option('--venues', 100_000);
const PG_QUERIES = option('--pg-queries', 200);
const QUERIES = 1000;

const FILLER = [
  '可接待学校团体参观学习',
  '设有互动体验区和研学课堂',
  '节假日另有公益开放活动',
  '展示草原生态与游牧文化',
  '馆内藏有恐龙化石和古生物标本',
  '开展非遗传承人进校园活动',
  '为中小学生提供科学探究课程',
  '讲述革命先辈的英雄事迹',
  '配备专业讲解员和蒙古语讲解',
  '是自治区级爱国主义教育基地',
];
const SUFFIXES = ['', '分馆', '新馆', '展示中心', '实践站', '第二展区'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** The catalogue: deterministic names, ~90-character descriptions, facets and coordinates. */
function generate(allRegions: Region[]) {
  const random = new Random(20261129);
  const counties = allRegions.filter((r) => r.level === 'county' && r.lat !== null);
  const byCode = new Map(allRegions.map((r) => [r.code, r]));
  const docs: SearchDoc[] = [];
  const rows: (typeof venues.$inferInsert)[] = [];
  const commitments: (typeof accessCommitments.$inferInsert)[] = [];
  for (let i = 0; i < VENUES; i++) {
    const county = counties[i % counties.length] as Region;
    const prefecture = byCode.get(`${county.code.slice(0, 4)}00`) as Region;
    const type = venueTypes[
      (i * 7 + Math.floor(i / counties.length)) % venueTypes.length
    ] as (typeof venueTypes)[number];
    const template = VENUE_TEMPLATES[type];
    const place = random.chance(0.3) ? prefecture.name.replace(/市|盟$/, '') : county.name;
    const name = `${random.pick(template.names).replace('{place}', place)}${random.pick(SUFFIXES)}${i}`;
    const description = `${name}${template.sentence.replace('{region}', county.name)}，${random.pick(FILLER)}，${random.pick(FILLER)}。`;
    const point = random.near(county.lat as number, county.lng as number, 25);
    const themes = [...template.themes.slice(0, 2), random.pick([...themeWords])];
    const grades = Array.from(
      { length: template.grades[1] - template.grades[0] + 1 },
      (_, g) => template.grades[0] + g,
    );
    const languages: ('zh' | 'mn')[] = random.chance(0.2) ? ['zh', 'mn'] : ['zh'];
    const accessible = random.chance(0.5);
    const verifiedAt = random.chance(0.85) ? new Date(Date.now() - random.int(1, 500) * 86_400_000) : null;
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const kind: 'free' | 'percent_off' | null = random.chance(0.55)
      ? 'free'
      : random.chance(0.5)
        ? 'percent_off'
        : null;
    const terms = kind
      ? (['primary', 'junior'] as const).map((audience, n) => ({
          id: `00000000-0000-4000-9000-${(i * 2 + n).toString(16).padStart(12, '0')}`,
          audience,
          kind,
          percentOff: kind === 'percent_off' ? 50 : null,
          fixedPrice: null,
          validFrom: '2025-01-01',
          validTo: null,
          status: 'active' as const,
        }))
      : [];
    docs.push({
      kind: 'venue',
      id,
      name,
      labels: [type, ...themes],
      place: `${prefecture.name} ${county.name}`,
      address: `${county.name}人民路${i % 200}号`,
      description,
      type,
      regionCode: county.code,
      serviceRegionCodes: [],
      themes,
      grades,
      languages,
      accessible,
      commitments: terms,
      verifiedAt: verifiedAt?.getTime() ?? null,
      lat: point.lat,
      lng: point.lng,
    });
    rows.push({
      id,
      slug: `bench-${i}`,
      name,
      type,
      regionCode: county.code,
      address: `${county.name}人民路${i % 200}号`,
      lat: point.lat,
      lng: point.lng,
      description,
      themes,
      grades,
      languages,
      accessible,
      verifiedAt,
      status: 'published',
      source: 'bench',
    });
    for (const term of terms) commitments.push({ ...term, venueId: id });
  }
  return { docs, rows, commitments, counties };
}

/** 1,000 queries, a quarter of each kind, the same every run. */
function querySet(counties: Region[]): SearchRequest[] {
  const random = new Random(7);
  const words = [
    '博物馆',
    '科技馆',
    '恐龙',
    '非遗',
    '小学',
    '红色教育基地',
    '图书馆',
    '草原文化',
    '呼和浩特 博物馆',
    '纪念馆',
    '研学',
    'bowuguan',
    'kejiguan',
    'tushuguan',
    '青少年宫',
    '劳动教育',
    '美术馆',
    '鄂尔多斯',
    '包头 科技馆',
    '民俗',
  ];
  const now = new Date();
  const day = shanghaiDay(now);
  const base = (q: string): SearchRequest => ({
    kind: 'venue',
    q,
    filters: {},
    sort: 'relevance',
    offset: 0,
    limit: 20,
    facets: false,
    day,
    now,
  });
  const out: SearchRequest[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = random.pick(words);
    const county = random.pick(counties);
    switch (i % 4) {
      case 0:
        out.push(base(q));
        break;
      case 1:
        out.push({
          ...base(q),
          filters: { access: 'free', grade: random.int(1, 9), accessible: random.chance(0.5) || undefined },
        });
        break;
      case 2:
        out.push({
          ...base(q),
          near: { lat: county.lat as number, lng: county.lng as number },
          radiusKm: 50,
          sort: 'distance',
        });
        break;
      default:
        out.push({ ...base(q), facets: true });
    }
  }
  return out;
}

async function openBenchDatabase(): Promise<{
  handle: DatabaseHandle;
  drop: () => Promise<void>;
  label: string;
}> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) {
    const handle = await openDatabase({ memory: true });
    return { handle, drop: () => handle.close(), label: 'PGlite (in memory, one process)' };
  }
  const name = `sc_bench_${Date.now()}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 4 });
  return {
    handle,
    label: 'PostgreSQL server over loopback',
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** --profile: a CPU profile of the embedded queries only, as self times per function. */
async function startProfile(): Promise<() => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)?.callFrame;
      const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.split('/').pop()}:${frame?.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
      console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
    session.disconnect();
  };
}

/** Heap and ArrayBuffer memory after a collection (typed arrays keep their contents outside the heap). */
function heapMb(): { heap: number; buffers: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 1024 / 1024, buffers: usage.arrayBuffers / 1024 / 1024 };
}

async function main() {
  console.log(
    `Search benchmark: ${VENUES.toLocaleString('en')} venues, ${QUERIES} mixed queries (node ${process.version})`,
  );
  const { handle, drop, label } = await openBenchDatabase();
  try {
    await migrateDatabase(handle);
    await ensureRegions(handle.db);
    const allRegions = await handle.db.select().from(regions);
    const data = generate(allRegions);
    const queries = querySet(data.counties);

    // ---- Embedded engine
    const segment = (text: string) => getJieba().cut(text, false);
    segment('预热');
    const before = heapMb();
    const options = { synonyms: loadSynonyms(), segment, cache: true };
    const index = new EmbeddedIndex(options);
    const buildStart = performance.now();
    // As the server builds it at start: a rebuild from batches of 2,000 (catalogueSource's size).
    async function* batches() {
      for (let i = 0; i < data.docs.length; i += 2000) yield data.docs.slice(i, i + 2000);
    }
    await index.rebuild({ total: data.docs.length, batches: batches() });
    const buildMs = performance.now() - buildStart;
    const after = heapMb();
    const memoryMb = after.heap - before.heap;
    const buffersMb = after.buffers - before.buffers;
    for (const q of queries.slice(0, 50)) index.searchNow(q); // warm-up
    const profiling = args.includes('--profile') ? await startProfile() : null;
    // Cold: every query computed from the postings. Warm: recent terms answered from the term cache.
    const run = () => {
      const wall: number[] = [];
      const cpuTimes: number[] = [];
      const perKind: number[][] = [[], [], [], []];
      const perWord = new Map<string, number[]>();
      for (const [i, q] of queries.entries()) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        index.searchNow(q);
        const ms = performance.now() - t0;
        const used = process.cpuUsage(c0);
        wall.push(ms);
        cpuTimes.push((used.user + used.system) / 1000);
        perKind[i % 4]?.push(ms);
        const word = perWord.get(q.q ?? '') ?? [];
        word.push(ms);
        perWord.set(q.q ?? '', word);
      }
      return { wall: summary(wall), cpu: summary(cpuTimes), perKind, perWord };
    };
    options.cache = false;
    const cold = run();
    options.cache = true;
    for (const q of queries.slice(0, 50)) index.searchNow(q);
    const warm = run();
    if (profiling) await profiling();
    const embedded = warm.wall;
    console.log(`machine load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
    const line = (label: string, r: ReturnType<typeof run>) =>
      console.log(
        `embedded ${label}: wall p50 ${r.wall.p50.toFixed(2)} / p95 ${r.wall.p95.toFixed(2)} / p99 ${r.wall.p99.toFixed(2)} ms; ` +
          `CPU p50 ${r.cpu.p50.toFixed(2)} / p95 ${r.cpu.p95.toFixed(2)} ms`,
      );
    console.log(
      `embedded: build ${(buildMs / 1000).toFixed(1)} s, heap +${memoryMb.toFixed(0)} MB, ` +
        `array buffers +${buffersMb.toFixed(0)} MB`,
    );
    line('cold (no term cache)', cold);
    line('warm (term cache)', warm);
    const kinds = ['text', 'text + filters', 'text + radius + distance', 'text + facets'];
    for (const [i, kind] of kinds.entries()) {
      const c = summary(cold.perKind[i] ?? []);
      const w = summary(warm.perKind[i] ?? []);
      console.log(
        `  ${kind.padEnd(26)} cold p50 ${c.p50.toFixed(2)} / p95 ${c.p95.toFixed(2)} ms; ` +
          `warm p50 ${w.p50.toFixed(2)} / p95 ${w.p95.toFixed(2)} ms`,
      );
    }
    // --by-word: which query words set the tail (wall times, all four kinds together).
    if (args.includes('--by-word'))
      for (const [word, times] of [...cold.perWord].sort((a, b) => summary(b[1]).p50 - summary(a[1]).p50)) {
        const c = summary(times);
        const w = summary(warm.perWord.get(word) ?? []);
        console.log(
          `  ${word.padEnd(14)} ${String(times.length).padStart(3)} queries: cold p50 ${c.p50.toFixed(2)} / ` +
            `max ${Math.max(...times).toFixed(2)} ms; warm p50 ${w.p50.toFixed(2)} ms`,
        );
      }

    if (args.includes('--no-pg')) return;
    // ---- PostgreSQL path (same data, same queries)
    const bar = new SingleBar({
      format: `Loading ${label} |{bar}| {value}/{total} venues`,
      hideCursor: true,
    });
    bar.start(data.rows.length, 0);
    const loadStart = performance.now();
    await handle.db.execute(sql`alter table venues disable trigger venues_search_outbox`);
    await handle.db.execute(
      sql`alter table access_commitments disable trigger access_commitments_search_outbox`,
    );
    for (let i = 0; i < data.rows.length; i += 2000) {
      await handle.db.insert(venues).values(data.rows.slice(i, i + 2000));
      bar.update(Math.min(data.rows.length, i + 2000));
    }
    for (let i = 0; i < data.commitments.length; i += 4000)
      await handle.db.insert(accessCommitments).values(data.commitments.slice(i, i + 4000));
    await handle.db.execute(sql`alter table venues enable trigger venues_search_outbox`);
    await handle.db.execute(
      sql`alter table access_commitments enable trigger access_commitments_search_outbox`,
    );
    await handle.db.execute(sql`analyze`);
    bar.stop();
    const loadMs = performance.now() - loadStart;
    const pgQueries = queries
      .filter((_, i) => i % Math.max(1, Math.floor(QUERIES / PG_QUERIES)) < 1)
      .slice(0, PG_QUERIES);
    for (const q of pgQueries.slice(0, 4)) await sqlSearch(handle.db, q); // warm-up
    const pgTimes: number[] = [];
    const pgBar = new SingleBar({ format: 'PostgreSQL queries |{bar}| {value}/{total}', hideCursor: true });
    pgBar.start(pgQueries.length, 0);
    for (const q of pgQueries) {
      const t0 = performance.now();
      await sqlSearch(handle.db, q);
      pgTimes.push(performance.now() - t0);
      pgBar.increment();
    }
    pgBar.stop();
    const pg = summary(pgTimes);
    console.log(
      `postgresql (${label}): load ${(loadMs / 1000).toFixed(1)} s, ${pgQueries.length} of the same queries, ` +
        `p50 ${pg.p50.toFixed(2)} / p95 ${pg.p95.toFixed(2)} / p99 ${pg.p99.toFixed(2)} ms`,
    );
    // The cold figure is the one judged: the term cache is dropped on every change the drainer applies.
    const ratio = pg.p95 / cold.wall.p95;
    console.log(
      `targets (cold): embedded p95 ≤ 10 ms: ${cold.wall.p95 <= 10 ? 'met' : 'MISSED'} (${cold.wall.p95.toFixed(2)} ms); ` +
        `≤ 1/5 of the PostgreSQL p95: ${ratio >= 5 ? 'met' : 'MISSED'} (${ratio.toFixed(1)}×); ` +
        `warm: p95 ${embedded.p95.toFixed(2)} ms, ${(pg.p95 / embedded.p95).toFixed(1)}× faster than PostgreSQL`,
    );
  } finally {
    await drop();
  }

  // ---- First search after a start with the demo data
  if (!args.includes('--no-demo')) {
    const demo = await openDatabase({ memory: true });
    try {
      await migrateDatabase(demo);
      await ensureRegions(demo.db);
      await seedDemo(demo.db, { now: new Date() });
      const t0 = performance.now();
      const service = new SearchService(demo.db);
      void service.start();
      const first = await service.search({
        kind: 'venue',
        q: '科技馆',
        filters: {},
        sort: 'relevance',
        offset: 0,
        limit: 20,
        facets: true,
        day: shanghaiDay(new Date()),
        now: new Date(),
      });
      const ms = performance.now() - t0;
      console.log(
        `first search after a start with the demo data: ${ms.toFixed(0)} ms (${first.engine}, ${first.total} hits) — ` +
          `target < 2000 ms: ${ms < 2000 ? 'met' : 'MISSED'}`,
      );
    } finally {
      await demo.close();
    }
  }
}

await main();
process.exit(0);
