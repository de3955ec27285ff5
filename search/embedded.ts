// The embedded engine: an in-memory inverted index over character bigrams (Chinese) and letter bigrams (pinyin,
// initials, Latin words), with filters, facet counts and distance done in one pass over the matches.
// Chosen by measurement: docs/decisions/010-search-engine.md.
import { overdueBefore } from '#app/domain/bureau/overdue.ts';
import { type AccessKind, accessKind } from '#app/domain/commitments/pricing.ts';
import {
  allCjk,
  allLatin,
  CHAR_ALONE,
  CHAR_LABELS,
  CHAR_NAME,
  CHAR_PLACE,
  CJK_STEP,
  coverOffsets,
  FIELD_ADDRESS,
  FIELD_DESCRIPTION,
  FIELD_LABELS,
  FIELD_NAME,
  FIELD_PLACE,
  GROUP_BITS,
  GramIndex,
  GroupIndex,
  type IndexedGroup,
  Intersection,
  LATIN_FULL,
  LATIN_INITIALS,
  LATIN_PLACE,
  LATIN_STEP,
  LATIN_WORD,
  maskAt,
  type Postings,
  SLOW_CJK,
  SLOW_LATIN,
} from './postings.ts';
import {
  cjkGrams,
  latinGrams,
  latinWords,
  type NameForm,
  nameForm,
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
  /** The name up to synonyms, spaces, punctuation and width (text.ts `nameForm`): equal to the query's, it is the query. */
  form: string;
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
    form: name,
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

/** The first two UTF-16 units of a text as one number (0 for a missing unit). */
function prefixCode(text: string): number {
  return ((text.charCodeAt(0) || 0) << 16) | (text.charCodeAt(1) || 0);
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

/** Intersection of sorted posting lists (a linear merge for lists of similar length, binary search otherwise). */
function intersect(lists: number[][]): number[] {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0] as number[];
  for (let l = 1; l < sorted.length && result.length > 0; l++) {
    const other = sorted[l] as number[];
    const out: number[] = [];
    if (other.length <= result.length * 16) {
      let j = 0;
      for (let i = 0; i < result.length; i++) {
        const value = result[i] as number;
        while (j < other.length && (other[j] as number) < value) j++;
        if (j >= other.length) break;
        if (other[j] === value) out.push(value);
      }
    } else {
      let from = 0;
      for (const value of result) {
        from = lowerBound(other, value, from);
        if (from >= other.length) break;
        if (other[from] === value) out.push(value);
      }
    }
    result = out;
  }
  return result;
}

/** Per-entry numbers in typed arrays (grown by doubling): filters and facet counts read these, not objects. */
class Columns {
  size = 0;
  kind = new Uint8Array(1024);
  type = new Int32Array(1024);
  pref = new Int32Array(1024);
  county = new Int32Array(1024);
  grades = new Uint16Array(1024);
  themes = new Uint32Array(1024);
  /** 1 when the entry has themes beyond the first 32 of the dictionary (read from the entry then). */
  themesBeyond = new Uint8Array(1024);
  languages = new Uint8Array(1024);
  accessible = new Uint8Array(1024);
  verifiedAt = new Float64Array(1024);
  lat = new Float64Array(1024);
  lng = new Float64Array(1024);
  /** Access kind (0 standard, 1 discounted, 2 free) as of `accessDay`. */
  access = new Uint8Array(1024);
  /**
   * First two UTF-16 units of the name, its form up to synonyms, its pinyin and its initials: most names are no
   * prefix-bonus candidates.
   */
  namePrefix = new Int32Array(1024);
  formPrefix = new Int32Array(1024);
  pinyinPrefix = new Int32Array(1024);
  initialsPrefix = new Int32Array(1024);
  accessDay = '';

  ensure(n: number) {
    if (n <= this.kind.length) return;
    const size = Math.max(n, this.kind.length * 2);
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.kind = grow(this.kind);
    this.type = grow(this.type);
    this.pref = grow(this.pref);
    this.county = grow(this.county);
    this.grades = grow(this.grades);
    this.themes = grow(this.themes);
    this.themesBeyond = grow(this.themesBeyond);
    this.languages = grow(this.languages);
    this.accessible = grow(this.accessible);
    this.verifiedAt = grow(this.verifiedAt);
    this.lat = grow(this.lat);
    this.lng = grow(this.lng);
    this.access = grow(this.access);
    this.namePrefix = grow(this.namePrefix);
    this.formPrefix = grow(this.formPrefix);
    this.pinyinPrefix = grow(this.pinyinPrefix);
    this.initialsPrefix = grow(this.initialsPrefix);
  }
}

export const ACCESS_CODES: AccessKind[] = ['standard', 'discounted', 'free'];
const KIND_CODE: Record<DocKind, number> = { venue: 0, speaker: 1 };
const GONE = 255;

/** One generation of the index; a rebuild makes a new one and swaps it in. */
class Segment {
  readonly entries: (Entry | undefined)[] = [];
  readonly byKey = new Map<string, number>();
  /**
   * Bigrams of every text field with their fields and positions; characters of the name, labels and place (for
   * one-character queries); letter bigrams of the pinyin, initials and Latin words. search/postings.ts.
   */
  readonly grams = new GramIndex();
  /** Per synonym group, the entries holding one of its phrases and where (index-time synonym expansion). */
  readonly groups: GroupIndex;
  /** Scratch for the entries common to a term's posting lists. */
  readonly cut = new Intersection();
  tombstones = 0;
  readonly builtAt = new Date();
  readonly columns = new Columns();
  /** Bumped by every change; cached term matches of an older version are stale. */
  version = 0;
  /** Matches of recent query terms (people repeat the same words): entry numbers, scores, name flags. */
  readonly termCache = new Map<string, CachedTerm>();
  termCacheSize = 0;
  /** Position of each entry in name order, computed when a name sort needs it after a change. */
  private nameRank: Int32Array | null = null;
  readonly dict = {
    type: new Dictionary(),
    region: new Dictionary(),
    theme: new Dictionary(),
    language: new Dictionary(),
  };
  private readonly slots: Slot[] = [];
  private stampCounter = 0;

  /** `synonyms`: the groups queries are parsed with while this segment answers (the group lists follow them). */
  constructor(readonly synonyms: SynonymGroups = []) {
    this.groups = new GroupIndex(synonyms);
    this.form = nameForm(synonyms);
  }

  /** Names and queries as the exact-name rule compares them, with this segment's synonyms. */
  readonly form: NameForm;

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
    entry.form = this.form(entry.name);
    entry.typeId = this.dict.type.id(doc.type);
    entry.regionIds = [...new Set([entry.prefecture, doc.regionCode])].map((c) => this.dict.region.id(c));
    entry.themeIds = [...new Set(doc.themes)].map((t) => this.dict.theme.id(t));
    entry.languageIds = [...new Set(doc.languages)].map((l) => this.dict.language.id(l));
    this.nameRank = null;
    const num = this.entries.length;
    this.entries.push(entry);
    this.byKey.set(key, num);
    this.fillColumns(num, entry);
    this.version++;
    const fields = [entry.name, entry.labels, entry.place, entry.address, entry.description];
    this.grams.add(num, fields, [
      entry.pinyin.full,
      entry.pinyin.initials,
      entry.placePinyin,
      ...entry.latin,
    ]);
    this.groups.add(num, fields);
  }

  private fillColumns(num: number, entry: Entry) {
    const c = this.columns;
    c.ensure(num + 1);
    c.size = Math.max(c.size, num + 1);
    const doc = entry.doc;
    c.kind[num] = KIND_CODE[doc.kind];
    c.type[num] = entry.typeId;
    c.pref[num] = entry.regionIds[0] as number;
    c.county[num] = entry.regionIds.length > 1 ? (entry.regionIds[1] as number) : -1;
    let grades = 0;
    for (const g of doc.grades) if (g >= 0 && g <= 12) grades |= 1 << g;
    c.grades[num] = grades;
    let themes = 0;
    let beyond = 0;
    for (const id of entry.themeIds) {
      if (id < 32) themes = (themes | (1 << id)) >>> 0;
      else beyond = 1;
    }
    c.themes[num] = themes;
    c.themesBeyond[num] = beyond;
    let languages = 0;
    for (const id of entry.languageIds) if (id < 8) languages |= 1 << id;
    c.languages[num] = languages;
    c.accessible[num] = doc.accessible ? 1 : 0;
    c.verifiedAt[num] = doc.verifiedAt ?? Number.NaN;
    c.lat[num] = doc.lat ?? Number.NaN;
    c.lng[num] = doc.lng ?? Number.NaN;
    c.access[num] = c.accessDay ? ACCESS_CODES.indexOf(accessKind(doc.commitments, c.accessDay)) : 0;
    c.namePrefix[num] = prefixCode(entry.name);
    c.formPrefix[num] = prefixCode(entry.form);
    c.pinyinPrefix[num] = prefixCode(entry.pinyin.full);
    c.initialsPrefix[num] = prefixCode(entry.pinyin.initials);
  }

  /** Access codes as of a day (recomputed for every entry when the day changes). */
  accessFor(day: string): Uint8Array {
    const c = this.columns;
    if (c.accessDay !== day) {
      for (let num = 0; num < this.entries.length; num++) {
        const entry = this.entries[num];
        if (entry) c.access[num] = ACCESS_CODES.indexOf(accessKind(entry.doc.commitments, day));
      }
      c.accessDay = day;
    }
    return c.access;
  }

  /** Name order of every entry (pinyin, then characters), recomputed after changes. */
  nameRanks(): Int32Array {
    if (this.nameRank && this.nameRank.length >= this.entries.length) return this.nameRank;
    const order = Array.from({ length: this.entries.length }, (_, i) => i);
    const key = (i: number) => this.entries[i]?.nameKey ?? '';
    order.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    const rank = new Int32Array(this.entries.length);
    order.forEach((num, position) => {
      rank[num] = position;
    });
    this.nameRank = rank;
    return rank;
  }

  remove(kind: DocKind, id: string) {
    const key = keyOf(kind, id);
    const num = this.byKey.get(key);
    if (num === undefined) return;
    this.entries[num] = undefined;
    this.columns.kind[num] = GONE;
    this.version++;
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
  /** Synonym groups, or a function giving them (called at start and at every rebuild). */
  synonyms?: SynonymGroups | (() => SynonymGroups);
  segment?: Segmenter;
  /** Keep the matches of recent query terms until the next change (on unless false). */
  cache?: boolean;
  /**
   * Tests only: compute every match the straightforward way (posting intersection, then the texts read), without
   * the precomputed shortcuts, so that both ways can be compared.
   */
  straightforward?: boolean;
  /**
   * Replaced and deleted entries stay in the posting lists until the index is rebuilt; once there are this many
   * (default 1,000) and at least a quarter as many as live entries, the index rebuilds itself from its live entries
   * in the background, so that memory follows the catalogue and not the number of edits.
   */
  compactAfter?: number;
}

/** The default engine: in memory, rebuilt from PostgreSQL at start and kept current by the outbox drainer. */
export class EmbeddedIndex implements CatalogueIndex {
  readonly engine = 'embedded';
  private segment: Segment;
  /** Changes that arrive while a rebuild runs, replayed onto the new segment before the swap. */
  private pending: (() => void)[] | null = null;
  /** Rebuilds run one after another (each replays the changes made while it ran). */
  private rebuilds: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;
  private compactFloor: number;

  constructor(private readonly options: EmbeddedOptions = {}) {
    this.segment = new Segment(this.synonyms());
    this.compactFloor = options.compactAfter ?? 1000;
  }

  /** The synonym groups, read when a segment is made (so a rebuild picks up an edited file). */
  private synonyms(): SynonymGroups {
    const synonyms = this.options.synonyms;
    return (typeof synonyms === 'function' ? synonyms() : synonyms) ?? [];
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    for (const doc of docs) this.segment.add(doc);
    if (this.pending) for (const doc of docs) this.pending.push(() => this.segment.add(doc));
    this.compactIfWorthIt();
  }

  async delete(refs: { kind: DocKind; id: string }[]): Promise<void> {
    for (const ref of refs) this.segment.remove(ref.kind, ref.id);
    if (this.pending) for (const ref of refs) this.pending.push(() => this.segment.remove(ref.kind, ref.id));
    this.compactIfWorthIt();
  }

  /** The background compaction under way, if any (tests wait for it). */
  get compaction(): Promise<void> | null {
    return this.compacting;
  }

  private compactIfWorthIt() {
    const { tombstones, byKey, synonyms } = this.segment;
    if (this.compacting || this.pending) return;
    if (tombstones < Math.max(this.compactFloor, byKey.size / 4)) return;
    // The live entries are read when the rebuild starts, after it began collecting the changes to replay.
    const segment = () => this.segment;
    const batches = async function* () {
      const docs = segment().entries.flatMap((entry) => (entry ? [entry.doc] : []));
      for (let i = 0; i < docs.length; i += 2000) yield docs.slice(i, i + 2000);
    };
    // The segment's own synonyms: a compaction changes nothing but memory (an edited synonyms.txt waits for SIGHUP).
    this.compacting = this.rebuild({ total: byKey.size, batches: batches() }, {}, synonyms)
      .catch(() => {
        // Not worth retrying on the next edit: wait for twice as many replaced entries.
        this.compactFloor *= 2;
      })
      .finally(() => {
        this.compacting = null;
      });
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

  /** A new generation from `source`, with the synonyms read afresh (or the ones given), swapped in when built. */
  rebuild(source: DocSource, options: RebuildOptions = {}, synonyms?: SynonymGroups): Promise<void> {
    const run = this.rebuilds.then(() => this.rebuildNow(source, options, synonyms ?? this.synonyms()));
    this.rebuilds = run.catch(() => {});
    return run;
  }

  private async rebuildNow(
    source: DocSource,
    options: RebuildOptions,
    synonyms: SynonymGroups,
  ): Promise<void> {
    const fresh = new Segment(synonyms);
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
    fresh.grams.compact();
    fresh.groups.compact();
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
      synonyms: segment.synonyms,
      segment: this.options.segment,
    });
    const candidates = this.match(segment, parsed);
    const { filters } = request;
    const near = request.near;
    const radius = request.radiusKm;
    const col = segment.columns;
    const access = segment.accessFor(request.day);
    const kindCode = KIND_CODE[request.kind];
    // The same rule as isVerificationOverdue: verified within the last 12 months.
    const verifiedSince = overdueBefore(request.now).getTime();
    const f = compileFilters(segment, filters, request.kind);
    const counter = request.facets ? new FacetCounter(segment) : null;
    const { slot: hitSlot } = segment.slot(SLOT_HITS);
    const { slot: distSlot } = segment.slot(SLOT_DIST);
    const hitNums = hitSlot.list;
    const hitScores = hitSlot.score;
    const hitDistances = distSlot.score;
    const entries = segment.entries;
    let hitCount = 0;
    const total = candidates ? candidates.count : entries.length;
    const candidateNums = candidates?.nums;
    const straightforward = this.options.straightforward === true;
    // Names that can start with the query: the same first one or two units (code, and a mask for one unit), of the
    // name as it is or of its form up to synonyms.
    const whole = parsed.whole;
    const wholeMask = whole.length >= 2 ? -1 : -65536;
    const wholeCode = prefixCode(whole) & wholeMask;
    const query: QueryForms = { parsed, form: whole === '' ? '' : segment.form(whole) };
    const formMask = query.form.length >= 2 ? -1 : -65536;
    const formCode = prefixCode(query.form) & formMask;
    const singleTerm = parsed.terms.length === 1;
    const filtered =
      f.type !== null ||
      f.region !== null ||
      f.theme !== null ||
      f.grade !== 0 ||
      f.access !== -1 ||
      f.accessible !== -1 ||
      f.language !== -1 ||
      f.verified !== -1;
    const readVerified = counter !== null || f.verified !== -1;
    const latitudeOut =
      radius !== undefined && near && !Number.isNaN(near.lng) && !straightforward
        ? radius * 1.000001 + 0.001
        : undefined;
    const candidateScores = candidates?.scores;
    const candidateInName = candidates?.inName;
    for (let c = 0; c < total; c++) {
      const num = candidateNums ? (candidateNums[c] as number) : c;
      if (col.kind[num] !== kindCode) continue;
      if (filters.ids && !filters.ids.has((entries[num] as Entry).doc.id)) continue;
      let distance = Number.NaN;
      if (near) {
        const lat = col.lat[num] as number;
        const lng = col.lng[num] as number;
        // An entry without both coordinates has no place: outside every radius, last by distance (as in SQL, where
        // its distance is null).
        if (Number.isNaN(lat) || Number.isNaN(lng)) {
          if (radius !== undefined) continue;
        } else {
          // The great-circle distance is at least 111.19 km per degree of latitude apart: most entries outside the
          // radius are out without the haversine (with a margin far above its rounding).
          if (latitudeOut !== undefined && Math.abs(lat - near.lat) * 111 > latitudeOut) continue;
          distance = distanceKm(near.lat, near.lng, lat, lng);
          if (radius !== undefined && distance > radius) continue;
        }
      }
      const verified = readVerified && (col.verifiedAt[num] as number) >= verifiedSince;
      // Which filters this entry fails (a bit per facet); facets count entries failing at most their own filter.
      let failed = 0;
      if (filtered) {
        if (f.type !== null && col.type[num] !== f.type) failed |= BIT.type;
        if (f.region !== null && !f.region(num)) failed |= BIT.region;
        if (f.theme !== null && !f.theme(num)) failed |= BIT.theme;
        if (f.grade !== 0 && ((col.grades[num] as number) & f.grade) === 0) failed |= BIT.grade;
        if (f.access !== -1 && access[num] !== f.access) failed |= BIT.access;
        if (f.accessible !== -1 && col.accessible[num] !== f.accessible) failed |= BIT.accessible;
        if (f.language !== -1 && ((col.languages[num] as number) & f.language) === 0) failed |= BIT.language;
        if (f.verified !== -1 && (verified ? 1 : 0) !== f.verified) failed |= BIT.verified;
      }
      if (counter !== null) {
        if (failed === 0 && !straightforward) counter.countAll(num, verified);
        else if ((failed & (failed - 1)) === 0) counter.count(num, verified, failed);
      }
      if (failed !== 0) continue;
      hitNums[hitCount] = num;
      let score = 0;
      if (candidateScores !== undefined && candidateInName !== undefined) {
        score = candidateScores[c] as number;
        if (candidateInName[c]) {
          if (
            straightforward ||
            whole === '' ||
            ((col.namePrefix[num] as number) & wholeMask) === wholeCode ||
            ((col.formPrefix[num] as number) & formMask) === formCode ||
            ((col.pinyinPrefix[num] as number) & wholeMask) === wholeCode ||
            ((col.initialsPrefix[num] as number) & wholeMask) === wholeCode
          )
            score += bonus(entries[num] as Entry, query);
          // No name, form, pinyin or initials starts with the query: the rest of `bonus` without reading the prefixes.
          else if (singleTerm) score += 150;
          else score += containsBonus(entries[num] as Entry, query);
        }
      }
      hitScores[hitCount] = score;
      hitDistances[hitCount] = distance;
      hitCount++;
    }

    const ranks = request.sort === 'name' ? segment.nameRanks() : null;
    const byName = ranks
      ? (a: number, b: number) =>
          (ranks[hitNums[a] as number] as number) - (ranks[hitNums[b] as number] as number)
      : (a: number, b: number) => (hitNums[a] as number) - (hitNums[b] as number);
    const dist = (i: number) => {
      const d = hitDistances[i] as number;
      return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    };
    // Equally relevant to a query, the name the query covers more of is the closer match (neimengu bowuyuan: 内蒙古博物院
    // before 内蒙古河套文化博物院; 科技馆: 乌海科学技术馆 beside 乌海市青少年科技馆), as Meilisearch's proximity and
    // exactness rules have it; not the order of entry. Names are measured in their form up to synonyms (a synonym
    // counts as one phrase, whatever its length): for a name holding the query's words in order, the difference is
    // the edit distance between the two forms.
    const nameLength = (i: number) => (entries[hitNums[i] as number] as Entry).form.length;
    const closer = whole === '' ? () => 0 : (a: number, b: number) => nameLength(a) - nameLength(b);
    const compare =
      request.sort === 'distance' && near
        ? (a: number, b: number) =>
            dist(a) - dist(b) || (hitScores[b] as number) - (hitScores[a] as number) || byName(a, b)
        : request.sort === 'name'
          ? byName
          : (a: number, b: number) =>
              (hitScores[b] as number) - (hitScores[a] as number) ||
              (near ? dist(a) - dist(b) : 0) ||
              closer(a, b) ||
              byName(a, b);
    const order = topKIndices(
      hitCount,
      request.offset + request.limit,
      compare,
      request.sort === 'relevance' ? hitScores : undefined,
    );
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

  /**
   * Tests: entry numbers of a gram's postings as the straightforward lists see them — every field (`all`), the name,
   * the labels and place (`meta`), the Latin texts — so they can be compared with lists built from the texts.
   */
  gramEntries(which: ListKind, gram: string): number[] {
    return straightforwardList(this.segment.grams, which, gram) ?? [];
  }

  /** Entries matching every term, with their text score; null when the query has no terms. */
  private match(segment: Segment, parsed: ParsedQuery): Candidates | null {
    if (parsed.terms.length === 0) return null;
    const inOrder = parsed.terms.slice(0, SLOT_TERMS).map((term, i) => this.matchTerm(segment, term, i));
    if (inOrder.length > 1) return this.matchAll(segment, inOrder);
    const [first] = inOrder as [TermMatch];
    const { slot } = segment.slot(SLOT_CANDIDATES);
    const nums = slot.list;
    const scores = slot.score;
    const inName = slot.flag;
    for (let i = 0; i < first.count; i++) {
      const num = first.slot.list[i] as number;
      nums[i] = num;
      scores[i] = first.slot.score[num] as number;
      inName[i] = first.slot.flag[num] as number;
    }
    return { nums, scores, inName, count: first.count };
  }

  /**
   * Entries matching every one of several terms: the shortest list walked, the others looked up; the scores added in
   * the query's order (whatever the lengths), so that equal sums stay equal to the last bit.
   */
  private matchAll(segment: Segment, inOrder: TermMatch[]): Candidates {
    const perTerm = [...inOrder].sort((a, b) => a.count - b.count);
    const [first, ...rest] = perTerm as [TermMatch, ...TermMatch[]];
    const { slot } = segment.slot(SLOT_CANDIDATES);
    const nums = slot.list;
    const scores = slot.score;
    const inName = slot.flag;
    let count = 0;
    next: for (let i = 0; i < first.count; i++) {
      const num = first.slot.list[i] as number;
      for (const other of rest) if (other.slot.stamp[num] !== other.stamp) continue next;
      let total = 0;
      let name = 1;
      for (const term of inOrder) {
        total += term.slot.score[num] as number;
        name &= term.slot.flag[num] as number;
      }
      nums[count] = num;
      scores[count] = total;
      inName[count] = name;
      count++;
    }
    return { nums, scores, inName, count };
  }

  private matchTerm(segment: Segment, term: QueryTerm, index: number): TermMatch {
    const key = `${term.script}|${term.text}|${term.alternatives.join(',')}`;
    const cached = this.options.cache === false ? undefined : segment.termCache.get(key);
    if (cached && cached.version === segment.version) {
      const { slot, stamp } = segment.slot(SLOT_FIRST_TERM + index);
      const { nums, scores, flags } = cached;
      for (let i = 0; i < nums.length; i++) {
        const num = nums[i] as number;
        slot.stamp[num] = stamp;
        slot.score[num] = scores[i] as number;
        slot.flag[num] = flags[i] as number;
        slot.list[i] = num;
      }
      // Most recently used last.
      segment.termCache.delete(key);
      segment.termCache.set(key, cached);
      return { count: nums.length, slot, stamp };
    }
    const match = this.computeTerm(segment, term, index);
    if (this.options.cache !== false) this.remember(segment, key, match);
    return match;
  }

  private remember(segment: Segment, key: string, match: TermMatch) {
    const cache = segment.termCache;
    const old = cache.get(key);
    if (old) {
      segment.termCacheSize -= old.nums.length;
      cache.delete(key);
    }
    if (match.count > TERM_CACHE_LIMIT / 4) return;
    const nums = match.slot.list.slice(0, match.count);
    const scores = new Float64Array(match.count);
    const flags = new Uint8Array(match.count);
    for (let i = 0; i < match.count; i++) {
      const num = nums[i] as number;
      scores[i] = match.slot.score[num] as number;
      flags[i] = match.slot.flag[num] as number;
    }
    cache.set(key, { version: segment.version, nums, scores, flags });
    segment.termCacheSize += match.count;
    for (const [oldest, entry] of cache) {
      if (segment.termCacheSize <= TERM_CACHE_LIMIT && cache.size <= 1000) break;
      cache.delete(oldest);
      segment.termCacheSize -= entry.nums.length;
    }
  }

  private computeTerm(segment: Segment, term: QueryTerm, index: number): TermMatch {
    const { slot, stamp } = segment.slot(SLOT_FIRST_TERM + index);
    const sink = new TermSink(slot, stamp);
    const keep = (num: number, score: number, inName: boolean) => sink.keep(num, score, inName ? 1 : 0);
    const straightforward = this.options.straightforward === true;
    const { grams: gramIndex, columns: col, entries } = segment;
    // A synonym weighs as the word typed (times 0.9), not by its own length: a group's phrases count as one, so a
    // longer phrase (科学技术馆 for 科技馆) does not put longer names first.
    const size = term.text.length;
    if (!straightforward && term.script === 'cjk') {
      const group = segment.groups.find(term.alternatives);
      if (group) {
        groupTerm(group, term, col.kind, sink);
        return { count: sink.count, slot, stamp };
      }
    }
    for (const alt of term.alternatives) {
      const factor = alt === term.text ? 1 : 0.9;
      if (term.script === 'cjk') {
        const grams = alt.length === 1 ? [alt] : [...cjkGrams(alt, new Set(), true)];
        if (straightforward) {
          this.straightforwardCjk(segment, alt, grams, size, factor, slot, stamp, keep);
          continue;
        }
        if (grams.length === 1) {
          // One bigram (or character) proves a match by itself: the posting's field bits give the weight. The
          // straightforward way keeps any field (description weight), then labels/place, then name, each only when
          // higher than what the entry has: the same as keeping the highest of them once.
          const gram = grams[0] as string;
          const list = gramIndex.cjkPostings(gram);
          if (!list) continue;
          const data = list.data;
          const anyField = alt.length > 1 ? (gram.length === 1 ? CHAR_ALONE : -1) : 0;
          const meta = gram.length === 1 ? CHAR_LABELS | CHAR_PLACE : FIELD_LABELS | FIELD_PLACE;
          const name = gram.length === 1 ? CHAR_NAME : FIELD_NAME;
          const d = WEIGHT.description * size * factor;
          const m = WEIGHT.labels * size * factor;
          const n = WEIGHT.name * size * factor;
          for (let i = 0; i < list.length; i++) {
            const mask = maskAt(data, i);
            if (mask & name) sink.keep(data[i * 2] as number, n, 1);
            else if (mask & meta) sink.keep(data[i * 2] as number, m, 0);
            else if (mask & anyField) sink.keep(data[i * 2] as number, d, 0);
          }
          continue;
        }
        if (!allCjk(alt)) {
          this.straightforwardCjk(segment, alt, grams, size, factor, slot, stamp, keep);
          continue;
        }
        // Several bigrams: the entries holding all of them, then where they stand next to each other (positions).
        const lists = gramLists(alt, (gram) => gramIndex.cjkPostings(gram));
        if (!lists) continue;
        const cut = segment.cut.run(lists.lists, true);
        for (let i = 0; i < cut.count; i++) {
          const num = cut.nums[i] as number;
          if (col.kind[num] === GONE) continue;
          const fields =
            (gramIndex.slow[num] as number) & SLOW_CJK
              ? fieldsHolding(entries[num] as Entry, alt)
              : gramIndex.where(lists.lists, lists.cover, lists.listAt, cut, i, CJK_STEP);
          if (fields & FIELD_NAME) sink.keep(num, WEIGHT.name * size * factor, 1);
          if (slot.stamp[num] === stamp && slot.flag[num] === 1) continue;
          const weight =
            fields & FIELD_LABELS
              ? WEIGHT.labels
              : fields & FIELD_PLACE
                ? WEIGHT.place
                : fields & FIELD_ADDRESS
                  ? WEIGHT.address
                  : fields & FIELD_DESCRIPTION
                    ? WEIGHT.description
                    : 0;
          if (weight > 0) sink.keep(num, weight * size * factor, 0);
        }
      } else {
        const grams = [...latinGrams(alt)];
        if (straightforward || alt.length < 2 || !allLatin(alt)) {
          const all = listsOf(grams, (gram) => straightforwardList(gramIndex, 'latin', gram));
          if (!all) continue;
          for (const num of intersect(all)) {
            const entry = entries[num];
            if (!entry) continue;
            const weight = latinWeight(entry, alt);
            if (weight > 0)
              keep(
                num,
                weight * Math.max(1, size / 2) * factor,
                weight === WEIGHT.namePinyin || weight === WEIGHT.initials,
              );
          }
          continue;
        }
        // Letter bigrams next to each other in one text: which texts hold the term, from the positions.
        const lists = gramLists(alt, (gram) => gramIndex.latinPostings(gram));
        if (!lists) continue;
        const cut = segment.cut.run(lists.lists, true);
        for (let i = 0; i < cut.count; i++) {
          const num = cut.nums[i] as number;
          if (col.kind[num] === GONE) continue;
          let weight: number;
          if ((gramIndex.slow[num] as number) & SLOW_LATIN) weight = latinWeight(entries[num] as Entry, alt);
          else {
            const kinds = gramIndex.where(lists.lists, lists.cover, lists.listAt, cut, i, LATIN_STEP);
            weight =
              kinds & LATIN_FULL
                ? WEIGHT.namePinyin
                : kinds & LATIN_INITIALS
                  ? WEIGHT.initials
                  : kinds & LATIN_WORD
                    ? WEIGHT.latinWord
                    : kinds & LATIN_PLACE && alt.length >= 3
                      ? WEIGHT.placePinyin
                      : 0;
          }
          if (weight > 0)
            keep(
              num,
              weight * Math.max(1, size / 2) * factor,
              weight === WEIGHT.namePinyin || weight === WEIGHT.initials,
            );
        }
      }
    }
    if (sink.count === 0 && term.script === 'latin')
      this.fuzzy(segment, term.text, (num, score) => keep(num, score, true));
    return { count: sink.count, slot, stamp };
  }

  /**
   * A CJK alternative the straightforward way: posting lists intersected, then the texts read (a term of several
   * bigrams is checked as a substring of the name first, then of the other fields).
   */
  private straightforwardCjk(
    segment: Segment,
    alt: string,
    grams: string[],
    /** The typed word's length (a synonym weighs as the word typed). */
    size: number,
    factor: number,
    slot: Slot,
    stamp: number,
    keep: (num: number, score: number, inName: boolean) => void,
  ) {
    const all = (gram: string) => straightforwardList(segment.grams, 'all', gram);
    const name = (gram: string) => straightforwardList(segment.grams, 'name', gram);
    const meta = (gram: string) => straightforwardList(segment.grams, 'meta', gram);
    if (grams.length === 1) {
      const gram = grams[0] as string;
      if (alt.length > 1)
        for (const num of all(gram) ?? []) keep(num, WEIGHT.description * size * factor, false);
      for (const num of meta(gram) ?? []) keep(num, WEIGHT.labels * size * factor, false);
      for (const num of name(gram) ?? []) keep(num, WEIGHT.name * size * factor, true);
      return;
    }
    const inName = listsOf(grams, name);
    if (inName) {
      for (const num of intersect(inName)) {
        const entry = segment.entries[num];
        if (entry?.name.includes(alt)) keep(num, WEIGHT.name * size * factor, true);
      }
    }
    const lists = listsOf(grams, all);
    if (!lists) return;
    for (const num of intersect(lists)) {
      if (slot.stamp[num] === stamp && slot.flag[num] === 1) continue;
      const entry = segment.entries[num];
      if (!entry) continue;
      const weight = entry.labels.includes(alt)
        ? WEIGHT.labels
        : entry.place.includes(alt)
          ? WEIGHT.place
          : entry.address.includes(alt)
            ? WEIGHT.address
            : entry.description.includes(alt)
              ? WEIGHT.description
              : 0;
      if (weight > 0) keep(num, weight * size * factor, false);
    }
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
      const list = segment.grams.latinPostings(gram);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const num = list.data[i * 2] as number;
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

interface CachedTerm {
  version: number;
  nums: Int32Array;
  scores: Float64Array;
  flags: Uint8Array;
}

/** At most this many cached entry numbers over all cached terms (about 13 bytes each). */
const TERM_CACHE_LIMIT = 2_000_000;

/** Collects a term's matches into a slot: the best score per entry, and whether that was a match in the name. */
class TermSink {
  count = 0;
  constructor(
    readonly slot: Slot,
    readonly stamp: number,
  ) {}

  keep(num: number, score: number, inName: number) {
    const slot = this.slot;
    if (slot.stamp[num] !== this.stamp) {
      slot.stamp[num] = this.stamp;
      slot.score[num] = score;
      slot.flag[num] = inName;
      slot.list[this.count++] = num;
    } else if (score > (slot.score[num] as number)) {
      slot.score[num] = score;
      slot.flag[num] = inName;
    }
  }
}

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

const BIT = {
  type: 1,
  region: 2,
  theme: 4,
  grade: 8,
  access: 16,
  accessible: 32,
  language: 64,
  verified: 128,
} as const satisfies Record<FacetName, number>;

interface CompiledFilters {
  type: number | null;
  region: ((num: number) => boolean) | null;
  theme: ((num: number) => boolean) | null;
  grade: number;
  access: number;
  accessible: number;
  language: number;
  verified: number;
}

/** Filters as numbers against the columns (−1, 0 or null: not filtered). */
function compileFilters(segment: Segment, filters: SearchFilters, kind: DocKind): CompiledFilters {
  const { dict, columns: col, entries } = segment;
  const idOr = (d: Dictionary, value: string) => d.ids.get(value) ?? -2;
  let region: CompiledFilters['region'] = null;
  if (filters.region !== undefined) {
    const code = filters.region;
    if (kind === 'speaker') region = (num) => speakerInRegion((entries[num] as Entry).doc, code);
    else if (code.endsWith('0000'))
      region = (num) => (entries[num] as Entry).doc.regionCode.startsWith(code.slice(0, 2));
    else if (code.endsWith('00')) {
      const id = idOr(dict.region, code);
      region = (num) => col.pref[num] === id;
    } else {
      const id = idOr(dict.region, code);
      region = (num) => col.county[num] === id;
    }
  }
  let theme: CompiledFilters['theme'] = null;
  if (filters.theme !== undefined) {
    const id = idOr(dict.theme, filters.theme);
    if (id < 0) theme = () => false;
    else if (id < 32) {
      const bit = (1 << id) >>> 0;
      theme = (num) => ((col.themes[num] as number) & bit) !== 0;
    } else theme = (num) => (entries[num] as Entry).themeIds.includes(id);
  }
  const language = filters.language === undefined ? -1 : idOr(dict.language, filters.language);
  return {
    type: filters.type === undefined ? null : idOr(dict.type, filters.type),
    region,
    theme,
    grade: filters.grade === undefined ? 0 : 1 << filters.grade,
    access: filters.access === undefined ? -1 : ACCESS_CODES.indexOf(filters.access),
    accessible: filters.accessible === undefined ? -1 : filters.accessible ? 1 : 0,
    language: language === -1 ? -1 : language >= 0 && language < 8 ? 1 << language : 0,
    verified: filters.verified === undefined ? -1 : filters.verified ? 1 : 0,
  };
}

/** Adds one at an index of a typed array (monomorphic: only Int32Array). */
function inc(counts: Int32Array, index: number) {
  counts[index] = (counts[index] as number) + 1;
}

/** Facet counts over integer ids; turned into `{ value: count }` maps at the end. */
class FacetCounter {
  private readonly type: Int32Array;
  private readonly region: Int32Array;
  private readonly theme: Int32Array;
  private readonly language = new Int32Array(8);
  private readonly grade = new Int32Array(13);
  /** Entries counted by `countAll`, by their grade and language masks (spread into bits at the end). */
  private readonly gradeMasks = new Int32Array(1 << 13);
  private readonly languageMasks = new Int32Array(1 << 8);
  private readonly flagCombinations = new Int32Array(16);
  private readonly access = new Int32Array(3);
  private readonly accessible = new Int32Array(2);
  private readonly verified = new Int32Array(2);

  constructor(private readonly segment: Segment) {
    this.type = new Int32Array(segment.dict.type.values.length);
    this.region = new Int32Array(segment.dict.region.values.length);
    this.theme = new Int32Array(segment.dict.theme.values.length);
  }

  /**
   * Counts an entry in every facet (it passes every filter: failed = 0) or only in the one facet whose filter it
   * fails: each facet's counts are what choosing another value of that facet would give, the other filters kept.
   */
  count(num: number, verified: boolean, failed: number) {
    const col = this.segment.columns;
    const all = failed === 0;
    if (all || failed === BIT.type) inc(this.type, col.type[num] as number);
    if (all || failed === BIT.region) {
      inc(this.region, col.pref[num] as number);
      const county = col.county[num] as number;
      if (county >= 0) inc(this.region, county);
    }
    if (all || failed === BIT.theme) {
      let mask = col.themes[num] as number;
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask);
        inc(this.theme, bit);
        mask = (mask & ~(1 << bit)) >>> 0;
      }
      if (col.themesBeyond[num])
        for (const id of (this.segment.entries[num] as Entry).themeIds) if (id >= 32) inc(this.theme, id);
    }
    if (all || failed === BIT.grade) {
      let mask = col.grades[num] as number;
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask);
        inc(this.grade, bit);
        mask &= ~(1 << bit);
      }
    }
    if ((all || failed === BIT.access) && col.kind[num] === KIND_CODE.venue)
      inc(this.access, col.access[num] as number);
    if (all || failed === BIT.accessible) inc(this.accessible, col.accessible[num] as number);
    if (all || failed === BIT.language) {
      let mask = col.languages[num] as number;
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask);
        inc(this.language, bit);
        mask &= ~(1 << bit);
      }
    }
    if (all || failed === BIT.verified) inc(this.verified, verified ? 1 : 0);
  }

  /** `count` for an entry passing every filter (most of them), with less work per entry. */
  countAll(num: number, verified: boolean) {
    const col = this.segment.columns;
    inc(this.type, col.type[num] as number);
    inc(this.region, col.pref[num] as number);
    const county = col.county[num] as number;
    if (county >= 0) inc(this.region, county);
    let mask = col.themes[num] as number;
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask);
      inc(this.theme, bit);
      mask = (mask & ~(1 << bit)) >>> 0;
    }
    if (col.themesBeyond[num])
      for (const id of (this.segment.entries[num] as Entry).themeIds) if (id >= 32) inc(this.theme, id);
    inc(this.gradeMasks, col.grades[num] as number);
    inc(this.languageMasks, col.languages[num] as number);
    // Access (3: not a venue), accessible and verified as one number.
    inc(
      this.flagCombinations,
      ((col.kind[num] === 0 ? (col.access[num] as number) : 3) << 2) |
        ((col.accessible[num] as number) << 1) |
        (verified ? 1 : 0),
    );
  }

  result(): Facets {
    const spread = (masks: Int32Array, counts: Int32Array) => {
      for (let mask = 1; mask < masks.length; mask++) {
        const n = masks[mask] as number;
        if (n === 0) continue;
        for (let bit = 0; bit < counts.length; bit++)
          if (mask & (1 << bit)) counts[bit] = (counts[bit] as number) + n;
      }
    };
    spread(this.gradeMasks, this.grade);
    spread(this.languageMasks, this.language);
    this.flagCombinations.forEach((n, flags) => {
      if (n === 0) return;
      if (flags >> 2 < 3) this.access[flags >> 2] = (this.access[flags >> 2] as number) + n;
      this.accessible[(flags >> 1) & 1] = (this.accessible[(flags >> 1) & 1] as number) + n;
      this.verified[flags & 1] = (this.verified[flags & 1] as number) + n;
    });
    const record = (counts: Int32Array, values: readonly string[]) => {
      const out: Record<string, number> = {};
      counts.forEach((n, id) => {
        if (n > 0) out[values[id] as string] = n;
      });
      return out;
    };
    const { dict } = this.segment;
    return {
      type: record(this.type, dict.type.values),
      region: record(this.region, dict.region.values),
      theme: record(this.theme, dict.theme.values),
      grade: record(
        this.grade,
        Array.from({ length: 13 }, (_, g) => String(g)),
      ),
      access: record(this.access, ACCESS_CODES),
      accessible: record(this.accessible, ['false', 'true']),
      language: record(this.language, dict.language.values),
      verified: record(this.verified, ['false', 'true']),
    };
  }
}

