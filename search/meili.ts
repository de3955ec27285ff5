// The Meilisearch engine, through the official client, used when MEILI_URL is set. Settings are compared and only
// the difference is sent; filter values are escaped; every task is awaited and a failed task is raised. Search
// answers ids; the records come from PostgreSQL as with the embedded engine.
import { type EnqueuedTaskPromise, Meilisearch, type Settings, type Task } from 'meilisearch';
import { overdueBefore } from '#app/domain/bureau/overdue.ts';
import { accessKind } from '#app/domain/commitments/pricing.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { hasCjk, pinyinForms, type SynonymGroups, synonymForm } from './text.ts';
import {
  type CatalogueIndex,
  type DocKind,
  type DocSource,
  type Facets,
  facetNames,
  type IndexStats,
  prefectureOf,
  type RebuildOptions,
  type SearchDoc,
  type SearchRequest,
  type SearchResponse,
} from './types.ts';

export class MeiliTaskError extends Error {
  constructor(readonly task: Task) {
    super(
      `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}`,
    );
  }
}

/** Awaits a task to its end; anything but success is an error. */
export async function settle(promise: EnqueuedTaskPromise, timeout = 60_000): Promise<Task> {
  const task = await promise.waitTask({ timeout, interval: 50 });
  if (task.status !== 'succeeded') throw new MeiliTaskError(task);
  return task;
}

/** A filter value as Meilisearch's filter syntax wants it: double-quoted, with `"` and `\` escaped. */
export function quote(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Synonyms go both ways (every phrase of a group to all the others). Meilisearch's exactness rule reads only the words
 * typed, never their synonyms: on its own it would put a name that merely starts with 赤峰博物馆 (or holds it word for
 * word in a longer name) before 赤峰博物院, the name a teacher means. So the documents carry `nameCanonical` (the name
 * with each Chinese synonym phrase written as the first of its group) right after the name, and `MeiliIndex.search`
 * sends the query written the same way: the name equal to the query up to synonyms is then an exact attribute.
 */
export function desiredSettings(synonyms: SynonymGroups): Settings {
  const map: Record<string, string[]> = {};
  for (const group of synonyms) for (const word of group) map[word] = group.filter((w) => w !== word);
  return {
    searchableAttributes: [
      'name',
      'nameCanonical',
      'namePinyin',
      'nameInitials',
      'labels',
      'place',
      'address',
      'description',
    ],
    filterableAttributes: [
      'kind',
      'entityId',
      'type',
      'regionCodes',
      'themes',
      'grades',
      'languages',
      'accessible',
      'verifiedAt',
      'access',
      '_geo',
    ],
    sortableAttributes: ['nameKey', '_geo'],
    synonyms: map,
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...value].map(canonical).sort());
  if (value && typeof value === 'object')
    return JSON.stringify(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return JSON.stringify(value);
}

/** The settings that differ from what the index has (only these are sent). */
export function settingsDiff(current: Settings, desired: Settings): Settings {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (canonical((current as Record<string, unknown>)[key]) !== canonical(value)) diff[key] = value;
  }
  return diff as Settings;
}

interface MeiliDoc {
  id: string;
  kind: DocKind;
  entityId: string;
  name: string;
  /** The name with each Chinese synonym phrase written as the first of its group (see desiredSettings). */
  nameCanonical: string;
  namePinyin: string;
  nameInitials: string;
  nameKey: string;
  labels: string[];
  place: string;
  address: string;
  description: string;
  type: string;
  regionCodes: string[];
  themes: string[];
  grades: number[];
  languages: string[];
  accessible: boolean;
  verifiedAt: number | null;
  /** Access as of the day the document was written (the drainer refreshes documents as commitments change). */
  access: string;
  _geo?: { lat: number; lng: number };
}

/** Chinese synonym phrases written as the first of their group (Latin ones stay as typed, as parseQuery has them). */
export function canonicalForm(synonyms: SynonymGroups): (text: string) => string {
  return synonymForm(synonyms.map((group) => group.filter(hasCjk)).filter((group) => group.length > 1));
}

export function toMeiliDoc(
  doc: SearchDoc,
  day: string,
  canonical: (text: string) => string = (text) => text,
): MeiliDoc {
  const pinyin = pinyinForms(doc.name);
  return {
    id: `${doc.kind}-${doc.id}`,
    kind: doc.kind,
    entityId: doc.id,
    name: doc.name,
    nameCanonical: canonical(doc.name),
    namePinyin: pinyin.full,
    nameInitials: pinyin.initials,
    nameKey: `${pinyin.full} ${doc.name}`,
    labels: doc.labels,
    place: doc.place,
    address: doc.address,
    description: doc.description,
    type: doc.type,
    regionCodes: [...new Set([doc.regionCode, prefectureOf(doc.regionCode), ...doc.serviceRegionCodes])],
    themes: doc.themes,
    grades: doc.grades,
    languages: doc.languages,
    accessible: doc.accessible,
    verifiedAt: doc.verifiedAt,
    access: doc.kind === 'venue' ? accessKind(doc.commitments, day) : 'standard',
    ...(doc.lat !== null && doc.lng !== null ? { _geo: { lat: doc.lat, lng: doc.lng } } : {}),
  };
}

