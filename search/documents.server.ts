// Reads search documents from PostgreSQL, the source of truth: published venues and speakers only. A speaker's
// document holds the seat of their 旗县 as its place, never their home, and nothing of their contact details.
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { isLocationUnknown } from '#app/domain/catalogue/placement.ts';
import { publicSpeakerColumns } from '#app/domain/speakers/speakers.server.ts';
import { getT } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import {
  accessCommitments,
  programs,
  type Region,
  regions,
  speakers,
  speakerTopics,
  venues,
} from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import type { DocKind, DocSource, SearchDoc } from './types.ts';

const zh = getT('zh');

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

async function regionMap(db: Database): Promise<Map<string, Region>> {
  const rows = await db.select().from(regions);
  return new Map(rows.map((r) => [r.code, r]));
}

function placeOf(byCode: Map<string, Region>, code: string): { place: string; seat: Region | undefined } {
  const region = byCode.get(code);
  const prefecture = byCode.get(`${code.slice(0, 4)}00`);
  const names = [prefecture?.name, region && region.code !== prefecture?.code ? region.name : undefined];
  return { place: names.filter(Boolean).join(' '), seat: region };
}

/** Venue documents for these ids (all published venues when none are given). */
export async function venueDocs(
  db: Database,
  options: { ids?: string[]; after?: string; limit?: number; regionsByCode?: Map<string, Region> } = {},
): Promise<SearchDoc[]> {
  const byCode = options.regionsByCode ?? (await regionMap(db));
  const conditions = [eq(venues.status, 'published')];
  if (options.ids) conditions.push(inArray(venues.id, options.ids));
  if (options.after) conditions.push(gt(venues.id, options.after));
  let query = db
    .select({
      id: venues.id,
      name: venues.name,
      type: venues.type,
      regionCode: venues.regionCode,
      address: venues.address,
      description: venues.description,
      themes: venues.themes,
      grades: venues.grades,
      languages: venues.languages,
      accessible: venues.accessible,
      verifiedAt: venues.verifiedAt,
      lat: venues.lat,
      lng: venues.lng,
      locationApproximate: venues.locationApproximate,
    })
    .from(venues)
    .where(and(...conditions))
    .orderBy(asc(venues.id))
    .$dynamic();
  if (options.limit) query = query.limit(options.limit);
  const rows = await query;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [programRows, commitmentRows] = await Promise.all([
    db
      .select({
        venueId: programs.venueId,
        title: programs.title,
        grades: programs.grades,
        language: programs.language,
      })
      .from(programs)
      .where(and(inArray(programs.venueId, ids), eq(programs.active, true))),
    db
      .select({
        venueId: accessCommitments.venueId,
        id: accessCommitments.id,
        audience: accessCommitments.audience,
        kind: accessCommitments.kind,
        percentOff: accessCommitments.percentOff,
        fixedPrice: accessCommitments.fixedPrice,
        validFrom: accessCommitments.validFrom,
        validTo: accessCommitments.validTo,
        status: accessCommitments.status,
      })
      .from(accessCommitments)
      .where(and(inArray(accessCommitments.venueId, ids), eq(accessCommitments.status, 'active'))),
  ]);
  const programsOf = groupBy(programRows, (p) => p.venueId);
  const commitmentsOf = groupBy(commitmentRows, (c) => c.venueId);
  return rows.map((row) => {
    const list = programsOf.get(row.id) ?? [];
    const { place } = placeOf(byCode, row.regionCode);
    return {
      kind: 'venue',
      id: row.id,
      name: row.name,
      labels: [zh(`venueType.${row.type}`), ...row.themes, ...list.map((p) => p.title)],
      place,
      address: row.address,
      description: row.description,
      type: row.type,
      regionCode: row.regionCode,
      serviceRegionCodes: [],
      themes: row.themes,
      grades: [...new Set([...row.grades, ...list.flatMap((p) => p.grades)])].sort((a, b) => a - b),
      languages: row.languages,
      accessible: row.accessible,
      commitments: (commitmentsOf.get(row.id) ?? []).map(({ venueId: _v, ...terms }) => terms),
      verifiedAt: row.verifiedAt ? row.verifiedAt.getTime() : null,
      // A venue whose place is unknown has no point to measure a distance from (ADR 018).
      ...(isLocationUnknown(row) ? { lat: null, lng: null } : { lat: row.lat, lng: row.lng }),
    } satisfies SearchDoc;
  });
}

