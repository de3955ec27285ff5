// The homophone retry (a Chinese query that finds nothing is searched again by its pinyin) is for words that are
// misspelt, never for words spelt right whose filters leave nothing.
import { expect, it } from 'vitest';
import { searchVenues } from '#app/domain/catalogue/discovery.server.ts';
import { VenueQuerySchema } from '#app/domain/catalogue/discovery-schemas.ts';
import { getT } from '#app/i18n/index.ts';
import { venues } from '#db/schema/index.ts';
import { DEMO_NOW, describeEachDriver } from '#tests/setup/db.ts';

describeEachDriver('the homophone retry', (ctx) => {
  it('reads a query aloud only when its words find nothing, not when its filters leave nothing', async () => {
    // 天文 (tianwen) is spelt right and names a venue in 新城区; 天问 sounds the same and names one in 东河区.
    await ctx.db.insert(venues).values([
      {
        slug: 'xingkong-tianwenguan',
        name: '星空天文馆',
        type: 'science_museum',
        regionCode: '150102',
        lat: 40.85,
        lng: 111.75,
        status: 'published',
      },
      {
        slug: 'tianwen-hangtian',
        name: '天问航天科普馆',
        type: 'science_museum',
        regionCode: '150202',
        lat: 40.58,
        lng: 110.04,
        status: 'published',
      },
    ]);
    const search = (params: Record<string, string>) =>
      searchVenues(ctx.db, getT('zh'), VenueQuerySchema.parse(params), { now: DEMO_NOW });

    // In 东河区 nothing is called 天文: the answer is nothing, not 天问 with "did you mean".
    const filtered = await search({ q: '天文', region: '150202' });
    expect(filtered.total).toBe(0);
    expect(filtered.items).toEqual([]);
    expect(filtered.soundsLike).toBeUndefined();

    // A word misspelt (天闻, also tianwen) that finds nothing anywhere is still read aloud, filters or not.
    const misspelt = await search({ q: '天闻', region: '150202' });
    expect(misspelt.items.map((v) => v.name)).toEqual(['天问航天科普馆']);
    expect(misspelt.soundsLike).toEqual({ typed: '天闻', suggestion: '天问' });
    const anywhere = await search({ q: '天闻' });
    expect(anywhere.total).toBe(2);
    expect(anywhere.soundsLike?.typed).toBe('天闻');
  });
});
