import { describe, expect, it } from 'vitest';
import { regionNamesEn } from '#app/i18n/region-names-en.ts';
import { readRegions } from '#db/seed/regions.ts';
import {
  isLocationUnknown,
  type PlaceableRegion,
  placeOrigin,
  RegionPlacer,
  regionNameForms,
} from './placement.ts';

const placer = new RegionPlacer(readRegions());

describe('placing a venue by the place its name names', () => {
  it.each([
    ['阿拉善右旗博物馆', '152922', 'county'],
    ['鄂尔多斯市东胜博物馆', '150602', 'county'],
    ['赤峰市红山区红山民俗博物馆', '150402', 'county'],
    ['达茂旗博物馆', '150223', 'county'],
    ['察右中旗博物馆', '150927', 'county'],
    ['扎兰屯市南木鄂伦春民俗博物馆', '150783', 'county'],
    ['包头博物馆', '150200', 'prefecture'],
    ['锡林郭勒盟文化遗产博物馆', '152500', 'prefecture'],
    ['阿拉善博物馆', '152900', 'prefecture'],
  ])('%s → %s (%s)', (name, code, how) => {
    const place = placer.place(name);
    expect(place.regionCode).toBe(code);
    expect(place.matchedBy).toBe(how);
    expect(place.lat).toBeGreaterThan(37);
    expect(place.lat).toBeLessThan(54);
  });

  it('uses the address when the name names no place', () => {
    expect(placer.place('草原文化馆', '内蒙古自治区通辽市科尔沁区')).toMatchObject({ regionCode: '150502' });
    expect(placer.place('包头博物馆', '包头市昆区阿尔丁大街25号')).toMatchObject({ regionCode: '150203' });
  });

  it('looks for a 旗县 only within the 盟市 the text names: 赤峰市新城区 is not 呼和浩特市新城区', () => {
    expect(placer.place('赤峰博物院', '内蒙古自治区赤峰市新城区富河街10A')).toMatchObject({
      regionCode: '150400',
      matchedBy: 'prefecture',
    });
    expect(placer.place('内蒙古博物院', '内蒙古自治区呼和浩特市新城区新华东街27号')).toMatchObject({
      regionCode: '150102',
      matchedBy: 'county',
    });
    expect(placer.place('呼和浩特博物院', '呼市新城区新华大街44号')).toMatchObject({ regionCode: '150102' });
  });

  it('does not pick one of two same-name districts of different 盟市 unless the text names the 盟市', () => {
    const seat = { lat: 41, lng: 112 };
    const regions: PlaceableRegion[] = [
      { code: '150000', name: '内蒙古自治区', level: 'province', parentCode: null, ...seat },
      { code: '150100', name: '呼和浩特市', level: 'prefecture', parentCode: '150000', ...seat },
      { code: '150400', name: '赤峰市', level: 'prefecture', parentCode: '150000', lat: 42.26, lng: 118.88 },
      { code: '150102', name: '新城区', level: 'county', parentCode: '150100', ...seat },
      { code: '150405', name: '新城区', level: 'county', parentCode: '150400', lat: 42.3, lng: 118.9 },
    ];
    const twins = new RegionPlacer(regions);
    expect(twins.place('新城区博物馆')).toMatchObject({
      regionCode: '150000',
      matchedBy: 'unknown',
      candidates: ['150102', '150405'],
    });
    expect(twins.place('新城区博物馆', '赤峰市新城区')).toMatchObject({
      regionCode: '150405',
      matchedBy: 'county',
    });
    expect(twins.place('呼和浩特新城区博物馆')).toMatchObject({ regionCode: '150102', matchedBy: 'county' });
  });

  it('places a name shared by banners of one 盟市 in that 盟市, and one shared across 盟市 nowhere', () => {
    // 巴林左旗 and 巴林右旗 are both in 赤峰市.
    expect(placer.place('巴林古韵博物馆')).toMatchObject({ regionCode: '150400', matchedBy: 'prefecture' });
    expect(placer.place('乌拉特民俗馆')).toMatchObject({ regionCode: '150800', matchedBy: 'prefecture' });
    // 土默特左旗 is in 呼和浩特市, 土默特右旗 in 包头市; 科尔沁 names 旗 of 通辽市 and of 兴安盟.
    expect(placer.place('内蒙古土默特博物馆')).toMatchObject({
      regionCode: '150000',
      matchedBy: 'unknown',
      candidates: ['150121', '150221'],
    });
    expect(placer.place('内蒙古科尔沁草原艺术博物馆')).toMatchObject({
      regionCode: '150000',
      matchedBy: 'unknown',
    });
    // The full name of each still places exactly.
    expect(placer.place('土默特右旗博物馆')).toMatchObject({ regionCode: '150221', matchedBy: 'county' });
    expect(placer.place('杭锦旗综合博物馆')).toMatchObject({ regionCode: '150625', matchedBy: 'county' });
    expect(placer.place('杭锦后旗博物馆')).toMatchObject({ regionCode: '150826', matchedBy: 'county' });
  });

  it('leaves a venue whose text names no place at the autonomous region, not in 呼和浩特市', () => {
    for (const name of ['内蒙古博物院', '查布恐龙博物馆', '布利亚特博物馆', '恩和俄罗斯民族博物馆']) {
      const place = placer.place(name);
      expect(place, name).toMatchObject({ regionCode: '150000', matchedBy: 'unknown' });
      expect(isLocationUnknown({ regionCode: place.regionCode, locationApproximate: true })).toBe(true);
    }
    expect(isLocationUnknown({ regionCode: '150000', locationApproximate: false })).toBe(false);
    expect(isLocationUnknown({ regionCode: '150100', locationApproximate: true })).toBe(false);
  });

  it('finds a short form only where a name begins, not inside a longer name (敖鲁古雅鄂温克族乡 is in 根河市)', () => {
    // The museum's text names no 旗县: 鄂温克 here is part of the township's name, not the 鄂温克族自治旗.
    expect(placer.place('敖鲁古雅鄂温克族驯鹿文化博物馆')).toMatchObject({
      regionCode: '150000',
      matchedBy: 'unknown',
    });
    expect(placer.place('敖鲁古雅鄂温克族驯鹿文化博物馆', '呼伦贝尔市根河市好里堡街道')).toMatchObject({
      regionCode: '150785',
      matchedBy: 'county',
    });
    // At the start, after a space or bracket, or after another place name, the short form still names the banner.
    expect(placer.place('鄂温克博物馆')).toMatchObject({ regionCode: '150724', matchedBy: 'county' });
    expect(placer.place('呼伦贝尔市鄂温克民俗馆')).toMatchObject({
      regionCode: '150724',
      matchedBy: 'county',
    });
    expect(placer.place('民俗馆（鄂温克）')).toMatchObject({ regionCode: '150724', matchedBy: 'county' });
    expect(placer.place('驯鹿馆', '鄂温克族自治旗巴彦托海镇')).toMatchObject({ regionCode: '150724' });
    // A prefecture's short form too: 大兴安岭 is a mountain range, not 兴安盟.
    expect(placer.place('大兴安岭森林博物馆')).toMatchObject({ regionCode: '150000', matchedBy: 'unknown' });
    expect(placer.place('兴安农村第一党支部纪念馆')).toMatchObject({ regionCode: '152200' });
  });

  it('knows short and common forms of long names', () => {
    expect(regionNameForms({ code: '150223', name: '达尔罕茂明安联合旗' })).toEqual(
      expect.arrayContaining(['达尔罕茂明安联合旗', '达尔罕茂明安', '达茂旗', '达茂']),
    );
    expect(regionNameForms({ code: '150100', name: '呼和浩特市' })).toEqual([
      '呼和浩特市',
      '呼和浩特',
      '呼市',
    ]);
    expect(regionNameForms({ code: '150521', name: '科尔沁左翼中旗' })).toContain('科尔沁');
    expect(regionNameForms({ code: '152525', name: '东乌珠穆沁旗' })).toContain('乌珠穆沁');
    expect(regionNameForms({ code: '150624', name: '鄂托克旗' })).toEqual(['鄂托克旗', '鄂托克']);
  });
});

describe('a starting point typed as a place', () => {
  const regions = readRegions();
  const seat = (code: string) => {
    const region = regions.find((r) => r.code === code);
    return `${region?.lat},${region?.lng}`;
  };
  it('finds a 旗县 or 盟市 by its Chinese name, short or whole, or its English one, at its seat', () => {
    for (const typed of ['武川县', '武川', ' 呼和浩特市武川县 ', 'Wuchuan County', 'wuchuan'])
      expect(placeOrigin(typed, regions, regionNamesEn), typed).toEqual({
        near: seat('150125'),
        regionCode: '150125',
        name: '武川县',
      });
    expect(placeOrigin('包头', regions, regionNamesEn)?.regionCode).toBe('150200');
  });
  it('leaves coordinates to the schema, and a text naming no one place unread', () => {
    for (const typed of ['40.84,111.75', '', '北京', 'somewhere', 'x'.repeat(50)])
      expect(placeOrigin(typed, regions, regionNamesEn), typed).toBeNull();
  });
});
