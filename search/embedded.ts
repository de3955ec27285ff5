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
  /** Facet values as small integers (ids in the segment's dictionaries), for counting without strings. */
  typeId: number;
  regionIds: number[];
  themeIds: number[];
  languageIds: number[];
}

/** Facet values to small integers and back. */
class Dictionary {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

/** Reusable per-query buffers, indexed by entry number; a stamp marks which entries a buffer holds this query. */
interface Slot {
  score: Float64Array;
  stamp: Uint32Array;
  /** 1 when the match was in the name (or its pinyin). */
  flag: Uint8Array;
  /** Entry numbers in the order they were found. */
  list: Int32Array;
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

const placePinyinCache = new Map<string, string>();

function prepare(doc: SearchDoc): Entry {
  const name = normalize(doc.name);
  const place = normalize(doc.place);
  const pinyin = pinyinForms(doc.name);
  let placePinyin = placePinyinCache.get(place);
  if (placePinyin === undefined) {
    placePinyin = pinyinForms(place).full;
    if (placePinyinCache.size < 10_000) placePinyinCache.set(place, placePinyin);
  }
  return {
    doc,
    name,
    labels: normalize(doc.labels.join(' ')),
    place,
    address: normalize(doc.address),
    description: normalize(doc.description),
    pinyin,
    placePinyin,
    latin: [...new Set([...latinWords(doc.name), ...doc.labels.flatMap(latinWords)])],
    prefecture: prefectureOf(doc.regionCode),
    nameKey: `${pinyin.full} ${name}`,
    typeId: 0,
    regionIds: [],
    themeIds: [],
    languageIds: [],
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
  /** Bigrams of every text field. */
  readonly cjk = new Map<string, number[]>();
  /** Characters of the name, labels and place (for one-character queries). */
  readonly chars = new Map<string, number[]>();
  /** Bigrams and characters of the name only, and of the labels and place: a match's weight without reading text. */
  readonly nameCjk = new Map<string, number[]>();
  readonly metaCjk = new Map<string, number[]>();
  readonly latin = new Map<string, number[]>();
  tombstones = 0;
  readonly builtAt = new Date();
  readonly dict = {
    type: new Dictionary(),
    region: new Dictionary(),
    theme: new Dictionary(),
    language: new Dictionary(),
  };
  private readonly slots: Slot[] = [];
  private stampCounter = 0;

  /** The i-th scratch buffer, at least as long as the entries, with a fresh stamp. */
  slot(i: number): { slot: Slot; stamp: number } {
    let slot = this.slots[i];
    if (!slot || slot.score.length < this.entries.length) {
      const size = Math.max(1024, Math.ceil(this.entries.length * 1.25));
      slot = {
        score: new Float64Array(size),
        stamp: new Uint32Array(size),
        flag: new Uint8Array(size),
        list: new Int32Array(size),
      };
      this.slots[i] = slot;
    }
    this.stampCounter = (this.stampCounter + 1) >>> 0 || 1;
    return { slot, stamp: this.stampCounter };
  }

  add(doc: SearchDoc) {
    const key = keyOf(doc.kind, doc.id);
    this.remove(doc.kind, doc.id);
    const entry = prepare(doc);
    entry.typeId = this.dict.type.id(doc.type);
    entry.regionIds = [...new Set([entry.prefecture, doc.regionCode])].map((c) => this.dict.region.id(c));
    entry.themeIds = [...new Set(doc.themes)].map((t) => this.dict.theme.id(t));
    entry.languageIds = [...new Set(doc.languages)].map((l) => this.dict.language.id(l));
    const num = this.entries.length;
    this.entries.push(entry);
    this.byKey.set(key, num);
    const grams = new Set<string>();
    for (const text of [entry.name, entry.labels, entry.place, entry.address, entry.description])
      cjkGrams(text, grams, true);
    for (const gram of grams) post(this.cjk, gram, num);
    const chars = new Set<string>();
    for (const text of [entry.name, entry.labels, entry.place]) cjkChars(text, chars, true);
    for (const ch of chars) post(this.chars, ch, num);
    for (const gram of cjkChars(entry.name, cjkGrams(entry.name, new Set(), true), true))
      post(this.nameCjk, gram, num);
    const meta = new Set<string>();
    for (const text of [entry.labels, entry.place]) cjkChars(text, cjkGrams(text, meta, true), true);
    for (const gram of meta) post(this.metaCjk, gram, num);
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
    const candidates = this.match(segment, parsed);
    const { filters } = request;
    const near = request.near;
    const radius = request.radiusKm;
    const checks = filterChecks(filters, request.kind);
    // The same rule as isVerificationOverdue: verified within the last 12 months.
    const verifiedSince = overdueBefore(request.now).getTime();
    const counter = request.facets ? new FacetCounter(segment) : null;
    const { slot: hitSlot } = segment.slot(SLOT_HITS);
    const { slot: distSlot } = segment.slot(SLOT_DIST);
    const hitNums = hitSlot.stamp; // reused as a list of entry numbers
    const hitScores = hitSlot.score;
    const hitDistances = distSlot.score;
    let hitCount = 0;
    const total = candidates ? candidates.count : segment.entries.length;
    for (let c = 0; c < total; c++) {
      const num = candidates ? (candidates.nums[c] as number) : c;
      const entry = segment.entries[num];
      if (!entry || entry.doc.kind !== request.kind) continue;
      if (filters.ids && !filters.ids.has(entry.doc.id)) continue;
      let distance = Number.NaN;
      if (near) {
        if (entry.doc.lat === null || entry.doc.lng === null) {
          if (radius !== undefined) continue;
        } else {
          distance = distanceKm(near.lat, near.lng, entry.doc.lat, entry.doc.lng);
          if (radius !== undefined && distance > radius) continue;
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
      if (counter && failures <= 1) counter.count(entry, access, verified, failures === 1 ? failed : null);
      if (failures > 0) continue;
      hitNums[hitCount] = num;
      hitScores[hitCount] = candidates
        ? (candidates.scores[c] as number) + (candidates.inName[c] ? bonus(entry, parsed) : 0)
        : 0;
      hitDistances[hitCount] = distance;
      hitCount++;
    }

    const entries = segment.entries;
    const keyOfHit = (i: number) => (entries[hitNums[i] as number] as Entry).nameKey;
    const byName = (a: number, b: number) => {
      const ka = keyOfHit(a);
      const kb = keyOfHit(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    };
    const dist = (i: number) => {
      const d = hitDistances[i] as number;
      return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    };
    const compare =
      request.sort === 'distance' && near
        ? (a: number, b: number) =>
            dist(a) - dist(b) || (hitScores[b] as number) - (hitScores[a] as number) || byName(a, b)
        : request.sort === 'name'
          ? byName
          : (a: number, b: number) =>
              (hitScores[b] as number) - (hitScores[a] as number) ||
              (near ? dist(a) - dist(b) : 0) ||
              byName(a, b);
    const order = topKIndices(hitCount, request.offset + request.limit, compare);
    const hits: SearchHit[] = order.slice(request.offset, request.offset + request.limit).map((i) => {
      const entry = entries[hitNums[i] as number] as Entry;
      const d = hitDistances[i] as number;
      return {
        id: entry.doc.id,
        score: hitScores[i] as number,
        ...(Number.isNaN(d) ? {} : { distanceKm: d }),
      };
    });
    return {
      hits,
      total: hitCount,
      facets: counter?.result(),
      complete: true,
      engine: this.engine,
    };
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    return this.searchNow(request);
  }

  /** Entries matching every term, with their text score; null when the query has no terms. */
  private match(segment: Segment, parsed: ParsedQuery): Candidates | null {
    if (parsed.terms.length === 0) return null;
    const perTerm = parsed.terms.slice(0, SLOT_TERMS).map((term, i) => this.matchTerm(segment, term, i));
    perTerm.sort((a, b) => a.count - b.count);
    const [first, ...rest] = perTerm as [TermMatch, ...TermMatch[]];
    const { slot } = segment.slot(SLOT_CANDIDATES);
    const nums = slot.list;
    const scores = slot.score;
    const inName = slot.flag;
    let count = 0;
    for (let i = 0; i < first.count; i++) {
      const num = first.slot.list[i] as number;
      let total = first.slot.score[num] as number;
      let name = first.slot.flag[num] as number;
      let all = true;
      for (const other of rest) {
        if (other.slot.stamp[num] !== other.stamp) {
          all = false;
          break;
        }
        total += other.slot.score[num] as number;
        name &= other.slot.flag[num] as number;
      }
      if (all) {
        nums[count] = num;
        scores[count] = total;
        inName[count] = name;
        count++;
      }
    }
    return { nums, scores, inName, count };
  }

  private matchTerm(segment: Segment, term: QueryTerm, index: number): TermMatch {
    const { slot, stamp } = segment.slot(SLOT_FIRST_TERM + index);
    let count = 0;
    const keep = (num: number, score: number, inName: boolean) => {
      if (slot.stamp[num] !== stamp) {
        slot.stamp[num] = stamp;
        slot.score[num] = score;
        slot.flag[num] = inName ? 1 : 0;
        slot.list[count++] = num;
      } else if (score > (slot.score[num] as number)) {
        slot.score[num] = score;
        slot.flag[num] = inName ? 1 : 0;
      }
    };
    const lists = (map: Map<string, number[]>, grams: string[]): number[][] | null => {
      const out: number[][] = [];
      for (const gram of grams) {
        const list = map.get(gram);
        if (!list) return null;
        out.push(list);
      }
      return out;
    };
    for (const alt of term.alternatives) {
      const factor = alt === term.text ? 1 : 0.9;
      if (term.script === 'cjk') {
        const grams = alt.length === 1 ? [alt] : [...cjkGrams(alt, new Set(), true)];
        if (grams.length === 1) {
          // One bigram (or character) proves a match by itself: the field lists give the weight, no text is read.
          const gram = grams[0] as string;
          if (alt.length > 1)
            for (const num of segment.cjk.get(gram) ?? [])
              keep(num, WEIGHT.description * alt.length * factor, false);
          for (const num of segment.metaCjk.get(gram) ?? [])
            keep(num, WEIGHT.labels * alt.length * factor, false);
          for (const num of segment.nameCjk.get(gram) ?? [])
            keep(num, WEIGHT.name * alt.length * factor, true);
          continue;
        }
        const all = lists(segment.cjk, grams);
        if (!all) continue;
        for (const num of intersect(all)) {
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
          if (weight > 0) keep(num, weight * alt.length * factor, weight === WEIGHT.name);
        }
      } else {
        const all = lists(segment.latin, [...latinGrams(alt)]);
        if (!all) continue;
        for (const num of intersect(all)) {
          const entry = segment.entries[num];
          if (!entry) continue;
          const weight = latinWeight(entry, alt);
          if (weight > 0)
            keep(
              num,
              weight * Math.max(1, alt.length / 2) * factor,
              weight === WEIGHT.namePinyin || weight === WEIGHT.initials,
            );
        }
      }
    }
    if (count === 0 && term.script === 'latin')
      this.fuzzy(segment, term.text, (num, score) => keep(num, score, true));
    return { count, slot, stamp };
  }

  /** Pinyin or Latin with typing mistakes: candidates share enough letter bigrams, then an edit-distance check. */
  private fuzzy(segment: Segment, text: string, keep: (num: number, score: number) => void) {
    const budget = typoBudget(text.length);
    if (budget === 0) return;
    const grams = [...latinGrams(text)];
    const needed = Math.max(1, grams.length - 2 * budget);
    const { slot, stamp } = segment.slot(SLOT_FUZZY);
    const seen: number[] = [];
    for (const gram of grams) {
      for (const num of segment.latin.get(gram) ?? []) {
        if (slot.stamp[num] !== stamp) {
          slot.stamp[num] = stamp;
          slot.score[num] = 1;
          seen.push(num);
        } else slot.score[num] = (slot.score[num] as number) + 1;
      }
    }
    for (const num of seen) {
      if ((slot.score[num] as number) < needed) continue;
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

const SLOT_HITS = 0;
const SLOT_DIST = 1;
const SLOT_FUZZY = 2;
const SLOT_CANDIDATES = 3;
const SLOT_FIRST_TERM = 4;
/** Terms after this many are ignored (a query is a few words). */
const SLOT_TERMS = 8;

interface TermMatch {
  count: number;
  slot: Slot;
  stamp: number;
}

interface Candidates {
  nums: Int32Array;
  scores: Float64Array;
  /** 1 when every term matched in the name: only these can be the exact name. */
  inName: Uint8Array;
  count: number;
}

/** Facet counts over integer ids; turned into `{ value: count }` maps at the end. */
class FacetCounter {
  private readonly type: Int32Array;
  private readonly region: Int32Array;
  private readonly theme: Int32Array;
  private readonly language: Int32Array;
  private readonly grade = new Int32Array(13);
  private readonly access = { free: 0, discounted: 0, standard: 0 };
  private readonly accessible = [0, 0];
  private readonly verified = [0, 0];

  constructor(private readonly segment: Segment) {
    this.type = new Int32Array(segment.dict.type.values.length);
    this.region = new Int32Array(segment.dict.region.values.length);
    this.theme = new Int32Array(segment.dict.theme.values.length);
    this.language = new Int32Array(segment.dict.language.values.length);
  }

  /**
   * Counts an entry in every facet (it passes every filter) or only in the one facet whose filter it fails: each
   * facet's counts are what choosing another value of that facet would give, the other filters kept.
   */
  count(entry: Entry, access: AccessKind | undefined, verified: boolean, only: FacetName | null) {
    if (only === null || only === 'type') this.type[entry.typeId] = (this.type[entry.typeId] as number) + 1;
    if (only === null || only === 'region')
      for (const id of entry.regionIds) this.region[id] = (this.region[id] as number) + 1;
    if (only === null || only === 'theme')
      for (const id of entry.themeIds) this.theme[id] = (this.theme[id] as number) + 1;
    if (only === null || only === 'grade') {
      let last = -1;
      for (const grade of entry.doc.grades) {
        if (grade !== last && grade >= 0 && grade <= 12)
          this.grade[grade] = (this.grade[grade] as number) + 1;
        last = grade;
      }
    }
    if ((only === null || only === 'access') && access) this.access[access]++;
    if (only === null || only === 'accessible')
      this.accessible[entry.doc.accessible ? 1 : 0] =
        (this.accessible[entry.doc.accessible ? 1 : 0] as number) + 1;
    if (only === null || only === 'language')
      for (const id of entry.languageIds) this.language[id] = (this.language[id] as number) + 1;
    if (only === null || only === 'verified')
      this.verified[verified ? 1 : 0] = (this.verified[verified ? 1 : 0] as number) + 1;
  }

  result(): Facets {
    const record = (counts: Int32Array, values: string[]) => {
      const out: Record<string, number> = {};
      counts.forEach((n, id) => {
        if (n > 0) out[values[id] as string] = n;
      });
      return out;
    };
    const pairs = (counts: number[]) => {
      const out: Record<string, number> = {};
      if (counts[1]) out.true = counts[1];
      if (counts[0]) out.false = counts[0];
      return out;
    };
    const access: Record<string, number> = {};
    for (const [kind, n] of Object.entries(this.access)) if (n > 0) access[kind] = n;
    const grade: Record<string, number> = {};
    this.grade.forEach((n, g) => {
      if (n > 0) grade[String(g)] = n;
    });
    const { dict } = this.segment;
    return {
      type: record(this.type, dict.type.values),
      region: record(this.region, dict.region.values),
      theme: record(this.theme, dict.theme.values),
      grade,
      access,
      accessible: pairs(this.accessible),
      language: record(this.language, dict.language.values),
      verified: pairs(this.verified),
    };
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

/** Indices 0..n-1 of the first k in order (by `compare`), without sorting everything when k is small. */
export function topKIndices(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  if (k <= 0 || n === 0) return [];
  if (k * 8 >= n)
    return Array.from({ length: n }, (_, i) => i)
      .sort(compare)
      .slice(0, k);
  const best: number[] = [];
  for (let item = 0; item < n; item++) {
    if (best.length === k && compare(item, best[k - 1] as number) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid] as number, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
