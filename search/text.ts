// Text handling for catalogue search: normalisation, character bigrams, pinyin and the query parser.
// Chinese is indexed as overlapping character bigrams (full recall, see BENCHMARKS.md); names are also indexed as
// full pinyin and pinyin initials so that `nmgbwy` and `neimenggu bowuyuan` find 内蒙古博物院.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const LATIN_RUN = /[a-z0-9]+/g;

/** Full-width to half-width, lower case, ü as v. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ü/g, 'v');
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Distinct character bigrams of every CJK run (a one-character run gives itself). */
export function cjkGrams(text: string, out: Set<string> = new Set(), normalized = false): Set<string> {
  for (const run of (normalized ? text : normalize(text)).match(CJK_RUN) ?? []) {
    if (run.length === 1) {
      out.add(run);
      continue;
    }
    for (let i = 0; i < run.length - 1; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

/** Distinct single characters of CJK runs (indexed for names and short fields only). */
export function cjkChars(text: string, out: Set<string> = new Set(), normalized = false): Set<string> {
  for (const run of (normalized ? text : normalize(text)).match(CJK_RUN) ?? [])
    for (const ch of run) out.add(ch);
  return out;
}

/** Distinct letter bigrams of a Latin string (a one-letter string gives itself). */
export function latinGrams(text: string, out: Set<string> = new Set()): Set<string> {
  if (text.length === 1) out.add(text);
  for (let i = 0; i < text.length - 1; i++) out.add(text.slice(i, i + 2));
  return out;
}

export interface PinyinForms {
  /** Full pinyin without spaces: neimenggubowuyuan. */
  full: string;
  /** Initials: nmgbwy. */
  initials: string;
}

/** Full pinyin and initials of a name; Latin letters and digits are kept as they are. */
export function pinyinForms(name: string): PinyinForms {
  const text = normalize(name);
  const full = pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' })
    .join('')
    .replace(/[^a-z0-9]+/g, '');
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return { full, initials };
}

/** Latin words (lower case) in a text: English names, abbreviations, numbers. */
export function latinWords(text: string): string[] {
  return normalize(text).match(LATIN_RUN) ?? [];
}

// ---- Synonyms

export type SynonymGroups = string[][];

/** search/synonyms.txt beside this module, or in the project when running from the build. */
const SYNONYMS_FILE = [
  fileURLToPath(new URL('./synonyms.txt', import.meta.url)),
  resolve(process.cwd(), 'search/synonyms.txt'),
].find((file) => existsSync(file));

export function parseSynonyms(source: string): SynonymGroups {
  return source
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) =>
      line
        .split(/[\s,，、]+/)
        .map(normalize)
        .filter(Boolean),
    )
    .filter((group) => group.length > 1);
}

let cachedSynonyms: SynonymGroups | undefined;
/** The groups of search/synonyms.txt (read once per process, and again by `reloadSynonyms`). */
export function loadSynonyms(file?: string): SynonymGroups {
  if (file) return parseSynonyms(readFileSync(file, 'utf8'));
  return cachedSynonyms ?? reloadSynonyms();
}

/** Reads search/synonyms.txt again: the embedded index does at every rebuild, so SIGHUP picks up an edit. */
export function reloadSynonyms(): SynonymGroups {
  cachedSynonyms = SYNONYMS_FILE ? parseSynonyms(readFileSync(SYNONYMS_FILE, 'utf8')) : [];
  return cachedSynonyms;
}

/** A text as the exact-name rule compares it (see `nameForm`). */
export type NameForm = (text: string) => string;

/** Letters and digits only: what a query keeps of spaces and punctuation (none). */
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Replaces synonym phrases in one pass (at each place the longest phrase found there, as `parseQuery` prefers the
 * longest), each by what `mark` gives for its group; groups sharing a phrase are one. A replacement is not read again.
 */
function phraseReplacer(
  synonyms: SynonymGroups,
  phraseOf: (phrase: string) => string,
  mark: (group: number) => string,
): (text: string) => string {
  const groupOf = new Map<string, number>();
  const parent = synonyms.map((_, i) => i);
  const root = (i: number): number => {
    let at = i;
    while (parent[at] !== at) at = parent[at] as number;
    return at;
  };
  synonyms.forEach((group, i) => {
    for (const raw of group) {
      const phrase = phraseOf(raw);
      if (!phrase) continue;
      const seen = groupOf.get(phrase);
      if (seen === undefined) groupOf.set(phrase, i);
      else parent[root(seen)] = root(i);
    }
  });
  if (groupOf.size === 0) return (text) => text;
  const formOf = new Map([...groupOf].map(([phrase, group]) => [phrase, mark(root(group))]));
  const pattern = new RegExp(
    [...groupOf.keys()]
      .sort((a, b) => b.length - a.length)
      .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, (phrase) => formOf.get(phrase) ?? phrase);
}

/**
 * The form in which a name equals a query "up to synonyms": normalised (full-width to half-width, lower case),
 * without spaces and punctuation, and every synonym phrase replaced by one private-use character standing for its
 * group. 内蒙古博物院, 内蒙古 博物馆 and 内蒙古·博物馆 have one form.
 */
export function nameForm(synonyms: SynonymGroups): NameForm {
  const replace = phraseReplacer(
    synonyms,
    (phrase) => normalize(phrase).replace(NOT_WORD, ''),
    (group) => String.fromCharCode(0xe000 + (group % 6400)),
  );
  return (text) => replace(normalize(text).replace(NOT_WORD, ''));
}

/**
 * A text with every synonym phrase replaced by the first phrase of its group, spaces and punctuation kept: what
 * Meilisearch is given beside the name and as the query, so that its exact-attribute rule (which does not follow
 * synonyms) sees 赤峰博物院 and 赤峰博物馆 as the same name.
 */
export function synonymForm(synonyms: SynonymGroups): (text: string) => string {
  const replace = phraseReplacer(synonyms, normalize, (group) => normalize(synonyms[group]?.[0] ?? ''));
  return (text) => replace(normalize(text));
}

// ---- Queries

/** One part of a query: the document must match one of its alternatives. */
export interface QueryTerm {
  /** The text as typed (normalised). */
  text: string;
  script: 'cjk' | 'latin';
  /** The text and its synonyms. */
  alternatives: string[];
}

export interface ParsedQuery {
  /** The whole query without spaces, for the exact-name bonus. */
  whole: string;
  terms: QueryTerm[];
}

/** Splits a run of Chinese into words (jieba when available), so that 呼和浩特科技馆 finds 呼和浩特市科技馆. */
export type Segmenter = (text: string) => string[];

const identitySegmenter: Segmenter = (text) => [text];

/**
 * Parses a query: synonym phrases become terms of their own with their alternatives; the rest is split on spaces,
 * then into script runs (Chinese, Latin), and Chinese runs into words by the segmenter.
 */
export function parseQuery(
  raw: string,
  options: { synonyms?: SynonymGroups; segment?: Segmenter } = {},
): ParsedQuery {
  const synonyms = options.synonyms ?? [];
  const segment = options.segment ?? identitySegmenter;
  let text = normalize(raw)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const whole = text.replace(/\s+/g, '');
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const push = (term: QueryTerm) => {
    if (seen.has(term.text)) return;
    seen.add(term.text);
    terms.push(term);
  };
  // Longest synonym phrases first, so 红色教育基地 wins over 红色.
  const phrases = synonyms
    .flatMap((group) => group.map((word) => ({ word, group })))
    .filter(({ word }) => hasCjk(word))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { word, group } of phrases) {
    if (!text.includes(word)) continue;
    push({ text: word, script: 'cjk', alternatives: [...new Set([word, ...group])] });
    text = text.split(word).join(' ');
  }
  for (const chunk of text.split(/\s+/).filter(Boolean)) {
    for (const run of chunk.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g) ?? []) {
      if (hasCjk(run)) {
        const words = run.length <= 2 ? [run] : segment(run).filter((w) => w.trim());
        for (const word of words) {
          const group = synonyms.find((g) => g.includes(word));
          push({ text: word, script: 'cjk', alternatives: group ? [...new Set([word, ...group])] : [word] });
        }
      } else {
        const alternatives = new Set([run, ...(synonyms.find((g) => g.includes(run)) ?? [])]);
        // 博物馆 finds 博物院: bowuguan finds bowuyuan, nmgbwg finds nmgbwy (the phrase's pinyin inside the word).
        // The longest phrase of a group found, written as each other phrase but one inside it (tushuguan: shuguan
        // would also find meishuguan, 美术馆).
        for (const group of pinyinSynonyms(synonyms)) {
          const from = group.filter((word) => run.includes(word)).sort((a, b) => b.length - a.length)[0];
          if (from === undefined) continue;
          for (const to of group) if (!from.includes(to)) alternatives.add(run.replace(from, to));
        }
        push({ text: run, script: 'latin', alternatives: [...alternatives] });
      }
    }
  }
  return { whole, terms };
}