type ListKind = 'all' | 'name' | 'meta' | 'latin';

/**
 * A gram's entries as the straightforward way sees them: bigrams (and one-character runs) of every field, bigrams
 * and characters of the name, of the labels and place, letter grams of the Latin texts; none: undefined.
 */
function straightforwardList(grams: GramIndex, which: ListKind, gram: string): number[] | undefined {
  if (which === 'latin') return grams.nums(grams.latinPostings(gram), -1);
  const one = gram.length === 1;
  const bits =
    which === 'all'
      ? one
        ? CHAR_ALONE
        : -1
      : which === 'name'
        ? one
          ? CHAR_NAME
          : FIELD_NAME
        : one
          ? CHAR_LABELS | CHAR_PLACE
          : FIELD_LABELS | FIELD_PLACE;
  return grams.nums(grams.cjkPostings(gram), bits);
}

/** Posting lists of some grams, or null when one has none. */
function listsOf<T>(grams: string[], get: (gram: string) => T | undefined): T[] | null {
  const out: T[] = [];
  for (const gram of grams) {
    const list = get(gram);
    if (!list) return null;
    out.push(list);
  }
  return out;
}

/**
 * The posting lists of a term's covering bigrams (see coverOffsets), the offsets, and which list holds the bigram
 * at each offset; null when a bigram has no list.
 */
