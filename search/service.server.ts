// The search service of one database: the index in use, the outbox drainer that keeps it current, and the
// PostgreSQL-only fallback for when the index is not ready or its engine fails.
import { sql } from 'drizzle-orm';
import { getJieba } from '#app/domain/catalogue/slug.server.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { regions } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { catalogueSource, docsFor, queueAccessChanges } from './documents.server.ts';
import { EmbeddedIndex } from './embedded.ts';
import { englishTerms, englishToChinese } from './english.ts';
import { sqlSearch } from './sql-search.server.ts';
import { loadSynonyms, parseQuery, reloadSynonyms } from './text.ts';
import {
  type CatalogueIndex,
  type DocKind,
  type Facets,
  facetNames,
  type RebuildOptions,
  type SearchRequest,
  type SearchResponse,
} from './types.ts';

export type IndexState = 'empty' | 'building' | 'ready' | 'failed';

export interface SearchServiceOptions {
  index?: CatalogueIndex;
  /** How long a search waits for the first build before it answers from PostgreSQL alone. */
  readyWaitMs?: number;
  /** How long an outbox id may stay missing (an open transaction) before it counts as rolled back. */
  gapTimeoutMs?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The clock of the day the index's documents are stamped with (followAccessDays); the system's by default. */
  now?: () => Date;
}

interface OutboxRow extends Record<string, unknown> {
  id: string | number;
  entity_type: DocKind;
  entity_id: string;
}

const DRAIN_BATCH = 1000;

export function defaultIndex(): EmbeddedIndex {
  // The synonyms are read again at every rebuild (start, SIGHUP): the group lists are built from them.
  return new EmbeddedIndex({ synonyms: reloadSynonyms, segment: (text) => getJieba().cut(text, false) });
}