const pinyinGroupCache = new WeakMap<SynonymGroups, SynonymGroups>();

/**
 * The Chinese synonym groups in pinyin: full pinyin (bowuguan bowuyuan), and initials where every phrase has three
 * characters or more (bwg bwy; two letters would turn up inside too many words).
 */
export function pinyinSynonyms(synonyms: SynonymGroups): SynonymGroups {
  let groups = pinyinGroupCache.get(synonyms);
  if (groups) return groups;
  groups = [];
  for (const group of synonyms) {
    const phrases = group.filter((word) => hasCjk(word) && !/[a-z0-9]/.test(word));
    if (phrases.length < 2) continue;
    const forms = phrases.map(pinyinForms);
    const full = [...new Set(forms.map((f) => f.full).filter((f) => f.length >= 4))];
    if (full.length > 1) groups.push(full);
    if (phrases.every((p) => p.length >= 3)) {
      const initials = [...new Set(forms.map((f) => f.initials))];
      if (initials.length > 1) groups.push(initials);
    }
  }
  pinyinGroupCache.set(synonyms, groups);
  return groups;
}

// ---- Homophones

/** A word of a query as `soundsLike` reads it: its Chinese (none for a Latin word) and its syllables. */
export interface SpokenWord {
  chinese: string | null;
  syllables: string[];
}

