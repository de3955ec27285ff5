// The embedded engine's shortcuts (positional posting lists, field bits, prefix columns, facet histograms) against
// the straightforward computation (posting lists intersected, then the texts read), over random catalogues and
// queries, before and after upserts and deletes. Small alphabets make repeated bigrams, bigrams scattered over
// fields and near misses common.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedIndex } from './embedded.ts';
import {
  cjkChars,
  cjkGrams,
  latinGrams,
  latinWords,
  normalize,
  pinyinForms,
  type SynonymGroups,
} from './text.ts';
import type { DocKind, SearchDoc, SearchRequest } from './types.ts';

const CJK = '博物馆院科技学教育基地红色爱国哈呼和';
const OTHER = [' ', '，', 'a', 'k', '1', 'Ｋ'];
const SYNONYMS: SynonymGroups = [
  ['博物馆', '博物院'],
  ['科技馆', '科学技术馆'],
  ['红色教育基地', '爱国教育基地', '红色基地'],
  // Repeated bigrams, a mixed-script alternative, a one-character alternative, Latin beside Chinese.
  ['哈哈哈', 'a馆', '哈'],
  ['kj', '科技'],
  // Read from the group lists (index-time expansion): a phrase of one repeated bigram, a two-character phrase and
  // a long one (a name match of a short phrase beside a field match of a long one), phrases inside other groups'.
  ['哈哈哈哈', '科学', '爱国教育基地馆'],
  ['红色', '博物馆院'],
  // The same group twice in another order; a group of more phrases than a group posting holds (not indexed).
  ['博物院', '博物馆'],
  ['院科', '科院', '学教', '教学', '育基', '基育', '地红'],
];
const PHRASES = SYNONYMS.flat();
const PLACES = ['呼和浩特市 新城区', '包头市 昆都仑区', '鄂尔多斯市 东胜区'];
const REGIONS = ['150102', '150203', '150602'];
const THEMES = ['历史文化', '红色教育', '科学探索'];
const TYPES = ['museum', 'library', 'memorial'];
const now = new Date('2026-11-29T02:00:00Z');

type Random = () => number;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, 0, items.length - 1)] as T;

function text(random: Random, min: number, max: number, separators = 0.15): string {
  let out = '';
  const length = int(random, min, max);
  for (let i = 0; i < length; i++)
    out += random() < separators ? pick(random, OTHER) : pick(random, [...CJK]);
  return out;
}

/** Random text with a synonym phrase inside. */
function withPhrase(random: Random): string {
  return text(random, 0, 3, 0.1) + pick(random, PHRASES) + text(random, 0, 3, 0.1);
}

function makeDoc(random: Random, id: string, kind: DocKind): SearchDoc {
  const name = random() < 0.4 ? withPhrase(random) : text(random, 1, 8, 0.1);
  const words = [
    pick(random, [
      '博物馆',
      '科技馆',
      '红色教育基地',
      '爱国教育基地',
      '爱国教育基地馆',
      '哈哈哈',
      ...PHRASES,
    ]),
    text(random, 0, 4),
  ];
  const description = [
    random() < 0.5 ? name : '',
    text(random, 0, 30),
    random() < 0.3 ? pick(random, words) : '',
    random() < 0.2 ? '哈'.repeat(int(random, 1, 6)) : '',
    random() < 0.3 ? withPhrase(random) : '',
  ].join(random() < 0.5 ? '' : '，');
  return {
    kind,
    id,
    name,
    labels: [pick(random, TYPES), ...THEMES.filter(() => random() < 0.4), ...(random() < 0.5 ? words : [])],
    place: random() < 0.1 ? `${pick(random, PLACES)} ${withPhrase(random)}` : pick(random, PLACES),
    address: random() < 0.2 ? withPhrase(random) : text(random, 0, 10),
    description,
    type: pick(random, TYPES),
    regionCode: pick(random, REGIONS),
    serviceRegionCodes: kind === 'speaker' ? REGIONS.filter(() => random() < 0.4) : [],
    themes: THEMES.filter(() => random() < 0.5),
    grades: Array.from({ length: 13 }, (_, g) => g).filter(() => random() < 0.4),
    languages: random() < 0.3 ? ['zh', 'mn'] : ['zh'],
    accessible: random() < 0.5,
    commitments:
      random() < 0.5
        ? [
            {
              id: `${id}-c`,
              audience: 'primary',
              kind: random() < 0.5 ? 'free' : 'percent_off',
              percentOff: 50,
              fixedPrice: null,
              validFrom: '2025-01-01',
              validTo: null,
              status: 'active',
            },
          ]
        : [],
    verifiedAt: random() < 0.8 ? now.getTime() - int(random, 1, 600) * 86_400_000 : null,
    lat: random() < 0.9 ? 40.8 + (random() - 0.5) : null,
    lng: random() < 0.9 ? 111.7 + (random() - 0.5) : null,
  } as SearchDoc;
}

