import { describe, expect, it } from 'vitest';
import { readRegions } from '#db/seed/regions.ts';
import { RegionPlacer, regionNameForms } from './placement.ts';

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
    ['内蒙古博物院', '150100', 'capital'],
  ])('%s → %s (%s)', (name, code, how) => {
    const place = placer.place(name);
    expect(place.regionCode).toBe(code);
    expect(place.matchedBy).toBe(how);
    expect(place.lat).toBeGreaterThan(37);
    expect(place.lat).toBeLessThan(54);
  });

  it('uses the address when the name names no place', () => {
    expect(placer.place('草原文化馆', '内蒙古自治区通辽市科尔沁区')).toMatchObject({ regionCode: '150502' });
  });

  it('knows short and common forms of long names', () => {
    expect(regionNameForms({ code: '150223', name: '达尔罕茂明安联合旗' })).toEqual(
      expect.arrayContaining(['达尔罕茂明安联合旗', '达尔罕茂明安', '达茂旗', '达茂']),
    );
    expect(regionNameForms({ code: '150100', name: '呼和浩特市' })).toEqual(['呼和浩特市', '呼和浩特']);
  });
});
