// Posting lists with positions, in typed arrays, for the embedded engine (search/embedded.ts). For every gram — a
// CJK character or character bigram, a Latin letter or letter bigram — the entries holding it, in which fields, and
// where. A term of several bigrams then matches where its bigrams stand next to each other in one field: the field
// of the match (its weight) is known without reading any text, however many entries a broad term like 博物馆 finds.
// See docs/decisions/010-search-engine.md.

/** While an entry is indexed, each occurrence is one float64: key * POS_SPAN + code (exact below 2^53). */
const POS_SPAN = 2 ** 23;
/**
 * A posting is two int32: the entry number, then mask << MASK_SHIFT | payload, the payload being the position code,
 * or MULTI | index in the list's `extra` when the gram occurs several times in the entry.
 */
const MASK_SHIFT = 25;
const MULTI = 2 ** 24;
const PAYLOAD = MULTI - 1;

/** CJK position code: offset * 8 + field (0 name, 1 labels, 2 place, 3 address, 4 description). */
export const CJK_STEP = 8;
const CJK_MAX_OFFSET = POS_SPAN / CJK_STEP - 1;
/** Latin position code: offset * 256 + text (0 full pinyin, 1 initials, 2 place pinyin, 3… Latin words). */
export const LATIN_STEP = 256;
const LATIN_MAX_OFFSET = POS_SPAN / LATIN_STEP - 1;
const LATIN_MAX_TEXT = LATIN_STEP - 1;

/** Mask of a CJK bigram posting: a bit per field holding it (1 name, 2 labels, 4 place, 8 address, 16 description). */
export const FIELD_NAME = 1;
export const FIELD_LABELS = 2;
export const FIELD_PLACE = 4;
export const FIELD_ADDRESS = 8;
export const FIELD_DESCRIPTION = 16;
/** Mask of a CJK character posting: a character of the name, labels or place; a one-character run in any field. */
export const CHAR_NAME = 1;
export const CHAR_LABELS = 2;
export const CHAR_PLACE = 4;
export const CHAR_ALONE = 32;
/** Mask of a Latin posting: the kind of text holding it. */
export const LATIN_FULL = 1;
export const LATIN_INITIALS = 2;
export const LATIN_PLACE = 4;
export const LATIN_WORD = 8;

/**
 * Entry flags: positions beyond what a code holds (a field over a million characters, a list with no room left): the term
 * checks read the entry's texts instead.
 */
export const SLOW_CJK = 1;
export const SLOW_LATIN = 2;

const CJK_SPAN = 0x9fff - 0x3400 + 1;
const CJK_COUNT = CJK_SPAN + (0xfaff - 0xf900 + 1);
const LATIN_COUNT = 36;
const LATIN_KEYS = LATIN_COUNT + LATIN_COUNT * LATIN_COUNT;

/** U+3400–U+9FFF and U+F900–U+FAFF (the characters of `CJK_RUN` in text.ts) as 0…28159, else −1. */
function cjkIndex(code: number): number {
  if (code >= 0x3400 && code <= 0x9fff) return code - 0x3400;
  if (code >= 0xf900 && code <= 0xfaff) return code - 0xf900 + CJK_SPAN;
  return -1;
}

/** a–z and 0–9 as 0…35, else −1. */
function latinIndex(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  return -1;
}

/** The key of a CJK character or bigram (characters first, then bigrams), −1 for anything else. */
export function cjkKey(gram: string): number {
  const a = cjkIndex(gram.charCodeAt(0));
  if (a < 0) return -1;
  if (gram.length === 1) return a;
  const b = cjkIndex(gram.charCodeAt(1));
  return gram.length === 2 && b >= 0 ? CJK_COUNT + a * CJK_COUNT + b : -1;
}

/** The key of a Latin letter or letter bigram, −1 for anything else. */
export function latinKey(gram: string): number {
  const a = latinIndex(gram.charCodeAt(0));
  if (a < 0) return -1;
  if (gram.length === 1) return a;
  const b = latinIndex(gram.charCodeAt(1));
  return gram.length === 2 && b >= 0 ? LATIN_COUNT + a * LATIN_COUNT + b : -1;
}

/** True when every character of the text is a CJK character of the index. */
export function allCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (cjkIndex(text.charCodeAt(i)) < 0) return false;
  return true;
}

/** True when every character of the text is a–z or 0–9. */
export function allLatin(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (latinIndex(text.charCodeAt(i)) < 0) return false;
  return true;
}