/** A query typed from a catalogue text (often a real substring), its pinyin, with typos, or random characters. */
function makeQuery(random: Random, docs: SearchDoc[]): string {
  const doc = pick(random, docs);
  const cut = (value: string, min: number, max: number) => {
    const length = int(random, min, max);
    const from = int(random, 0, Math.max(0, value.length - length));
    return value.slice(from, from + length);
  };
  const one = (): string => {
    switch (int(random, 0, 9)) {
      case 0:
        return cut(doc.name, 1, 6);
      case 1:
        return cut(doc.description, 2, 8);
      case 2:
        return cut(doc.labels.join(''), 1, 6);
      case 3: {
        const full = pinyinForms(doc.name).full;
        const typed = cut(full, 2, 10);
        if (random() < 0.3 && typed.length > 3) {
          const at = int(random, 0, typed.length - 1);
          return typed.slice(0, at) + pick(random, ['x', 'q', '']) + typed.slice(at + 1);
        }
        return typed;
      }
      case 4:
        return cut(pinyinForms(doc.name).initials, 1, 4);
      case 5:
        return pick(random, PHRASES);
      case 8:
        return withPhrase(random);
      case 6:
        return cut(doc.place, 1, 5);
      case 9: {
        // The name up to synonyms, spaces, punctuation and width: the exact-name rule and its prefix shortcut.
        let name = doc.name;
        for (const group of SYNONYMS)
          for (const phrase of group)
            if (name.includes(phrase) && random() < 0.7) name = name.split(phrase).join(pick(random, group));
        if (random() < 0.5) name = name.replace(/k/g, 'Ｋ');
        const at = int(random, 0, name.length);
        return random() < 0.5 ? name.slice(0, at) + pick(random, [' ', '·', '（']) + name.slice(at) : name;
      }
      default:
        return text(random, 1, 5, 0.1);
    }
  };
  const terms = random() < 0.25 ? 2 : 1;
  return random() < 0.05 ? '' : Array.from({ length: terms }, one).join(' ');
}

function makeRequest(random: Random, docs: SearchDoc[]): SearchRequest {
  const near = random() < 0.3 ? { lat: 40.8, lng: 111.7 } : undefined;
  return {
    kind: random() < 0.85 ? 'venue' : 'speaker',
    q: makeQuery(random, docs),
    filters: {
      ...(random() < 0.2 ? { type: pick(random, TYPES) } : {}),
      ...(random() < 0.15 ? { region: pick(random, [...REGIONS, '150100', '150000']) } : {}),
      ...(random() < 0.15 ? { theme: pick(random, THEMES) } : {}),
      ...(random() < 0.2 ? { grade: int(random, 0, 12) } : {}),
      ...(random() < 0.15 ? { access: pick(random, ['free', 'discounted'] as const) } : {}),
      ...(random() < 0.15 ? { accessible: random() < 0.5 } : {}),
      ...(random() < 0.1 ? { language: 'mn' } : {}),
      ...(random() < 0.1 ? { verified: random() < 0.5 } : {}),
    },
    ...(near ? { near, ...(random() < 0.5 ? { radiusKm: int(random, 5, 60) } : {}) } : {}),
    sort: near && random() < 0.4 ? 'distance' : random() < 0.15 ? 'name' : 'relevance',
    offset: random() < 0.2 ? int(random, 1, 5) : 0,
    limit: random() < 0.3 ? 1000 : int(random, 1, 20),
    facets: random() < 0.4,
    day: '2026-11-29',
    now,
  };
}

/** The posting lists as the engine had them before positional postings: built from the texts, entry by entry. */
class TextLists {
  readonly lists = {
    all: new Map<string, number[]>(),
    name: new Map(),
    meta: new Map(),
    latin: new Map(),
  } as Record<'all' | 'name' | 'meta' | 'latin', Map<string, number[]>>;
  private next = 0;

