// The embedded engine: an in-memory inverted index over character bigrams (Chinese) and letter bigrams (pinyin,
// initials, Latin words), with filters, facet counts and distance done in one pass over the matches.
// Chosen by measurement: docs/decisions/0xx-search-engine.md.
import { overdueBefore } from '#app/domain/bureau/overdue.ts';
import { type AccessKind, accessKind } from '#app/domain/commitments/pricing.ts';
import {
  cjkChars,
  cjkGrams,
  latinGrams,
  latinWords,
  normalize,
  type ParsedQuery,
  type PinyinForms,
  parseQuery,
  pinyinForms,
  type QueryTerm,
  type Segmenter,
  type SynonymGroups,
  substringDistance,
  typoBudget,
} from './text.ts';
import {
  type CatalogueIndex,
  type DocKind,
  type DocSource,
  distanceKm,
  type FacetName,
  type Facets,
  facetNames,
  type IndexStats,
  prefectureOf,
  type RebuildOptions,
  regionWithin,
  type SearchDoc,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResponse,
} from './types.ts';

interface Entry {
  doc: SearchDoc;
  name: string;
  labels: string;
  place: string;
  address: string;
  description: string;
  pinyin: PinyinForms;
  /** Pinyin of the region names, so `huhehaote` finds what lies in 呼和浩特. */
  placePinyin: string;
  latin: string[];
  prefecture: string;
  /** Sort key for name order (pinyin, then characters). */
  nameKey: string;
  accessDay?: string;
  access?: AccessKind;
}

const WEIGHT = {
  name: 10,
  namePinyin: 9,
  initials: 7,
  labels: 5,
  latinWord: 6,
  place: 4,
  placePinyin: 3,
  address: 2,
  description: 1,
} as const;

function keyOf(kind: DocKind, id: string): string {
  return `${kind}:${id}`;
}

function prepare(doc: SearchDoc): Entry {
  const name = normalize(doc.name);
  const place = normalize(doc.place);
  return {
    doc,
    name,
    labels: normalize(doc.labels.join(' ')),
    place,
    address: normalize(doc.address),
    description: normalize(doc.description),
    pinyin: pinyinForms(doc.name),
    placePinyin: pinyinForms(doc.place).full,
    latin: [...new Set([...latinWords(doc.name), ...doc.labels.flatMap(latinWords)])],
    prefecture: prefectureOf(doc.regionCode),
    nameKey: `${pinyinForms(doc.name).full} ${name}`,
  };
}