function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', v: true });
}

/**
 * A query with Chinese read aloud, for a last try when its characters find nothing: a homophone typo (博物官 for
 * 博物馆, 官 and 馆 are both guan) reads as the name does. The Chinese is cut into words (a one-character word joins
 * the word before it, so 科技官 stays one term) and each written as pinyin: 呼和浩特科技官 → huhehaote kejiguan.
 * Null when the query has fewer than two Chinese characters.
 */
export function soundsLike(
  raw: string,
  segment: Segmenter = identitySegmenter,
): { query: string; words: SpokenWord[] } | null {
  const text = normalize(raw);
  // One character read aloud (官: guan) is in half the names.
  if ((text.match(CJK_RUN) ?? []).join('').length < 2) return null;
  const words: SpokenWord[] = [];
  for (const run of text.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g) ?? []) {
    if (!hasCjk(run)) {
      words.push({ chinese: null, syllables: [run] });
      continue;
    }
    const parts: string[] = [];
    for (const word of segment(run).filter((w) => hasCjk(w))) {
      const last = parts.length - 1;
      if (word.length === 1 && last >= 0) parts[last] += word;
      else if (last >= 0 && (parts[last] as string).length === 1) parts[last] += word;
      else parts.push(word);
    }
    for (const part of parts) words.push({ chinese: part, syllables: syllablesOf(part) });
  }
  return { query: words.map((w) => w.syllables.join('')).join(' '), words };
}

/**
 * The query written with the characters of a name that sounds like it (博物官 with 内蒙古博物馆 → 博物馆), for
 * "did you mean"; null when some word of it is not heard in the name, or nothing changes.
 */
export function respelling(words: SpokenWord[], name: string): string | null {
  const chars = [...normalize(name)];
  const heard = syllablesOf(chars.join(''));
  if (heard.length !== chars.length) return null;
  let changed = false;
  const out: string[] = [];
  for (const word of words) {
    if (word.chinese === null) {
      out.push(` ${word.syllables[0]} `);
      continue;
    }
    const n = word.syllables.length;
    let at = -1;
    for (let i = 0; i + n <= heard.length && at < 0; i++)
      if (word.syllables.every((s, k) => heard[i + k] === s)) at = i;
    if (at < 0) return null;
    const written = chars.slice(at, at + n).join('');
    if (written !== word.chinese) changed = true;
    out.push(written);
  }
  return changed ? out.join('').replace(/ +/g, ' ').trim() : null;
}

/** Typing mistakes allowed in a Latin term of this length. */
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/**
 * The smallest edit distance between `needle` and any substring of `hay` (Sellers), or Infinity once it exceeds
 * `max`. Used for pinyin typos: `neimengu` is one edit away from a part of `neimenggubowuyuan`.
 */
export function substringDistance(needle: string, hay: string, max: number): number {
  const m = needle.length;
  if (m === 0) return 0;
  let prev = new Array<number>(m + 1);
  let curr = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best = prev[m] as number;
  for (let j = 1; j <= hay.length; j++) {
    curr[0] = 0;
    const h = hay.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const cost = needle.charCodeAt(i - 1) === h ? 0 : 1;
      const value = Math.min(
        (prev[i - 1] as number) + cost,
        (prev[i] as number) + 1,
        (curr[i - 1] as number) + 1,
      );
      curr[i] = value;
    }
    best = Math.min(best, curr[m] as number);
    [prev, curr] = [curr, prev];
  }
  return best <= max ? best : Number.POSITIVE_INFINITY;
}
