import { describe, expect, test } from 'vitest';
import {
  DEFAULT_PAGE_SIZE,
  SpeakerQuerySchema,
  speakerQueryLabels,
  VenueQuerySchema,
  venueQueryDependents,
  venueQueryLabels,
} from '#app/domain/catalogue/discovery-schemas.ts';
import { TopicMenuQuerySchema, topicMenuQueryLabels } from '#app/domain/speakers/schemas.ts';
import { getT } from '#app/i18n/index.ts';
import { lastPageUrl, pageAndMap, pageCount, parseFilters } from './query.ts';

const venues = (params: Record<string, string>, locale: 'zh' | 'en' = 'zh') =>
  parseFilters(VenueQuerySchema, params, getT(locale), {
    labels: venueQueryLabels,
    dependents: venueQueryDependents,
    fallback: { page: 1, pageSize: DEFAULT_PAGE_SIZE },
  });

describe('parseFilters', () => {
  test('an ignored filter is named by its form label, not its parameter, in both languages', () => {
    const zh = venues({ grade: '99', region: '999', q: '博物馆' });
    expect(zh.ignored.map((i) => `${i.label}：${i.message}`)).toEqual([
      '盟市 / 旗县：格式不正确',
      '年级：不能大于 12',
    ]);
    expect(zh.query.q).toBe('博物馆');
    const en = venues({ grade: '99' }, 'en');
    expect(en.ignored[0]?.label).toBe('Grade');
    expect(JSON.stringify(en.ignored)).not.toContain('"grade:');
  });

  test('a date range over 31 days or backwards is dropped whole (not cut to its first day), named under the end date', () => {
    for (const [availableTo, message] of [
      ['2026-08-01', '一次最多查询 31 天'],
      ['2026-05-20', '结束日期不能早于开始日期'],
    ]) {
      const { query, ignored } = venues({
        availableFrom: '2026-06-01',
        availableTo: availableTo!,
        seats: '40',
        q: 'x',
      });
      expect(query).toMatchObject({ q: 'x', page: 1 });
      expect(query.availableFrom).toBeUndefined();
      expect(query.availableTo).toBeUndefined();
      expect(query.seats).toBeUndefined();
      expect(ignored).toEqual([{ field: 'availableTo', label: '参观日期（止）', message }]);
    }
    // A good range stays.
    expect(venues({ availableFrom: '2026-06-01', availableTo: '2026-06-30' }).query).toMatchObject({
      availableFrom: '2026-06-01',
      availableTo: '2026-06-30',
    });
  });

  test('a bad start date also drops what depends on it', () => {
    const { query, ignored } = venues({
      availableFrom: 'soon',
      availableTo: '2026-06-02',
      seats: '40',
      q: 'x',
    });
    expect(query).toMatchObject({ q: 'x', page: 1 });
    expect(query.seats).toBeUndefined();
    expect(ignored.map((i) => i.field)).toEqual(['availableFrom']);
  });

  test('the speaker list and topic menu keep the valid filters too', () => {
    const t = getT('zh');
    const speakers = parseFilters(SpeakerQuerySchema, { region: 'x', language: 'mn' }, t, {
      labels: speakerQueryLabels,
      fallback: { page: 1, pageSize: DEFAULT_PAGE_SIZE },
    });
    expect(speakers.query.language).toBe('mn');
    expect(speakers.ignored[0]?.label).toBe('盟市 / 旗县');
    const menu = parseFilters(TopicMenuQuerySchema, { grade: '3.5', q: '航天' }, t, {
      labels: topicMenuQueryLabels,
      fallback: { page: 1 },
    });
    expect(menu.query.q).toBe('航天');
    expect(menu.ignored[0]).toMatchObject({ field: 'grade', message: '请输入整数' });
  });
});

describe('paging', () => {
  test('a page past the end goes to the last page, keeping the filters', () => {
    expect(pageCount(437, 20)).toBe(22);
    expect(pageCount(0, 20)).toBe(1);
    expect(lastPageUrl(new URL('http://x/search?q=a&page=999'), 999, 22)).toBe('/search?q=a&page=22');
    expect(lastPageUrl(new URL('http://x/search?q=a&page=3'), 3, 1)).toBe('/search?q=a');
    expect(lastPageUrl(new URL('http://x/search?page=22'), 22, 22)).toBeNull();
  });
});

describe('pageAndMap', () => {
  const matches = Array.from({ length: 45 }, (_, i) => i);
  const searcher = () => {
    const calls: { page: number; pageSize: number }[] = [];
    const search = async (window: { page: number; pageSize: number }) => {
      calls.push(window);
      const from = (window.page - 1) * window.pageSize;
      return { items: matches.slice(from, from + window.pageSize), total: matches.length, ...window };
    };
    return { calls, search };
  };

  test('cuts the page from one search of every match while the page lies within the map', async () => {
    const { calls, search } = searcher();
    const { result, mapped } = await pageAndMap(
      { page: 2, pageSize: 20 },
      { max: 100, withMap: true },
      search,
    );
    expect(calls).toEqual([{ page: 1, pageSize: 100 }]);
    expect(result).toMatchObject({ items: matches.slice(20, 40), page: 2, pageSize: 20, total: 45 });
    expect(mapped).toEqual(matches);
  });

  test('searches the page alone past the map, and the map once more; without a map, the page only', async () => {
    const past = searcher();
    const far = await pageAndMap({ page: 3, pageSize: 20 }, { max: 40, withMap: true }, past.search);
    expect(past.calls).toEqual([
      { page: 3, pageSize: 20 },
      { page: 1, pageSize: 40 },
    ]);
    expect(far.result.items).toEqual(matches.slice(40));
    expect(far.mapped).toEqual(matches.slice(0, 40));
    const list = searcher();
    const plain = await pageAndMap({ page: 1, pageSize: 20 }, { max: 100, withMap: false }, list.search);
    expect(list.calls).toEqual([{ page: 1, pageSize: 20 }]);
    expect(plain.mapped).toEqual([]);
  });
});