/** Appends `value` to the posting list of `key` (values arrive in increasing order, so lists stay sorted). */
function post(map: Map<string, number[]>, key: string, value: number) {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

function lowerBound(list: number[], value: number, from: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Intersection of sorted posting lists. */
function intersect(lists: number[][]): number[] {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [first, ...rest] = sorted as [number[], ...number[][]];
  if (rest.length === 0) return first;
  const cursors = rest.map(() => 0);
  const out: number[] = [];
  outer: for (const value of first) {
    for (let i = 0; i < rest.length; i++) {
      const list = rest[i] as number[];
      const at = lowerBound(list, value, cursors[i] as number);
      cursors[i] = at;
      if (at >= list.length) break outer;
      if (list[at] !== value) continue outer;
    }
    out.push(value);
  }
  return out;
}

/** One generation of the index; a rebuild makes a new one and swaps it in. */
class Segment {
  readonly entries: (Entry | undefined)[] = [];
  readonly byKey = new Map<string, number>();
  readonly cjk = new Map<string, number[]>();
  readonly chars = new Map<string, number[]>();
  readonly latin = new Map<string, number[]>();
  tombstones = 0;
  readonly builtAt = new Date();

  add(doc: SearchDoc) {
    const key = keyOf(doc.kind, doc.id);
    this.remove(doc.kind, doc.id);
    const entry = prepare(doc);
    const num = this.entries.length;
    this.entries.push(entry);
    this.byKey.set(key, num);
    const grams = new Set<string>();
    for (const text of [entry.name, entry.labels, entry.place, entry.address, entry.description])
      cjkGrams(text, grams);
    for (const gram of grams) post(this.cjk, gram, num);
    const chars = new Set<string>();
    for (const text of [entry.name, entry.labels, entry.place]) cjkChars(text, chars);
    for (const ch of chars) post(this.chars, ch, num);
    const letters = new Set<string>();
    for (const text of [entry.pinyin.full, entry.pinyin.initials, entry.placePinyin, ...entry.latin])
      latinGrams(text, letters);
    for (const gram of letters) post(this.latin, gram, num);
  }

  remove(kind: DocKind, id: string) {
    const key = keyOf(kind, id);
    const num = this.byKey.get(key);
    if (num === undefined) return;
    this.entries[num] = undefined;
    this.byKey.delete(key);
    this.tombstones++;
  }

  count(kind?: DocKind): number {
    if (!kind) return this.byKey.size;
    let n = 0;
    for (const key of this.byKey.keys()) if (key.startsWith(`${kind}:`)) n++;
    return n;
  }
}

export interface EmbeddedOptions {
  synonyms?: SynonymGroups;
  segment?: Segmenter;
}

type TermMatches = Map<number, number>;
type RankedHit = SearchHit & { nameKey: string };

/** The default engine: in memory, rebuilt from PostgreSQL at start and kept current by the outbox drainer. */
export class EmbeddedIndex implements CatalogueIndex {
  readonly engine = 'embedded';
  private segment = new Segment();
  /** Changes that arrive while a rebuild runs, replayed onto the new segment before the swap. */
  private pending: (() => void)[] | null = null;

  constructor(private readonly options: EmbeddedOptions = {}) {}

  async upsert(docs: SearchDoc[]): Promise<void> {
    for (const doc of docs) this.segment.add(doc);
    if (this.pending) for (const doc of docs) this.pending.push(() => this.segment.add(doc));
  }

  async delete(refs: { kind: DocKind; id: string }[]): Promise<void> {
    for (const ref of refs) this.segment.remove(ref.kind, ref.id);
    if (this.pending) for (const ref of refs) this.pending.push(() => this.segment.remove(ref.kind, ref.id));
  }

  async stats(): Promise<IndexStats> {
    return {
      engine: this.engine,
      documents: this.segment.count(),
      venues: this.segment.count('venue'),
      speakers: this.segment.count('speaker'),
      tombstones: this.segment.tombstones,
      builtAt: this.segment.builtAt,
    };
  }

  async rebuild(source: DocSource, options: RebuildOptions = {}): Promise<void> {
    const fresh = new Segment();
    const replay: (() => void)[] = [];
    this.pending = replay;
    let done = 0;
    try {
      for await (const batch of source.batches) {
        for (const doc of batch) fresh.add(doc);
        done += batch.length;
        options.onProgress?.(done, source.total);
        // Let searches run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.pending = null;
      throw error;
    }
    const old = this.segment;
    this.segment = fresh;
    this.pending = null;
    for (const change of replay) change();
    void old;
  }

  /** Synchronous search (the engine never waits on anything). */
  searchNow(request: SearchRequest): SearchResponse {
    const segment = this.segment;
    const parsed = parseQuery(request.q ?? '', {
      synonyms: this.options.synonyms,
      segment: this.options.segment,
    });
    const matches = this.match(segment, parsed);
    const { filters } = request;
    const near = request.near;
    const radius = request.radiusKm;
    const facets = request.facets ? emptyFacets() : undefined;
    const hits: RankedHit[] = [];
    // The same rule as isVerificationOverdue: verified within the last 12 months.
    const verifiedSince = overdueBefore(request.now).getTime();
    const checks = filterChecks(filters, request.kind);

    const visit = (num: number, score: number) => {
      const entry = segment.entries[num];
      if (!entry || entry.doc.kind !== request.kind) return;
      if (filters.ids && !filters.ids.has(entry.doc.id)) return;
      let distance: number | undefined;
      if (near) {
        if (entry.doc.lat === null || entry.doc.lng === null) {
          if (radius !== undefined) return;
        } else {
          distance = distanceKm(near.lat, near.lng, entry.doc.lat, entry.doc.lng);
          if (radius !== undefined && distance > radius) return;
        }
      }
      const access = request.kind === 'venue' ? accessOf(entry, request.day) : undefined;
      const verified = entry.doc.verifiedAt !== null && entry.doc.verifiedAt >= verifiedSince;
      let failed: FacetName | null = null;
      let failures = 0;
      for (const check of checks) {
        if (!check.test(entry, access, verified)) {
          failures++;
          failed = check.facet;
          if (failures > 1) break;
        }
      }
      if (facets && failures <= 1) {
        const only = failures === 1 ? failed : null;
        countFacets(facets, entry, access, verified, only);
      }
      if (failures > 0) return;
      hits.push({
        id: entry.doc.id,
        score: score + bonus(entry, parsed),
        distanceKm: distance,
        nameKey: entry.nameKey,
      });
    };

    if (matches) for (const [num, score] of matches) visit(num, score);
    else for (let num = 0; num < segment.entries.length; num++) visit(num, 0);

    const byName = (a: RankedHit, b: RankedHit) =>
      a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    const compare =
      request.sort === 'distance' && near
        ? (a: RankedHit, b: RankedHit) =>
            (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
            b.score - a.score ||
            byName(a, b)
        : request.sort === 'name'
          ? byName
          : (a: RankedHit, b: RankedHit) =>
              b.score - a.score || (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || byName(a, b);
    const page: SearchHit[] = topK(hits, request.offset + request.limit, compare)
      .slice(request.offset, request.offset + request.limit)
      .map(({ nameKey: _key, ...hit }) => hit);
    return { hits: page, total: hits.length, facets, complete: true, engine: this.engine };
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    return this.searchNow(request);
  }

  /** Documents matching every term, with their text score; null when the query has no terms. */
  private match(segment: Segment, parsed: ParsedQuery): TermMatches | null {
    if (parsed.terms.length === 0) return null;
    const perTerm = parsed.terms.map((term) => this.matchTerm(segment, term));
    perTerm.sort((a, b) => a.size - b.size);
    const [first, ...rest] = perTerm as [TermMatches, ...TermMatches[]];
    const out: TermMatches = new Map();
    for (const [num, score] of first) {
      let total = score;
      let all = true;
      for (const other of rest) {
        const s = other.get(num);
        if (s === undefined) {
          all = false;
          break;
        }
        total += s;
      }
      if (all) out.set(num, total);
    }
    return out;
  }

  private matchTerm(segment: Segment, term: QueryTerm): TermMatches {
    const out: TermMatches = new Map();
    const keep = (num: number, score: number) => {
      if (score > (out.get(num) ?? 0)) out.set(num, score);
    };
    for (const alt of term.alternatives) {
      const factor = alt === term.text ? 1 : 0.9;
      if (term.script === 'cjk') {
        const lists: number[][] = [];
        const grams = alt.length === 1 ? [alt] : [...cjkGrams(alt)];
        const map = alt.length === 1 ? segment.chars : segment.cjk;
        let missing = false;
        for (const gram of grams) {
          const list = map.get(gram);
          if (!list) {
            missing = true;
            break;
          }
          lists.push(list);
        }
        if (missing) continue;
        for (const num of intersect(lists)) {
          const entry = segment.entries[num];
          if (!entry) continue;
          const weight = entry.name.includes(alt)
            ? WEIGHT.name
            : entry.labels.includes(alt)
              ? WEIGHT.labels
              : entry.place.includes(alt)
                ? WEIGHT.place
                : entry.address.includes(alt)
                  ? WEIGHT.address
                  : entry.description.includes(alt)
                    ? WEIGHT.description
                    : 0;
          if (weight > 0) keep(num, weight * alt.length * factor);
        }
      } else {
        const grams = [...latinGrams(alt)];
        const lists: number[][] = [];
        for (const gram of grams) {
          const list = segment.latin.get(gram);
          if (list) lists.push(list);
        }
        if (lists.length === grams.length) {
          for (const num of intersect(lists)) {
            const entry = segment.entries[num];
            if (!entry) continue;
            const weight = latinWeight(entry, alt);
            if (weight > 0) keep(num, weight * Math.max(1, alt.length / 2) * factor);
          }
        }
      }
    }
    if (out.size === 0 && term.script === 'latin') this.fuzzy(segment, term.text, keep);
    return out;
  }

  /** Pinyin or Latin with typing mistakes: candidates share enough letter bigrams, then an edit-distance check. */
  private fuzzy(segment: Segment, text: string, keep: (num: number, score: number) => void) {
    const budget = typoBudget(text.length);
    if (budget === 0) return;
    const grams = [...latinGrams(text)];
    const needed = Math.max(1, grams.length - 2 * budget);
    const hits = new Map<number, number>();
    for (const gram of grams) {
      for (const num of segment.latin.get(gram) ?? []) hits.set(num, (hits.get(num) ?? 0) + 1);
    }
    for (const [num, shared] of hits) {
      if (shared < needed) continue;
      const entry = segment.entries[num];
      if (!entry) continue;
      const candidates: [string, number][] = [
        [entry.pinyin.full, WEIGHT.namePinyin],
        [entry.placePinyin, WEIGHT.placePinyin],
        ...entry.latin.map((w) => [w, WEIGHT.latinWord] as [string, number]),
      ];
      let best = 0;
      for (const [hay, weight] of candidates) {
        const distance = substringDistance(text, hay, budget);
        if (Number.isFinite(distance)) best = Math.max(best, (weight * text.length) / 2 / (1 + distance));
      }
      if (best > 0) keep(num, best * 0.5);
    }
  }
}

function latinWeight(entry: Entry, alt: string): number {
  if (entry.pinyin.full.includes(alt)) return WEIGHT.namePinyin;
  if (alt.length >= 2 && entry.pinyin.initials.includes(alt)) return WEIGHT.initials;
  if (entry.latin.some((word) => word.includes(alt))) return WEIGHT.latinWord;
  if (alt.length >= 3 && entry.placePinyin.includes(alt)) return WEIGHT.placePinyin;
  return 0;
}

/** The name that is the query, or starts with it, comes first. */
function bonus(entry: Entry, parsed: ParsedQuery): number {
  const whole = parsed.whole;
  if (!whole) return 0;
  if (entry.name === whole || entry.pinyin.full === whole || entry.pinyin.initials === whole) return 1000;
  if (entry.name.startsWith(whole) || entry.pinyin.full.startsWith(whole)) return 300;
  if (entry.name.includes(whole) || entry.pinyin.full.includes(whole)) return 150;
  if (whole.length >= 2 && entry.pinyin.initials.startsWith(whole)) return 120;
  return 0;
}

function accessOf(entry: Entry, day: string): AccessKind {
  if (entry.accessDay !== day) {
    entry.access = accessKind(entry.doc.commitments, day);
    entry.accessDay = day;
  }
  return entry.access as AccessKind;
}

interface Check {
  facet: FacetName;
  test(entry: Entry, access: AccessKind | undefined, verified: boolean): boolean;
}

/** A speaker belongs to a region when they live there or their service area and the region overlap. */
function speakerInRegion(doc: SearchDoc, region: string): boolean {
  if (regionWithin(doc.regionCode, region)) return true;
  return doc.serviceRegionCodes.some((code) => regionWithin(code, region) || regionWithin(region, code));
}

function filterChecks(filters: SearchFilters, kind: DocKind): Check[] {
  const checks: Check[] = [];
  const { type, region, theme, grade, access, accessible, language, verified } = filters;
  if (type !== undefined) checks.push({ facet: 'type', test: (e) => e.doc.type === type });
  if (region !== undefined)
    checks.push({
      facet: 'region',
      test:
        kind === 'speaker'
          ? (e) => speakerInRegion(e.doc, region)
          : (e) => regionWithin(e.doc.regionCode, region),
    });
  if (theme !== undefined) checks.push({ facet: 'theme', test: (e) => e.doc.themes.includes(theme) });
  if (grade !== undefined) checks.push({ facet: 'grade', test: (e) => e.doc.grades.includes(grade) });
  if (access !== undefined) checks.push({ facet: 'access', test: (_e, a) => a === access });
  if (accessible !== undefined)
    checks.push({ facet: 'accessible', test: (e) => e.doc.accessible === accessible });
  if (language !== undefined)
    checks.push({ facet: 'language', test: (e) => e.doc.languages.includes(language) });
  if (verified !== undefined) checks.push({ facet: 'verified', test: (_e, _a, v) => v === verified });
  return checks;
}

function emptyFacets(): Facets {
  return Object.fromEntries(facetNames.map((name) => [name, {}])) as Facets;
}

function bump(counts: Record<string, number>, value: string) {
  counts[value] = (counts[value] ?? 0) + 1;
}

/**
 * Counts an entry in every facet (it passes every filter) or only in the one facet whose filter it fails: each
 * facet's counts are what choosing another value of that facet would give, the other filters kept.
 */
function countFacets(
  facets: Facets,
  entry: Entry,
  access: AccessKind | undefined,
  verified: boolean,
  only: FacetName | null,
) {
  const doc = entry.doc;
  const want = (name: FacetName) => only === null || only === name;
  if (want('type')) bump(facets.type, doc.type);
  if (want('region')) {
    bump(facets.region, entry.prefecture);
    if (doc.regionCode !== entry.prefecture) bump(facets.region, doc.regionCode);
  }
  if (want('theme')) for (const theme of new Set(doc.themes)) bump(facets.theme, theme);
  if (want('grade')) for (const grade of new Set(doc.grades)) bump(facets.grade, String(grade));
  if (want('access') && access) bump(facets.access, access);
  if (want('accessible')) bump(facets.accessible, String(doc.accessible));
  if (want('language')) for (const language of new Set(doc.languages)) bump(facets.language, language);
  if (want('verified')) bump(facets.verified, String(verified));
}

/** The first k items in order, without sorting everything when k is small. */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k * 8 >= items.length) return [...items].sort(compare).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