function gramLists(
  alt: string,
  get: (gram: string) => Postings | undefined,
): { lists: Postings[]; cover: Int32Array; listAt: Int32Array } | null {
  const at: Postings[] = [];
  for (let offset = 0; offset < alt.length - 1; offset++) {
    const list = get(alt.slice(offset, offset + 2));
    if (!list) return null;
    at.push(list);
  }
  const cover = coverOffsets(at.length, (offset) => (at[offset] as Postings).length);
  const lists: Postings[] = [];
  const listAt = new Int32Array(cover.length);
  cover.forEach((offset, c) => {
    const list = at[offset] as Postings;
    let l = lists.indexOf(list);
    if (l < 0) l = lists.push(list) - 1;
    listAt[c] = l;
  });
  return { lists, cover, listAt };
}

/**
 * A term whose alternatives are an indexed synonym group, from the group's list: per entry, what the alternatives
 * matched one by one (in the term's order, each with its factor) would keep — the one-bigram rules for a phrase of
 * one distinct bigram, the several-bigram rules otherwise — kept once.
 */
function groupTerm(group: IndexedGroup, term: QueryTerm, kind: Uint8Array, sink: TermSink) {
  const alts = term.alternatives.length;
  const shift = new Int32Array(alts);
  const oneBigram = new Uint8Array(alts);
  // Scores per alternative: name, labels, place, address, description (the same products as computeTerm's).
  const scores = new Float64Array(alts * 5);
  const size = term.text.length;
  term.alternatives.forEach((alt, a) => {
    const p = group.phrases.indexOf(alt);
    shift[a] = p * GROUP_BITS;
    oneBigram[a] = group.oneBigram[p] ? 1 : 0;
    const factor = alt === term.text ? 1 : 0.9;
    scores[a * 5] = WEIGHT.name * size * factor;
    scores[a * 5 + 1] = WEIGHT.labels * size * factor;
    scores[a * 5 + 2] = (oneBigram[a] ? WEIGHT.labels : WEIGHT.place) * size * factor;
    scores[a * 5 + 3] = (oneBigram[a] ? WEIGHT.description : WEIGHT.address) * size * factor;
    scores[a * 5 + 4] = WEIGHT.description * size * factor;
  });
  const list = group.postings;
  const data = list.data;
  for (let i = 0; i < list.length; i++) {
    const num = data[i * 2] as number;
    if (kind[num] === GONE) continue;
    const packed = data[i * 2 + 1] as number;
    let has = false;
    let score = 0;
    let flag = 0;
    for (let a = 0; a < alts; a++) {
      const fields = (packed >>> (shift[a] as number)) & 31;
      if (fields === 0) continue;
      const base = a * 5;
      if (fields & FIELD_NAME) {
        const s = scores[base] as number;
        if (!has || s > score) {
          score = s;
          flag = 1;
          has = true;
        }
        if (oneBigram[a]) continue;
      }
      // The several-bigram rules skip the other fields once a name match is kept; one bigram keeps the best field.
      if ((!oneBigram[a] && flag === 1) || (fields & ~FIELD_NAME) === 0) continue;
      const s = (
        fields & FIELD_LABELS
          ? scores[base + 1]
          : fields & FIELD_PLACE
            ? scores[base + 2]
            : fields & FIELD_ADDRESS
              ? scores[base + 3]
              : scores[base + 4]
      ) as number;
      if (!has || s > score) {
        score = s;
        flag = 0;
        has = true;
      }
    }
    if (has) sink.keep(num, score, flag);
  }
}

