import { describe, expect, it } from 'vitest';
import { getJieba } from '#app/domain/catalogue/slug.server.ts';
import { EmbeddedIndex, topK } from './embedded.ts';
import { loadSynonyms, parseQuery, respelling, soundsLike, substringDistance } from './text.ts';
import { distanceKm, type SearchDoc, type SearchRequest } from './types.ts';

const now = new Date('2026-11-29T02:00:00Z');

function venue(id: string, name: string, extra: Partial<SearchDoc> = {}): SearchDoc {
  return {
    kind: 'venue',
    id,
    name,
    labels: ['博物馆'],
    place: '呼和浩特市 新城区',
    address: '',
    description: '',
    type: 'museum',
    regionCode: '150102',
    serviceRegionCodes: [],
    themes: ['历史文化'],
    grades: [1, 2, 3, 4, 5, 6],
    languages: ['zh'],
    accessible: false,
    commitments: [],
    verifiedAt: now.getTime() - 86_400_000,
    lat: 40.84,
    lng: 111.75,
    ...extra,
  };
}

function request(q: string, extra: Partial<SearchRequest> = {}): SearchRequest {
  return {
    kind: 'venue',
    q,
    filters: {},
    sort: 'relevance',
    offset: 0,
    limit: 20,
    facets: false,
    day: '2026-11-29',
    now,
    ...extra,
  };
}

async function makeIndex(docs: SearchDoc[]) {
  const index = new EmbeddedIndex({
    synonyms: loadSynonyms(),
    segment: (text) => getJieba().cut(text, false),
  });
  await index.upsert(docs);
  return index;
}

const docs = [
  venue('a', '内蒙古博物院', { description: '自治区综合性博物馆，恐龙化石展厅闻名。' }),
  venue('b', '内蒙古自然博物馆', { description: '恐龙与草原生态。' }),
  venue('c', '呼和浩特市科学技术馆', { type: 'science_museum', labels: ['科技馆'] }),
  venue('d', '包头市非物质文化遗产展示馆', {
    type: 'intangible_heritage_hall',
    place: '包头市 昆都仑区',
    regionCode: '150203',
  }),
  venue('e', '乌兰夫纪念馆', {
    type: 'patriotic_education_base',
    labels: ['爱国主义教育基地'],
    description: '爱国主义教育基地。',
  }),
  venue('f', '博物院路小学旧址', { description: '旧址' }),
];