/** Speaker documents for these ids (all published speakers when none are given). */
export async function speakerDocs(
  db: Database,
  options: { ids?: string[]; after?: string; limit?: number; regionsByCode?: Map<string, Region> } = {},
): Promise<SearchDoc[]> {
  const byCode = options.regionsByCode ?? (await regionMap(db));
  const conditions = [eq(speakers.status, 'published')];
  if (options.ids) conditions.push(inArray(speakers.id, options.ids));
  if (options.after) conditions.push(gt(speakers.id, options.after));
  let query = db
    .select({ ...publicSpeakerColumns, verifiedAt: speakers.verifiedAt })
    .from(speakers)
    .where(and(...conditions))
    .orderBy(asc(speakers.id))
    .$dynamic();
  if (options.limit) query = query.limit(options.limit);
  const rows = await query;
  if (rows.length === 0) return [];
  const topicRows = await db
    .select({
      speakerId: speakerTopics.speakerId,
      title: speakerTopics.title,
      summary: speakerTopics.summary,
      themes: speakerTopics.themes,
      grades: speakerTopics.grades,
    })
    .from(speakerTopics)
    .where(
      and(
        inArray(
          speakerTopics.speakerId,
          rows.map((r) => r.id),
        ),
        eq(speakerTopics.active, true),
      ),
    );
  const topicsOf = groupBy(topicRows, (t) => t.speakerId);
  return rows.map((row) => {
    const topics = topicsOf.get(row.id) ?? [];
    const { place, seat } = placeOf(byCode, row.regionCode);
    const themes = [...new Set(topics.flatMap((t) => t.themes))];
    return {
      kind: 'speaker',
      id: row.id,
      name: row.displayName,
      labels: [zh(`speakerCategory.${row.category}`), row.title, ...topics.map((t) => t.title), ...themes],
      place,
      address: '',
      description: [row.bio, ...topics.map((t) => t.summary)].join(' '),
      type: row.category,
      regionCode: row.regionCode,
      serviceRegionCodes: row.serviceRegionCodes,
      themes,
      grades: [...new Set(topics.flatMap((t) => t.grades))].sort((a, b) => a - b),
      languages: row.languages,
      accessible: false,
      commitments: [],
      verifiedAt: row.verifiedAt ? row.verifiedAt.getTime() : null,
      // A place needs both coordinates (a region or school may lack one).
      lat: seat?.lat != null && seat.lng != null ? seat.lat : null,
      lng: seat?.lat != null && seat.lng != null ? seat.lng : null,
    } satisfies SearchDoc;
  });
}

/** Documents of these entities as they are now; the ids not returned are gone (or no longer published). */
export function docsFor(db: Database, kind: DocKind, ids: string[]): Promise<SearchDoc[]> {
  return kind === 'venue' ? venueDocs(db, { ids }) : speakerDocs(db, { ids });
}

/** Every published venue and speaker, in batches (keyset pages, so a big catalogue streams). */
export async function catalogueSource(db: Database, batchSize = 2000): Promise<DocSource> {
  const [[v], [s]] = await Promise.all([
    db.select({ n: count() }).from(venues).where(eq(venues.status, 'published')),
    db.select({ n: count() }).from(speakers).where(eq(speakers.status, 'published')),
  ]);
  const regionsByCode = await regionMap(db);
  async function* batches(): AsyncGenerator<SearchDoc[]> {
    for (const load of [venueDocs, speakerDocs]) {
      let after: string | undefined;
      for (;;) {
        const batch = await load(db, { after, limit: batchSize, regionsByCode });
        if (batch.length === 0) break;
        yield batch;
        after = batch[batch.length - 1]?.id;
        if (batch.length < batchSize) break;
      }
    }
  }
  return { total: (v?.n ?? 0) + (s?.n ?? 0), batches: batches() };
}

/**
 * Queues an upsert of every venue whose pupils' access differs between day `after` and day `through` (YYYY-MM-DD,
 * Beijing): an active commitment that comes into force after `after` and by `through`, or that was last in force on a
 * day from `after` to the day before `through`. Returns how many venues were queued.
 */
export async function queueAccessChanges(db: Database, after: string, through: string): Promise<number> {
  const rows = await queryRows<{ entity_id: string }>(
    db,
    sql`insert into search_outbox (entity_type, entity_id, op)
      select distinct 'venue', venue_id, 'upsert' from access_commitments
      where status = 'active'
        and ((valid_from > ${after}::date and valid_from <= ${through}::date)
          or (valid_to >= ${after}::date and valid_to < ${through}::date))
      returning entity_id`,
  );
  return rows.length;
}