/** Field bits of the fields holding `alt` (entries whose positions did not fit the codes). */
function fieldsHolding(entry: Entry, alt: string): number {
  return (
    (entry.name.includes(alt) ? FIELD_NAME : 0) |
    (entry.labels.includes(alt) ? FIELD_LABELS : 0) |
    (entry.place.includes(alt) ? FIELD_PLACE : 0) |
    (entry.address.includes(alt) ? FIELD_ADDRESS : 0) |
    (entry.description.includes(alt) ? FIELD_DESCRIPTION : 0)
  );
}

function latinWeight(entry: Entry, alt: string): number {
  if (entry.pinyin.full.includes(alt)) return WEIGHT.namePinyin;
  if (alt.length >= 2 && entry.pinyin.initials.includes(alt)) return WEIGHT.initials;
  if (entry.latin.some((word) => word.includes(alt))) return WEIGHT.latinWord;
  if (alt.length >= 3 && entry.placePinyin.includes(alt)) return WEIGHT.placePinyin;
  return 0;
}

/** A query as the name bonus reads it: parsed, and its form up to synonyms (text.ts `nameForm`). */
interface QueryForms {
  parsed: ParsedQuery;
  form: string;
}

/**
 * The name that is the query — as typed, up to synonyms, spaces, punctuation and width, or as its pinyin or
 * initials — comes first; then the names that start with it.
 */