describe('embedded index: relevance', () => {
  it('finds by characters, with the exact name first', async () => {
    const index = await makeIndex(docs);
    const result = await index.search(request('内蒙古博物院'));
    expect(result.hits[0]?.id).toBe('a');
    const museum = await index.search(request('博物'));
    expect(museum.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['a', 'b', 'f']));
  });

  it('finds by full pinyin, by initials and through pinyin typos', async () => {
    const index = await makeIndex(docs);
    expect((await index.search(request('nmgbwy'))).hits[0]?.id).toBe('a');
    expect((await index.search(request('neimenggu bowuyuan'))).hits[0]?.id).toBe('a');
    expect((await index.search(request('neimengu bowuyuan'))).hits[0]?.id).toBe('a');
    expect((await index.search(request('neimenggu bowuyaun'))).hits.map((h) => h.id)).toContain('a');
  });

  it('finds through synonyms in both directions', async () => {
    const index = await makeIndex(docs);
    expect((await index.search(request('科技馆'))).hits.map((h) => h.id)).toContain('c');
    expect((await index.search(request('科学技术馆'))).hits.map((h) => h.id)).toContain('c');
    expect((await index.search(request('非遗'))).hits.map((h) => h.id)).toEqual(['d']);
    expect((await index.search(request('红色教育基地'))).hits.map((h) => h.id)).toEqual(['e']);
  });

  it('follows the synonyms in pinyin and initials too, as in characters (bowuguan finds 博物院)', async () => {
    const plain = { labels: [], place: '', type: 'museum' };
    const index = await makeIndex([
      venue('a', '内蒙古博物院', plain),
      venue('b', '内蒙古自然博物馆', plain),
      venue('c', '呼和浩特市科学技术馆', plain),
      venue('g', '乌兰夫纪念馆', plain),
    ]);
    const ids = async (q: string) => (await index.search(request(q))).hits.map((h) => h.id).sort();
    expect(await ids('博物馆')).toEqual(['a', 'b']);
    for (const q of ['bowuguan', 'bwg']) expect(await ids(q), q).toEqual(['a', 'b']);
    expect(await ids('nmgbwg')).toEqual(['a']);
    expect(await ids('neimenggu bowuguan')).toEqual(['a', 'b']);
    expect(await ids('kejiguan')).toEqual(['c']);
    expect(await ids('kjg')).toEqual(['c']);
    // A shorter phrase inside the one typed is no alternative: 书馆 in pinyin would find 美术馆 (meishuguan).
    expect(parseQuery('tushuguan', { synonyms: loadSynonyms() }).terms[0]?.alternatives).toEqual([
      'tushuguan',
    ]);
  });

  it('compacts itself once edits leave enough replaced entries, keeping the edits made meanwhile', async () => {
    // synonyms.txt edited meanwhile: a compaction keeps the groups the index answers with (a SIGHUP takes new ones).
    let groups = [['冬季', '寒假']];
    let reads = 0;
    const index = new EmbeddedIndex({
      compactAfter: 40,
      synonyms: () => {
        reads++;
        return groups;
      },
    });
    const seasons = ['春季', '夏季', '秋季', '冬季'];
    const named = (round: number) =>
      Array.from({ length: 20 }, (_, i) => venue(`v${i}`, `${seasons[round]}展 博物馆${i}`));
    await index.upsert(named(0));
    // Each round replaces all 20: the second leaves 20 replaced entries, the third 40, which starts a compaction.
    await index.upsert(named(1));
    expect(index.compaction).toBeNull();
    expect((await index.stats()).tombstones).toBe(20);
    groups = [];
    await index.upsert(named(2));
    const compaction = index.compaction;
    expect(compaction).not.toBeNull();
    // An edit and a deletion while it runs are replayed onto the new generation.
    await index.upsert([venue('v0', '冬季展 博物馆0')]);
    await index.delete([{ kind: 'venue', id: 'v19' }]);
    await compaction;
    const stats = await index.stats();
    expect(stats.tombstones).toBeLessThanOrEqual(2);
    expect(stats.venues).toBe(19);
    expect((await index.search(request('冬季'))).hits.map((h) => h.id)).toEqual(['v0']);
    expect((await index.search(request('寒假'))).hits.map((h) => h.id)).toEqual(['v0']);
    expect(reads).toBe(1);
    expect((await index.search(request('秋季'))).total).toBe(18);
    expect((await index.search(request('夏季'))).total).toBe(0);
  });

  it('takes the synonyms again at a rebuild (SIGHUP after editing synonyms.txt)', async () => {
    let groups = [['科技馆', '科学技术馆']];
    const index = new EmbeddedIndex({ synonyms: () => groups });
    const source = () => ({
      total: docs.length,
      batches: (async function* () {
        yield docs;
      })(),
    });
    await index.rebuild(source());
    expect((await index.search(request('科学技术馆'))).hits.map((h) => h.id)).toEqual(['c']);
    expect((await index.search(request('红色基地'))).total).toBe(0);
    groups = [['红色基地', '爱国主义教育基地']];
    await index.rebuild(source());
    expect((await index.search(request('红色基地'))).hits.map((h) => h.id)).toEqual(['e']);
    await index.upsert([venue('f', '红色基地展馆')]);
    expect((await index.search(request('爱国主义教育基地'))).hits.map((h) => h.id).sort()).toEqual([
      'e',
      'f',
    ]);
  });

  it('finds words of a query typed without spaces (呼和浩特科技馆)', async () => {
    const index = await makeIndex(docs);
    expect((await index.search(request('呼和浩特科技馆'))).hits[0]?.id).toBe('c');
  });

  it('puts the shorter of two equally relevant names first, whatever their order of entry', async () => {
    const index = await makeIndex([
      venue('long', '内蒙古河套文化博物院（巴彦淖尔市考古研究中心）'),
      venue('short', '内蒙古博物院'),
    ]);
    // A typing mistake: no name starts with the query, both match it equally.
    const { hits } = await index.search(request('neimengu bowuyuan'));
    expect(hits.map((h) => h.id)).toEqual(['short', 'long']);
    expect(hits[0]?.score).toBe(hits[1]?.score);
    // Without a query nothing is closer: the order stays the order of entry.
    expect((await index.search(request(''))).hits.map((h) => h.id)).toEqual(['long', 'short']);
  });

  it('puts the venue whose name is the query, up to synonyms, spaces, punctuation and width, first', async () => {
    // The demo catalogue's names: 23 venues named 内蒙古…博物馆 came before 内蒙古博物院 for 内蒙古博物馆.
    const index = await makeIndex([
      venue('shengyuan', '内蒙古盛元博物馆'),
      venue('yabai', '内蒙古崖柏博物馆'),
      venue('bingtuan', '内蒙古兵团博物馆'),
      venue('hetao', '内蒙古河套文化博物院（巴彦淖尔市考古研究中心）'),
      venue('nmg', '内蒙古博物院'),
      venue('songzhou', '赤峰松州博物馆', { place: '赤峰市 松山区', regionCode: '150404' }),
      venue('mao', '赤峰毛泽东造像博物馆', { place: '赤峰市 红山区', regionCode: '150402' }),
      venue('chifeng', '赤峰博物院', { place: '赤峰市 红山区', regionCode: '150402' }),
      venue('kid', '呼和浩特·少年宫'),
      venue('abc', 'ABC科学技术馆'),
    ]);
    const first = async (q: string) => (await index.search(request(q))).hits[0]?.id;
    for (const q of ['内蒙古博物馆', '内蒙古 博物馆', '内蒙古·博物馆', '内蒙古（博物馆）', '内蒙古博物院'])
      expect(await first(q), q).toBe('nmg');
    expect(await first('赤峰博物馆')).toBe('chifeng');
    // The others follow: the word typed before its synonym, then the closest name first (then the order of entry).
    const ids = (await index.search(request('内蒙古博物馆'))).hits.map((h) => h.id);
    expect(ids).toEqual(['nmg', 'shengyuan', 'yabai', 'bingtuan', 'hetao']);
    // Several words of one group, and width: 呼市青少年宫 is 呼和浩特·少年宫, ＡＢＣ 科技馆 is ABC科学技术馆.
    expect((await index.search(request('呼市青少年宫'))).hits[0]?.score).toBeGreaterThanOrEqual(1000);
    expect((await index.search(request('ＡＢＣ 科技馆'))).hits[0]).toMatchObject({ id: 'abc' });
    expect((await index.search(request('ＡＢＣ 科技馆'))).hits[0]?.score).toBeGreaterThanOrEqual(1000);
    // A name that only starts with the query is not the query.
    expect((await index.search(request('内蒙古博'))).hits[0]?.score).toBeLessThan(1000);
  });

  it('weighs a synonym as the word typed, so that a longer synonym does not put longer names first', async () => {
    const index = await makeIndex([
      venue('centre', '乌海市青少年活动中心'),
      venue('palace', '乌海市少年宫'),
      venue('science', '乌海科学技术馆'),
      venue('tech', '乌海市青少年科技馆'),
    ]);
    // Before, 青少年活动中心 (seven characters) weighed more than the 少年宫 typed.
    expect((await index.search(request('少年宫'))).hits.map((h) => h.id)).toEqual(['palace', 'centre']);
    expect((await index.search(request('科技馆'))).hits.map((h) => h.id)).toEqual(['tech', 'science']);
    // Equal weight (both through the synonym): the name the query covers more of first, a synonym counting as one
    // phrase: 乌海科学技术馆 is 乌海 + 科技馆, closer than 乌海市青少年科技馆 is to 科学技术馆.
    expect((await index.search(request('科学技术馆'))).hits.map((h) => h.id)).toEqual(['science', 'tech']);
  });

  it('measures names up to synonyms when equally relevant names are put closest first', async () => {
    const index = await makeIndex([
      venue('museum', '呼和浩特民族团结馆'),
      venue('youth', '呼和浩特青少年活动中心'),
    ]);
    // Both start with the query and hold it in the name; 青少年活动中心 is one phrase (少年宫's group), so the youth
    // centre's name is 呼和浩特 and one word, closer than 呼和浩特 and five characters (by raw length it was not).
    const { hits } = await index.search(request('呼和浩特'));
    expect(hits[0]?.score).toBe(hits[1]?.score);
    expect(hits.map((h) => h.id)).toEqual(['youth', 'museum']);
  });

  it('finds in descriptions with lower rank than in names', async () => {
    const index = await makeIndex([...docs, venue('g', '恐龙乐园')]);
    const ids = (await index.search(request('恐龙'))).hits.map((h) => h.id);
    expect(ids[0]).toBe('g');
    expect(ids).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('keeps precision: bigrams scattered over a text are not a match', async () => {
    const index = await makeIndex([venue('x', '古代', { description: '内蒙 与 蒙古 的博物' })]);
    expect((await index.search(request('内蒙古博物院'))).total).toBe(0);
  });

  it('follows updates and deletes', async () => {
    const index = await makeIndex(docs);
    await index.upsert([venue('a', '内蒙古新馆')]);
    expect((await index.search(request('nmgbwy'))).hits.map((h) => h.id)).not.toContain('a');
    expect((await index.search(request('新馆'))).hits.map((h) => h.id)).toEqual(['a']);
    await index.delete([{ kind: 'venue', id: 'a' }]);
    expect((await index.search(request('新馆'))).total).toBe(0);
    expect((await index.stats()).venues).toBe(docs.length - 1);
  });
});

describe('embedded index: filters, facets, distance', () => {
  it('counts facets as "what another value would give"', async () => {
    const index = await makeIndex(docs);
    const all = await index.search(request('', { facets: true, filters: { type: 'museum' } }));
    expect(all.total).toBe(3);
    // The type facet ignores the type filter itself.
    expect(all.facets?.type).toMatchObject({
      museum: 3,
      science_museum: 1,
      intangible_heritage_hall: 1,
      patriotic_education_base: 1,
    });
    // A 盟市 counts its 旗县.
    expect(all.facets?.region).toMatchObject({ '150100': 3, '150102': 3 });
    const baotou = await index.search(request('', { filters: { region: '150200' } }));
    expect(baotou.hits.map((h) => h.id)).toEqual(['d']);
  });

  it('includes a venue exactly at the edge of the radius and not one beyond it', async () => {
    const origin = { lat: 40.8, lng: 111.7 };
    const edge = venue('edge', '边界馆', { lat: 41.0, lng: 111.9 });
    const index = await makeIndex([edge]);
    const exact = distanceKm(origin.lat, origin.lng, 41.0, 111.9);
    const inside = await index.search(request('', { near: origin, radiusKm: exact }));
    expect(inside.hits.map((h) => h.id)).toEqual(['edge']);
    expect(inside.hits[0]?.distanceKm).toBe(exact);
    const outside = await index.search(request('', { near: origin, radiusKm: exact - 1e-9 }));
    expect(outside.total).toBe(0);
  });

  it('puts an entry with only one coordinate outside every radius and last by distance, as SQL does', async () => {
    const origin = { lat: 40.8, lng: 111.7 };
    const index = await makeIndex([
      venue('placed', '有位置馆', { lat: 40.81, lng: 111.71 }),
      venue('half', '半位置馆', { lat: 40.8, lng: null }),
      venue('none', '无位置馆', { lat: null, lng: null }),
    ]);
    const within = await index.search(request('', { near: origin, radiusKm: 50 }));
    expect(within.hits.map((h) => h.id)).toEqual(['placed']);
    const sorted = await index.search(request('', { near: origin, sort: 'distance' }));
    expect(sorted.hits[0]?.id).toBe('placed');
    expect(sorted.hits.slice(1).every((h) => h.distanceKm === undefined)).toBe(true);
  });

  it('sorts by distance', async () => {
    const index = await makeIndex([
      venue('far', '远馆', { lat: 42, lng: 112 }),
      venue('near', '近馆', { lat: 40.81, lng: 111.71 }),
    ]);
    const result = await index.search(request('', { near: { lat: 40.8, lng: 111.7 }, sort: 'distance' }));
    expect(result.hits.map((h) => h.id)).toEqual(['near', 'far']);
  });
});

describe('text helpers', () => {
  it('parses synonym phrases, words and pinyin', () => {
    const parsed = parseQuery('呼市 科技馆 nmg', { synonyms: loadSynonyms() });
    expect(parsed.terms.map((t) => t.text)).toEqual(['科技馆', '呼市', 'nmg']);
    expect(parsed.terms[0]?.alternatives).toContain('科学技术馆');
  });

  it('reads a query aloud for a homophone typo, and writes it back as a name that sounds the same', () => {
    const segment = (text: string) => getJieba().cut(text, false);
    const spoken = soundsLike('呼和浩特科技官', segment);
    expect(spoken?.query).toBe('huhehaote kejiguan');
    expect(respelling(spoken?.words ?? [], '呼和浩特市科技馆')).toBe('呼和浩特科技馆');
    expect(respelling(soundsLike('博物官', segment)?.words ?? [], '内蒙古博物馆')).toBe('博物馆');
    expect(respelling(soundsLike('博物馆', segment)?.words ?? [], '内蒙古博物馆')).toBeNull();
    expect(respelling(soundsLike('博物官', segment)?.words ?? [], '乌兰夫纪念馆')).toBeNull();
    expect(soundsLike('官', segment)).toBeNull();
    expect(soundsLike('bowuguan', segment)).toBeNull();
  });

  it('measures the edit distance to the closest substring', () => {
    expect(substringDistance('neimengu', 'neimenggubowuyuan', 2)).toBe(1);
    expect(substringDistance('bowuyuan', 'neimenggubowuyuan', 2)).toBe(0);
    expect(substringDistance('zzzzzz', 'neimenggubowuyuan', 2)).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes the top k like a full sort would', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    expect(topK(values, 10, (a, b) => a - b)).toEqual([...values].sort((a, b) => a - b).slice(0, 10));
  });
});