/** The entries of one gram, in increasing entry number (entries are only appended). */
export class Postings {
  /** Per posting: entry number, then mask << MASK_SHIFT | payload. */
  data = new Int32Array(4);
  length = 0;
  /**
   * Positions of the gram in entries holding it several times: count, then the codes in increasing order. Kept
   * with the list (not in one pool), so that a term reads them in the order it reads the list.
   */
  extra: Int32Array | null = null;
  extraLength = 0;

  push(num: number, packed: number) {
    const at = this.length * 2;
    if (at + 2 > this.data.length) {
      const grown = new Int32Array(Math.ceil(this.data.length * 1.5) + 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[at] = num;
    this.data[at + 1] = packed;
    this.length++;
  }

  /** Appends positions to `extra`; returns where they start, or −1 when the payload cannot address them. */
  pushExtra(codes: Float64Array, from: number, to: number, base: number): number {
    const at = this.extraLength;
    const needed = at + 1 + to - from;
    if (needed > PAYLOAD) return -1;
    if (!this.extra || needed > this.extra.length) {
      const grown = new Int32Array(Math.max(needed, Math.ceil((this.extra?.length ?? 0) * 1.5) + 4));
      if (this.extra) grown.set(this.extra);
      this.extra = grown;
    }
    const extra = this.extra;
    extra[at] = to - from;
    for (let k = from; k < to; k++) extra[at + 1 + k - from] = (codes[k] as number) - base;
    this.extraLength = needed;
    return at;
  }

  /** Drops the room kept for growth. */
  compact() {
    if (this.data.length > this.length * 2) this.data = this.data.slice(0, this.length * 2);
    if (this.extra && this.extra.length > this.extraLength)
      this.extra = this.extra.slice(0, this.extraLength);
  }
}

/** The mask of the i-th posting of a list. */
export function maskAt(data: Int32Array, i: number): number {
  return (data[i * 2 + 1] as number) >>> MASK_SHIFT;
}

/** The gram postings of one index generation. */
export class GramIndex {
  readonly cjk = new Map<number, Postings>();
  readonly latin: (Postings | undefined)[] = new Array(LATIN_KEYS).fill(undefined);
  /** SLOW_* flags per entry number. */
  slow = new Uint8Array(1024);
  private occ = new Float64Array(1024);
  private occLength = 0;

  /**
   * Indexes entry `num`: the CJK fields (name, labels, place, address, description, normalised) and the Latin texts
   * (full pinyin, initials, place pinyin, then Latin words).
   */
  add(num: number, fields: readonly string[], latinTexts: readonly string[]) {
    if (num >= this.slow.length) {
      const grown = new Uint8Array(Math.max(num + 1, this.slow.length * 2));
      grown.set(this.slow);
      this.slow = grown;
    }
    let slow = 0;
    // CJK: bigrams of every run with their positions, characters of name/labels/place, one-character runs.
    this.occLength = 0;
    for (let field = 0; field < fields.length; field++) {
      const text = fields[field] as string;
      const charBit = field === 0 ? CHAR_NAME : field === 1 ? CHAR_LABELS : field === 2 ? CHAR_PLACE : 0;
      let run = 0;
      let previous = -1;
      for (let i = 0; i <= text.length; i++) {
        const index = i < text.length ? cjkIndex(text.charCodeAt(i)) : -1;
        if (index < 0) {
          if (run === 1) this.occur(previous, CHAR_ALONE);
          run = 0;
          continue;
        }
        if (charBit !== 0) this.occur(index, charBit);
        if (run > 0) {
          let offset = i - 1;
          if (offset > CJK_MAX_OFFSET) {
            offset = CJK_MAX_OFFSET;
            slow |= SLOW_CJK;
          }
          this.occur(CJK_COUNT + previous * CJK_COUNT + index, offset * CJK_STEP + field);
        }
        run++;
        previous = index;
      }
    }
    if (!this.flush(num, true)) slow |= SLOW_CJK;
    // Latin: letter bigrams with positions; a one-letter text is its own gram.
    this.occLength = 0;
    for (let t = 0; t < latinTexts.length; t++) {
      const text = latinTexts[t] as string;
      const kind = t === 0 ? LATIN_FULL : t === 1 ? LATIN_INITIALS : t === 2 ? LATIN_PLACE : LATIN_WORD;
      let textCode = t;
      if (textCode > LATIN_MAX_TEXT) {
        textCode = LATIN_MAX_TEXT;
        slow |= SLOW_LATIN;
      }
      if (text.length === 1) this.occur(latinIndex(text.charCodeAt(0)), kind);
      for (let i = 0; i < text.length - 1; i++) {
        let offset = i;
        if (offset > LATIN_MAX_OFFSET) {
          offset = LATIN_MAX_OFFSET;
          slow |= SLOW_LATIN;
        }
        const a = latinIndex(text.charCodeAt(i));
        const b = latinIndex(text.charCodeAt(i + 1));
        // Latin texts hold only a–z and 0–9 (normalize, pinyinForms); anything else could not be typed as a term.
        if (a >= 0 && b >= 0) this.occur(LATIN_COUNT + a * LATIN_COUNT + b, offset * LATIN_STEP + textCode);
      }
    }
    if (!this.flush(num, false)) slow |= SLOW_LATIN;
    this.slow[num] = slow;
  }

  private occur(key: number, code: number) {
    if (key < 0) return;
    if (this.occLength === this.occ.length) {
      const grown = new Float64Array(this.occ.length * 2);
      grown.set(this.occ);
      this.occ = grown;
    }
    this.occ[this.occLength++] = key * POS_SPAN + code;
  }

  /** Sorts the occurrences of one entry by gram and position, appends one posting per gram; false: no room. */
  private flush(num: number, cjk: boolean): boolean {
    const n = this.occLength;
    const occ = this.occ.subarray(0, n).sort();
    const charKeys = cjk ? CJK_COUNT : LATIN_COUNT;
    let fits = true;
    let i = 0;
    while (i < n) {
      const key = Math.floor((occ[i] as number) / POS_SPAN);
      const base = key * POS_SPAN;
      let j = i;
      let mask = 0;
      while (j < n && (occ[j] as number) - base < POS_SPAN) {
        const code = (occ[j] as number) - base;
        mask |= key < charKeys ? code : cjk ? 1 << (code % CJK_STEP) : latinKind(code % LATIN_STEP);
        j++;
      }
      let list = cjk ? this.cjk.get(key) : this.latin[key];
      if (!list) {
        list = new Postings();
        if (cjk) this.cjk.set(key, list);
        else this.latin[key] = list;
      }
      let payload = 0;
      if (key >= charKeys) {
        if (j - i === 1) payload = (occ[i] as number) - base;
        else {
          const at = list.pushExtra(occ, i, j, base);
          if (at < 0) fits = false;
          else payload = MULTI | at;
        }
      }
      list.push(num, mask * 2 ** MASK_SHIFT + payload);
      i = j;
    }
    return fits;
  }

  /** Drops the room kept for growth (after a rebuild). */
  compact() {
    for (const list of this.cjk.values()) list.compact();
    for (const list of this.latin) list?.compact();
  }

  cjkPostings(gram: string): Postings | undefined {
    const key = cjkKey(gram);
    return key < 0 ? undefined : this.cjk.get(key);
  }

  latinPostings(gram: string): Postings | undefined {
    const key = latinKey(gram);
    return key < 0 ? undefined : this.latin[key];
  }

  /** True when the posting at `index` of `list` has the position `code`. */
  has(list: Postings, index: number, code: number): boolean {
    const packed = list.data[index * 2 + 1] as number;
    if ((packed & MULTI) === 0) return (packed & PAYLOAD) === code;
    const pool = list.extra as Int32Array;
    const at = packed & PAYLOAD;
    const end = at + 1 + (pool[at] as number);
    for (let k = at + 1; k < end; k++) {
      const value = pool[k] as number;
      if (value >= code) return value === code;
    }
    return false;
  }

  /**
   * Where a term stands whole, for the i-th entry of an intersection. `cover` holds offsets of the term whose
   * bigrams cover all its characters (offset 0 first), `listAt` the intersected list of the bigram at each; a match
   * is a position of the first bigram with the others at their offsets (`step`: CJK_STEP or LATIN_STEP). Returns
   * the field bits (CJK) or the text-kind bits (Latin) of the matches.
   */
  where(
    lists: Postings[],
    cover: Int32Array,
    listAt: Int32Array,
    cut: Intersection,
    i: number,
    step: number,
  ): number {
    const width = cut.width;
    const base = i * width;
    // Fields holding every bigram first: entries holding them only in different fields need no positions.
    let fields = -1;
    for (let l = 0; l < width; l++) fields &= maskAt((lists[l] as Postings).data, cut.at[base + l] as number);
    if (fields === 0) return 0;
    const firstList = lists[listAt[0] as number] as Postings;
    const packed = firstList.data[(cut.at[base + (listAt[0] as number)] as number) * 2 + 1] as number;
    if ((packed & MULTI) === 0) {
      const code = packed & PAYLOAD;
      return this.follows(lists, cover, listAt, cut, base, code, step) ? bitOf(code, step) : 0;
    }
    const pool = firstList.extra as Int32Array;
    const at = packed & PAYLOAD;
    const end = at + 1 + (pool[at] as number);
    let bits = 0;
    for (let k = at + 1; k < end; k++) {
      const code = pool[k] as number;
      if (this.follows(lists, cover, listAt, cut, base, code, step)) bits |= bitOf(code, step);
    }
    return bits;
  }

  private follows(
    lists: Postings[],
    cover: Int32Array,
    listAt: Int32Array,
    cut: Intersection,
    base: number,
    code: number,
    step: number,
  ): boolean {
    for (let c = 1; c < cover.length; c++) {
      const l = listAt[c] as number;
      if (!this.has(lists[l] as Postings, cut.at[base + l] as number, code + (cover[c] as number) * step))
        return false;
    }
    return true;
  }

  /** Entry numbers of a posting list whose mask has one of `bits` (the straightforward path), none: undefined. */
  nums(list: Postings | undefined, bits: number): number[] | undefined {
    if (!list) return undefined;
    const out: number[] = [];
    const data = list.data;
    for (let i = 0; i < list.length; i++) if (maskAt(data, i) & bits) out.push(data[i * 2] as number);
    return out.length > 0 ? out : undefined;
  }
}

function latinKind(text: number): number {
  return text === 0 ? LATIN_FULL : text === 1 ? LATIN_INITIALS : text === 2 ? LATIN_PLACE : LATIN_WORD;
}

function bitOf(code: number, step: number): number {
  return step === CJK_STEP ? 1 << (code % CJK_STEP) : latinKind(code % LATIN_STEP);
}

/**
 * Offsets of a term's bigrams that cover every character (0, 2, 4… and the last), so that fewer lists are
 * intersected and checked; the rarest bigram is added when it is much rarer than those.
 */
export function coverOffsets(grams: number, lengthAt: (offset: number) => number): Int32Array {
  const offsets: number[] = [];
  for (let offset = 0; offset < grams; offset += 2) offsets.push(offset);
  if (offsets[offsets.length - 1] !== grams - 1) offsets.push(grams - 1);
  let rarest = 0;
  for (let offset = 1; offset < grams; offset++) if (lengthAt(offset) < lengthAt(rarest)) rarest = offset;
  let shortest = Number.POSITIVE_INFINITY;
  for (const offset of offsets) shortest = Math.min(shortest, lengthAt(offset));
  if (!offsets.includes(rarest) && lengthAt(rarest) * 2 < shortest) offsets.push(rarest);
  return Int32Array.from(offsets);
}

/** The entries in every one of several posting lists, with where each list holds them (reused between terms). */
export class Intersection {
  nums = new Int32Array(1024);
  /** at[i * width + l]: index in lists[l] of the posting of the i-th common entry. */
  at = new Int32Array(1024 * 4);
  count = 0;
  width = 0;
  private cursors = new Int32Array(16);
  private order: number[] = [];

  /**
   * Intersects the lists; `sameField`: only entries where some field (or kind of Latin text) holds every gram,
   * which is all a term of consecutive grams can match (read from the masks, no positions).
   */
  run(lists: Postings[], sameField = false): this {
    const width = lists.length;
    this.width = width;
    this.count = 0;
    if (width === 0) return this;
    if (this.cursors.length < width) this.cursors = new Int32Array(width * 2);
    const cursors = this.cursors.fill(0, 0, width);
    const order = this.order;
    order.length = 0;
    for (let l = 0; l < width; l++) order.push(l);
    order.sort((a, b) => (lists[a] as Postings).length - (lists[b] as Postings).length);
    const lead = order[0] as number;
    const driver = lists[lead] as Postings;
    const dd = driver.data;
    outer: for (let j = 0; j < driver.length; j++) {
      const num = dd[j * 2] as number;
      let fields = sameField ? maskAt(dd, j) : -1;
      for (let o = 1; o < width; o++) {
        const l = order[o] as number;
        const list = lists[l] as Postings;
        const d = list.data;
        const length = list.length;
        let c = cursors[l] as number;
        if (length < driver.length * 4) {
          // A list of similar length: step through it.
          while (c < length && (d[c * 2] as number) < num) c++;
          cursors[l] = c;
        } else if (c < length && (d[c * 2] as number) < num) {
          // A much longer list: gallop, then binary search.
          let step = 1;
          let hi = c + 1;
          while (hi < length && (d[hi * 2] as number) < num) {
            c = hi;
            step *= 2;
            hi = c + step;
          }
          let lo = c + 1;
          hi = Math.min(hi, length);
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if ((d[mid * 2] as number) < num) lo = mid + 1;
            else hi = mid;
          }
          c = lo;
          cursors[l] = c;
        }
        if (c >= length) break outer;
        if (d[c * 2] !== num) continue outer;
        if (sameField) {
          fields &= maskAt(d, c);
          if (fields === 0) continue outer;
        }
      }
      const count = this.count;
      if (count === this.nums.length) {
        const nums = new Int32Array(count * 2);
        nums.set(this.nums);
        this.nums = nums;
      }
      if ((count + 1) * width > this.at.length) {
        const at = new Int32Array(Math.max((count + 1) * width, this.at.length * 2));
        at.set(this.at);
        this.at = at;
      }
      this.nums[count] = num;
      const base = count * width;
      for (let l = 0; l < width; l++) this.at[base + l] = l === lead ? j : (cursors[l] as number);
      this.count = count + 1;
    }
    return this;
  }
}

/** Bits per phrase in a synonym group's posting (the five field bits); a group of more phrases is not indexed. */
export const GROUP_BITS = 5;
export const GROUP_MAX_PHRASES = 6;

/** A synonym group indexed when entries are: its phrases and, per entry holding one, the fields holding each. */
export interface IndexedGroup {
  /** Distinct phrases of the group, sorted (the order of their bits). */
  readonly phrases: string[];
  /**
   * What the query path looks for, per phrase: the phrase, or its only distinct bigram (哈哈哈 is matched as 哈哈),
   * so that the bits say what the bigram postings would say.
   */
  readonly needles: string[];
  /** Per phrase: true when it has one distinct bigram (its weight then comes from the one-bigram rules). */
  readonly oneBigram: boolean[];
  /** Entry number, then the field bits of phrase p at p * GROUP_BITS; only entries holding some phrase. */
  readonly postings: Postings;
}

/**
 * Index-time synonym expansion: for every group whose phrases are all Chinese of two characters or more (at most
 * GROUP_MAX_PHRASES), which fields of each entry hold which phrase, in one posting list per group. A query term
 * whose alternatives are such a group reads that list instead of intersecting the bigram lists of every phrase.
 */
export class GroupIndex {
  private readonly byKey = new Map<string, IndexedGroup>();
  private readonly groups: IndexedGroup[] = [];