function bonus(entry: Entry, query: QueryForms): number {
  const { parsed, form } = query;
  const whole = parsed.whole;
  if (!whole) return 0;
  const { name, pinyin } = entry;
  if (entry.form === form || pinyin.full === whole || pinyin.initials === whole) return 1000;
  if (name.startsWith(whole) || entry.form.startsWith(form) || pinyin.full.startsWith(whole)) return 300;
  if (pinyin.initials.startsWith(whole)) return 120;
  // One term matched in the name contains the query already; several terms may lie apart.
  if (parsed.terms.length === 1) return 150;
  return containsBonus(entry, query);
}

function containsBonus(entry: Entry, query: QueryForms): number {
  const whole = query.parsed.whole;
  return entry.name.includes(whole) || entry.form.includes(query.form) || entry.pinyin.full.includes(whole)
    ? 150
    : 0;
}

/** A speaker belongs to a region when they live there or their service area and the region overlap. */
function speakerInRegion(doc: SearchDoc, region: string): boolean {
  if (regionWithin(doc.regionCode, region)) return true;
  return doc.serviceRegionCodes.some((code) => regionWithin(code, region) || regionWithin(region, code));
}

/** The first k items in order, without sorting everything when k is small. */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  return topKIndices(items.length, k, (a, b) => compare(items[a] as T, items[b] as T)).map(
    (i) => items[i] as T,
  );
}

/**
 * Indices 0..n-1 of the first k in order (by `compare`), without sorting everything when k is small. `higherFirst`:
 * the key `compare` orders by first, higher first, so that an index below the k-th needs no comparison.
 */
export function topKIndices(
  n: number,
  k: number,
  compare: (a: number, b: number) => number,
  higherFirst?: Float64Array,
): number[] {
  if (k <= 0 || n === 0) return [];
  if (k * 8 >= n)
    return Array.from({ length: n }, (_, i) => i)
      .sort(compare)
      .slice(0, k);
  const best: number[] = [];
  for (let item = 0; item < n; item++) {
    if (
      best.length === k &&
      ((higherFirst !== undefined &&
        (higherFirst[item] as number) < (higherFirst[best[k - 1] as number] as number)) ||
        compare(item, best[k - 1] as number) >= 0)
    )
      continue;
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