  add(doc: SearchDoc) {
    const num = this.next++;
    const post = (which: keyof TextLists['lists'], grams: Set<string>) => {
      for (const gram of grams) {
        const list = this.lists[which].get(gram) ?? [];
        list.push(num);
        this.lists[which].set(gram, list);
      }
    };
    const name = normalize(doc.name);
    const labels = normalize(doc.labels.join(' '));
    const place = normalize(doc.place);
    const grams = new Set<string>();
    for (const field of [name, labels, place, normalize(doc.address), normalize(doc.description)])
      cjkGrams(field, grams, true);
    post('all', grams);
    post('name', cjkChars(name, cjkGrams(name, new Set(), true), true));
    const meta = new Set<string>();
    for (const field of [labels, place]) cjkChars(field, cjkGrams(field, meta, true), true);
    post('meta', meta);
    const pinyin = pinyinForms(doc.name);
    const latin = [...new Set([...latinWords(doc.name), ...doc.labels.flatMap(latinWords)])];
    const letters = new Set<string>();
    for (const t of [pinyin.full, pinyin.initials, pinyinForms(place).full, ...latin]) latinGrams(t, letters);
    post('latin', letters);
  }
}

async function compareRun(seed: number) {
  const random = mulberry32(seed);
  const options = { synonyms: SYNONYMS, cache: false };
  const fast = new EmbeddedIndex(options);
  const straight = new EmbeddedIndex({ ...options, straightforward: true });
  const reference = new TextLists();
  let docs = Array.from({ length: int(random, 20, 120) }, (_, i) =>
    makeDoc(random, `d${i}`, random() < 0.9 ? 'venue' : 'speaker'),
  );
  const source = () => ({
    total: docs.length,
    batches: (async function* () {
      for (let i = 0; i < docs.length; i += 16) yield docs.slice(i, i + 16);
    })(),
  });
  await fast.rebuild(source());
  await straight.rebuild(source());
  for (const doc of docs) reference.add(doc);

  const check = (round: string) => {
    for (let q = 0; q < 60; q++) {
      const request = makeRequest(random, docs);
      expect(
        fast.searchNow(request),
        `${round} seed ${seed}: ${JSON.stringify({ ...request, now: undefined })}`,
      ).toEqual(straight.searchNow(request));
    }
    // The postings hold what the lists built from the texts hold (every character and bigram of the alphabets).
    const cjk = [...CJK, ...'浩特鄂尔多斯包头'];
    const grams = [...cjk, ...cjk.flatMap((a) => cjk.map((b) => a + b))];
    for (const which of ['all', 'name', 'meta'] as const)
      for (const gram of grams)
        expect(fast.gramEntries(which, gram), `${round} ${which} ${gram}`).toEqual(
          reference.lists[which].get(gram) ?? [],
        );
    for (const gram of reference.lists.latin.keys())
      expect(fast.gramEntries('latin', gram), `${round} latin ${gram}`).toEqual(
        reference.lists.latin.get(gram),
      );
  };
  check('built');

  for (let round = 0; round < 2; round++) {
    const changed = Array.from({ length: int(random, 1, 15) }, () => {
      const old = pick(random, docs);
      return random() < 0.7
        ? { ...makeDoc(random, old.id, old.kind) }
        : makeDoc(random, `n${round}-${random()}`, 'venue');
    });
    const gone = Array.from({ length: int(random, 0, 8) }, () => pick(random, docs));
    for (const index of [fast, straight]) {
      await index.upsert(changed);
      await index.delete(gone.map((doc) => ({ kind: doc.kind, id: doc.id })));
    }
    for (const doc of changed) reference.add(doc);
    const byId = new Map(docs.map((doc) => [doc.id, doc]));
    for (const doc of changed) byId.set(doc.id, doc);
    for (const doc of gone) byId.delete(doc.id);
    docs = [...byId.values()];
    if (docs.length === 0) return;
    check(`after changes ${round}`);
  }
}

describe('embedded index: shortcuts give the straightforward results', () => {
  it('over random catalogues and queries, before and after upserts and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await compareRun(seed);
      }),
      { numRuns: 40, seed: 20261129 },
    );
  }, 60_000);
});
