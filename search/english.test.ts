import { expect, it } from 'vitest';
import { readRegions } from '#db/seed/regions.ts';
import { englishTerms, englishToChinese } from './english.ts';

const inChinese = englishToChinese(englishTerms(new Map(readRegions().map((r) => [r.code, r.name]))));

it('writes the English type labels and region names in Chinese, the longest phrase first', () => {
  expect(inChinese('museum')).toBe('博物馆');
  expect(inChinese('Science Museum')).toBe('科技馆');
  expect(inChinese('science museums')).toBe('科技馆');
  expect(inChinese('libraries')).toBe('图书馆');
  expect(inChinese('Children’s centre')).toBe('儿童活动中心');
  expect(inChinese('Hohhot')).toBe('呼和浩特');
  expect(inChinese('Hohhot library')).toBe('呼和浩特 图书馆');
  expect(inChinese('Inner Mongolia Museum')).toBe('内蒙古 博物馆');
  expect(inChinese('Tumed Left Banner')).toBe('土默特左旗');
  expect(inChinese('Xincheng District')).toBe('新城区');
  expect(inChinese('Xilingol')).toBe('锡林郭勒');
});

it('leaves pinyin, initials, Chinese and unknown words as typed', () => {
  for (const q of ['baotou', 'neimenggu bowuyuan', 'nmgbwy', 'kejiguan', '科技馆', 'museumx', 'planetarium'])
    expect(inChinese(q)).toBe(q);
});