export class SearchService {
  readonly index: CatalogueIndex;
  state: IndexState = 'empty';
  private building: Promise<void> | null = null;
  /** Highest outbox id applied; ids below it that were missing when seen (open transactions) wait in `gaps`. */
  private cursor = 0;
  private readonly gaps = new Map<number, number>();
  private draining: Promise<number> | null = null;
  private lastDrain = 0;
  /** English type and region words to Chinese (region names read once from PostgreSQL). */
  private english: Promise<(query: string) => string> | null = null;
  /** The Beijing day whose pupils' access the index's documents carry (set by a build, moved by followAccessDays). */
  private accessDay: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.index = options.index ?? defaultIndex();
  }

  /** Builds the index once (later calls wait for the same build). */
  start(): Promise<void> {
    this.building ??= this.rebuild().catch((error) => {
      this.state = 'failed';
      this.building = null;
      this.options.log?.error({ err: error }, 'search index build failed');
      throw error;
    });
    return this.building;
  }

  /**
   * Builds a fresh index from PostgreSQL and swaps it in; searches keep answering from the old index meanwhile.
   * The outbox position is read before the documents, so changes made during the build are applied afterwards.
   */
  async rebuild(options: RebuildOptions = {}): Promise<void> {
    if (this.state !== 'ready') this.state = 'building';
    const day = shanghaiDay(this.now());
    const mark = await this.outboxMark();
    const source = await catalogueSource(this.db);
    await this.index.rebuild(source, options);
    this.cursor = Math.max(this.cursor, mark.max);
    for (const id of mark.open) if (!this.gaps.has(id)) this.gaps.set(id, Date.now());
    // A build stamps every document as of the day it began; a day that turned during it is caught by the next
    // followAccessDays.
    this.accessDay = day;
    this.state = 'ready';
    await this.drain();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Sends again through the outbox the venues whose pupils' access changed since the day the index was stamped with
   * (a commitment came into force or ran out): Meilisearch keeps each document's `access` as of the day it was written
   * (the embedded index recomputes it itself, and takes the extra upserts as no-ops). Run by the scheduler; returns how
   * many venues were queued.
   */
  async followAccessDays(now: Date): Promise<number> {
    const day = shanghaiDay(now);
    const since = this.accessDay;
    if (since === null || day <= since) return 0;
    const queued = await queueAccessChanges(this.db, since, day);
    this.accessDay = day;
    return queued;
  }

  /** The newest outbox id, and the ids just below it that are missing (transactions still open). */
  private async outboxMark(): Promise<{ max: number; open: number[] }> {
    const [row] = await queryRows<{ max: string | number | null }>(
      this.db,
      sql`select max(id) as max from search_outbox`,
    );
    const max = Number(row?.max ?? 0);
    if (max === 0) return { max, open: [] };
    const recent = await queryRows<{ id: string | number }>(
      this.db,
      sql`select id from search_outbox where id > ${max - 200} order by id`,
    );
    const present = new Set(recent.map((r) => Number(r.id)));
    const open: number[] = [];
    for (let id = Math.max(1, max - 200); id < max; id++) if (!present.has(id)) open.push(id);
    return { max, open };
  }

  /** Applies the outbox rows not applied yet; returns how many. Safe to call at any time, and concurrently. */
  drain(): Promise<number> {
    if (this.state !== 'ready') return Promise.resolve(0);
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    let applied = 0;
    for (;;) {
      const now = Date.now();
      for (const [id, seen] of this.gaps)
        if (now - seen > (this.options.gapTimeoutMs ?? 300_000)) this.gaps.delete(id);
      const gapIds = [...this.gaps.keys()];
      const rows = await queryRows<OutboxRow>(
        this.db,
        gapIds.length
          ? sql`select id, entity_type, entity_id from search_outbox
              where id > ${this.cursor} or id in (${sql.join(
                gapIds.map((id) => sql`${id}`),
                sql`, `,
              )})
              order by id limit ${DRAIN_BATCH}`
          : sql`select id, entity_type, entity_id from search_outbox
              where id > ${this.cursor} order by id limit ${DRAIN_BATCH}`,
      );
      if (rows.length === 0) break;
      const byKind = new Map<DocKind, Set<string>>([
        ['venue', new Set()],
        ['speaker', new Set()],
      ]);
      for (const row of rows) byKind.get(row.entity_type)?.add(row.entity_id);
      for (const [kind, ids] of byKind) {
        if (ids.size === 0) continue;
        const docs = await docsFor(this.db, kind, [...ids]);
        const found = new Set(docs.map((d) => d.id));
        await this.index.upsert(docs);
        await this.index.delete([...ids].filter((id) => !found.has(id)).map((id) => ({ kind, id })));
      }
      // Only now, with every change applied, move the cursor (a failure above leaves it for the next drain).
      let expected = this.cursor + 1;
      for (const row of rows) {
        const id = Number(row.id);
        this.gaps.delete(id);
        if (id > this.cursor) {
          for (let missing = expected; missing < id; missing++) this.gaps.set(missing, now);
          expected = id + 1;
          this.cursor = id;
        }
      }
      applied += rows.length;
      if (rows.length < DRAIN_BATCH) break;
    }
    this.lastDrain = Date.now();
    if (applied > 0) {
      await this.db.execute(
        sql`update search_outbox set processed_at = now() where processed_at is null and id <= ${this.cursor}`,
      );
    }
    return applied;
  }

  /** The outbox rows not applied yet (for /healthz and tests). */
  async lag(): Promise<number> {
    const [row] = await queryRows<{ n: string | number }>(
      this.db,
      sql`select count(*) as n from search_outbox where id > ${this.cursor}`,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Searches the index; applies waiting outbox rows first (at most once a second), and answers from PostgreSQL
   * alone (marked incomplete) when the index is not ready in time or its engine fails.
   */
  async search(asked: SearchRequest): Promise<SearchResponse> {
    if (onlySymbols(asked.q)) return nothingFound(asked);
    const request = await this.inChinese(asked);
    if (this.state !== 'ready') {
      void this.start().catch(() => {});
      const wait = this.options.readyWaitMs ?? 1500;
      await Promise.race([
        this.building?.catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, wait).unref()),
      ]);
    }
    if (this.state === 'ready') {
      try {
        if (Date.now() - this.lastDrain > 1000) await this.drain();
        return await this.index.search(request);
      } catch (error) {
        this.options.log?.warn({ err: error }, 'search engine failed; answering from PostgreSQL');
      }
    }
    return sqlSearch(this.db, request);
  }

  /** The request with the English words of its query written in Chinese, so that every engine reads the same. */
  private async inChinese(request: SearchRequest): Promise<SearchRequest> {
    if (!request.q || !/[a-z]/i.test(request.q)) return request;
    this.english ??= this.db
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .then((rows) => englishToChinese(englishTerms(new Map(rows.map((r) => [r.code, r.name])))))
      .catch((error) => {
        this.english = null;
        throw error;
      });
    const q = (await this.english)(request.q);
    return q === request.q ? request : { ...request, q };
  }
}

/**
 * Text typed but no word in it (%, _, \, punctuation): every engine drops the symbols and would list everything, as if
 * nothing had been typed. Nothing is what matches it.
 */
function onlySymbols(q: string | undefined): boolean {
  return q !== undefined && q.trim() !== '' && parseQuery(q, { synonyms: loadSynonyms() }).terms.length === 0;
}

function nothingFound(request: SearchRequest): SearchResponse {
  const facets = Object.fromEntries(facetNames.map((name) => [name, {}])) as Facets;
  return { hits: [], total: 0, ...(request.facets ? { facets } : {}), complete: true, engine: 'none' };
}

const services = new WeakMap<Database, SearchService>();

/** The search service of a database, made on first use (one per server process and database). */
export function searchFor(db: Database, options?: SearchServiceOptions): SearchService {
  let service = services.get(db);
  if (!service) {
    service = new SearchService(db, options);
    services.set(db, service);
  }
  return service;
}

/** Replaces the service of a database (tests, and the Meilisearch configuration at start). */
export function setSearchService(db: Database, service: SearchService): void {
  services.set(db, service);
}