/** The filter expression of a request (values escaped). */
export function buildFilter(request: SearchRequest): string[] {
  const { filters } = request;
  const parts = [`kind = ${quote(request.kind)}`];
  if (filters.type !== undefined) parts.push(`type = ${quote(filters.type)}`);
  if (filters.region !== undefined) parts.push(`regionCodes = ${quote(filters.region)}`);
  if (filters.theme !== undefined) parts.push(`themes = ${quote(filters.theme)}`);
  if (filters.grade !== undefined) parts.push(`grades = ${quote(filters.grade)}`);
  if (filters.access !== undefined) parts.push(`access = ${quote(filters.access)}`);
  if (filters.accessible !== undefined) parts.push(`accessible = ${quote(filters.accessible)}`);
  if (filters.language !== undefined) parts.push(`languages = ${quote(filters.language)}`);
  if (filters.verified !== undefined) {
    const since = overdueBefore(request.now).getTime();
    parts.push(filters.verified ? `verifiedAt >= ${since}` : `(verifiedAt < ${since} OR verifiedAt IS NULL)`);
  }
  if (filters.ids) parts.push(`entityId IN [${[...filters.ids].map(quote).join(', ')}]`);
  if (request.near && request.radiusKm !== undefined)
    parts.push(
      `_geoRadius(${request.near.lat}, ${request.near.lng}, ${Math.round(request.radiusKm * 1000)})`,
    );
  return parts;
}

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  indexUid?: string;
  synonyms?: SynonymGroups;
  taskTimeoutMs?: number;
  /** The clock whose day stamps each document's pupils' access (`access`); the system's by default. */
  now?: () => Date;
}

export class MeiliIndex implements CatalogueIndex {
  readonly engine = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly uid: string;
  private settingsChecked = false;
  /** Names and queries with synonym phrases written as the first of their group (see desiredSettings). */
  private readonly canonical: (text: string) => string;

  constructor(private readonly options: MeiliOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
    this.uid = options.indexUid ?? 'catalogue';
    this.canonical = canonicalForm(options.synonyms ?? []);
  }

  private settle(promise: EnqueuedTaskPromise) {
    return settle(promise, this.options.taskTimeoutMs);
  }

  /** Creates the index if needed and applies only the settings that differ. */
  async ensureSettings(uid = this.uid): Promise<Settings> {
    const index = this.client.index(uid);
    let current: Settings;
    try {
      current = await index.getSettings();
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'index_not_found') throw error;
      await this.settle(this.client.createIndex(uid, { primaryKey: 'id' }));
      current = await index.getSettings();
    }
    const diff = settingsDiff(current, desiredSettings(this.options.synonyms ?? []));
    if (Object.keys(diff).length) await this.settle(index.updateSettings(diff));
    if (uid === this.uid) this.settingsChecked = true;
    return diff;
  }

  private async ready() {
    if (!this.settingsChecked) await this.ensureSettings();
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.ready();
    const day = shanghaiDay(this.options.now?.() ?? new Date());
    await this.settle(
      this.client.index(this.uid).addDocuments(docs.map((d) => toMeiliDoc(d, day, this.canonical))),
    );
  }

  async delete(refs: { kind: DocKind; id: string }[]): Promise<void> {
    if (refs.length === 0) return;
    await this.ready();
    await this.settle(this.client.index(this.uid).deleteDocuments(refs.map((r) => `${r.kind}-${r.id}`)));
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.ready();
    const sort =
      request.sort === 'distance' && request.near
        ? [`_geoPoint(${request.near.lat}, ${request.near.lng}):asc`]
        : request.sort === 'name'
          ? ['nameKey:asc']
          : undefined;
    const response = await this.client.index(this.uid).search(this.canonical(request.q ?? ''), {
      filter: buildFilter(request),
      offset: request.offset,
      limit: request.limit,
      sort,
      facets: request.facets
        ? ['type', 'regionCodes', 'themes', 'grades', 'access', 'accessible', 'languages']
        : undefined,
      attributesToRetrieve: ['entityId', '_geo'],
    });
    let facets: Facets | undefined;
    if (request.facets) {
      facets = Object.fromEntries(facetNames.map((name) => [name, {}])) as Facets;
      const dist = response.facetDistribution ?? {};
      const rename: Record<string, keyof Facets> = {
        type: 'type',
        regionCodes: 'region',
        themes: 'theme',
        grades: 'grade',
        access: 'access',
        accessible: 'accessible',
        languages: 'language',
      };
      for (const [field, values] of Object.entries(dist)) {
        const name = rename[field];
        if (name) facets[name] = { ...values };
      }
    }
    return {
      hits: response.hits.map((hit) => {
        const geoDistance = (hit as { _geoDistance?: number })._geoDistance;
        return {
          id: String(hit.entityId),
          score: 0,
          ...(geoDistance === undefined ? {} : { distanceKm: geoDistance / 1000 }),
        };
      }),
      total:
        response.estimatedTotalHits ?? (response as { totalHits?: number }).totalHits ?? response.hits.length,
      facets,
      complete: true,
      engine: this.engine,
    };
  }

  async stats(): Promise<IndexStats> {
    const stats = await this.client.index(this.uid).getStats();
    return {
      engine: this.engine,
      documents: stats.numberOfDocuments,
      venues: stats.fieldDistribution?.kind ?? 0,
      speakers: 0,
      tombstones: 0,
      builtAt: null,
    };
  }

  /** Builds `<uid>_next`, swaps it with the live index (searches answer meanwhile), drops the old one. */
  async rebuild(source: DocSource, options: RebuildOptions = {}): Promise<void> {
    const next = `${this.uid}_next`;
    await this.client.deleteIndexIfExists(next);
    await this.ensureSettings(next);
    await this.ensureSettings(this.uid);
    const day = shanghaiDay(this.options.now?.() ?? new Date());
    let done = 0;
    for await (const batch of source.batches) {
      await this.settle(
        this.client.index(next).addDocuments(batch.map((d) => toMeiliDoc(d, day, this.canonical))),
      );
      done += batch.length;
      options.onProgress?.(done, source.total);
    }
    await this.settle(this.client.swapIndexes([{ indexes: [this.uid, next], rename: false }]));
    await this.settle(this.client.deleteIndex(next));
  }
}
