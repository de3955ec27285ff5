import { describe, expect, it } from 'vitest';
import { regionNamesEn } from '#app/i18n/region-names-en.ts';
import { regionName } from '#app/i18n/regions.ts';
import { englishRegionName } from './region-names-en.ts';
import { readRegions } from './regions.ts';

describe('English names of the regions', () => {
  it('are the ones the interface ships, for every region (run scripts/region-names-en.ts after the CSV changes)', () => {
    const regions = readRegions();
    expect(regionNamesEn).toEqual(
      Object.fromEntries(regions.map((r) => [r.code, englishRegionName(r.name)])),
    );
    expect(Object.values(regionNamesEn).filter((name) => /\p{Script=Han}/u.test(name))).toEqual([]);
    expect(new Set(Object.values(regionNamesEn)).size).toBe(regions.length);
  });

  it('use the established names of the 盟市 and the autonomous banners, and pinyin with the kind of division otherwise', () => {
    expect(englishRegionName('内蒙古自治区')).toBe('Inner Mongolia Autonomous Region');
    expect(
      ['呼和浩特市', '兴安盟', '锡林郭勒盟', '阿拉善盟', '巴彦淖尔市', '乌兰察布市'].map(englishRegionName),
    ).toEqual(['Hohhot', 'Hinggan League', 'Xilingol League', 'Alxa League', 'Bayannur', 'Ulanqab']);
    expect(englishRegionName('鄂温克族自治旗')).toBe('Ewenki Autonomous Banner');
    expect(englishRegionName('莫力达瓦达斡尔族自治旗')).toBe('Morin Dawa Daur Autonomous Banner');
    expect(englishRegionName('鄂伦春自治旗')).toBe('Oroqen Autonomous Banner');
    expect(englishRegionName('武川县')).toBe('Wuchuan County');
    expect(englishRegionName('新城区')).toBe('Xincheng District');
    expect(englishRegionName('满洲里市')).toBe('Manzhouli City');
    expect(englishRegionName('正蓝旗')).toBe('Zhenglan Banner');
    // A banner's side is translated, its Mongolian name kept in its established form.
    expect(englishRegionName('科尔沁左翼中旗')).toBe('Horqin Left Middle Banner');
    expect(englishRegionName('乌拉特前旗')).toBe('Urad Front Banner');
    // Readings pinyin-pro gets wrong in place names: 商都 shāngdū, 康巴什 kāngbāshí, 扎兰屯 zālántún.
    expect(['商都县', '康巴什区', '扎兰屯市'].map(englishRegionName)).toEqual([
      'Shangdu County',
      'Kangbashi District',
      'Zalantun City',
    ]);
  });

  it('are shown in English only, the stored Chinese name otherwise', () => {
    const hohhot = { code: '150100', name: '呼和浩特市' };
    expect(regionName('en', hohhot)).toBe('Hohhot');
    expect(regionName('zh', hohhot)).toBe('呼和浩特市');
    // A code the table does not know (a functional zone) keeps its Chinese name.
    expect(regionName('en', { code: '150172', name: '呼和浩特经济技术开发区' })).toBe(
      '呼和浩特经济技术开发区',
    );
  });
});