  constructor(groups: readonly (readonly string[])[]) {
    for (const group of groups) {
      const phrases = [...new Set(group)].sort();
      const key = phrases.join(',');
      if (this.byKey.has(key)) continue;
      if (phrases.length > GROUP_MAX_PHRASES || !phrases.every((p) => p.length >= 2 && allCjk(p))) continue;
      const oneBigram = phrases.map(
        (p) => new Set(Array.from({ length: p.length - 1 }, (_, i) => p.slice(i, i + 2))).size === 1,
      );
      const indexed: IndexedGroup = {
        phrases,
        needles: phrases.map((p, i) => (oneBigram[i] ? p.slice(0, 2) : p)),
        oneBigram,
        postings: new Postings(),
      };
      this.byKey.set(key, indexed);
      this.groups.push(indexed);
    }
  }

  /** Records entry `num` (fields: name, labels, place, address, description, normalised) in the groups it holds. */
  add(num: number, fields: readonly string[]) {
    if (this.groups.length === 0) return;
    // Needles are Chinese only, so none spans the separator: one search per needle finds whether any field has it.
    const all = fields.join('\u0001');
    for (const group of this.groups) {
      let packed = 0;
      const needles = group.needles;
      for (let p = 0; p < needles.length; p++) {
        const needle = needles[p] as string;
        if (!all.includes(needle)) continue;
        let bits = 0;
        for (let f = 0; f < fields.length; f++) if ((fields[f] as string).includes(needle)) bits |= 1 << f;
        packed |= bits << (p * GROUP_BITS);
      }
      if (packed !== 0) group.postings.push(num, packed);
    }
  }

  /** The indexed group whose phrases are exactly these (in any order), if any. */
  find(phrases: readonly string[]): IndexedGroup | undefined {
    if (this.groups.length === 0) return undefined;
    return this.byKey.get([...new Set(phrases)].sort().join(','));
  }

  compact() {
    for (const group of this.groups) group.postings.compact();
  }
}
