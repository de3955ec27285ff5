import { describe, expect, it } from 'vitest';
import type { CommitmentTerms } from '#app/domain/commitments/pricing.ts';
import { getT } from '#app/i18n/index.ts';
import { accessSummary } from './discovery.server.ts';

const c = (id: string, terms: Partial<CommitmentTerms>): CommitmentTerms =>
  ({
    id,
    audience: 'primary',
    kind: 'free',
    percentOff: null,
    fixedPrice: null,
    validFrom: '2026-01-01',
    validTo: null,
    status: 'active',
    ...terms,
  }) as CommitmentTerms;

/** Free for the youngest and the teachers, ¥10 for one group, ¥5 for two, and a nought price that is free too. */
const mixed = [
  c('a', { audience: 'junior', kind: 'fixed_price', fixedPrice: 1000 }),
  c('b', { audience: 'primary', kind: 'fixed_price', fixedPrice: 500 }),
  c('c', { audience: 'senior', kind: 'fixed_price', fixedPrice: 500 }),
  c('d', { audience: 'preschool', kind: 'free' }),
  c('e', { audience: 'chaperone', kind: 'fixed_price', fixedPrice: 0 }),
];

describe('a venue’s access summary', () => {
  it('groups the audiences by price, the price first and free first, so no price reads as one group’s only', () => {
    expect(accessSummary(getT('zh'), mixed, '2026-05-01')).toBe(
      '免费：学龄前儿童、陪同教师；¥5：小学生、高中生；¥10：初中生',
    );
    expect(accessSummary(getT('en'), mixed, '2026-05-01')).toBe(
      'Free: Preschool children, Accompanying teachers; ¥5: Primary pupils, Senior secondary pupils; ¥10: Junior secondary pupils',
    );
  });

  it('names all school pupils at once, gives a discount as such, and says when nothing is promised', () => {
    const list = [
      c('p', { audience: 'primary' }),
      c('j', { audience: 'junior' }),
      c('s', { audience: 'senior' }),
      c('t', { audience: 'chaperone', kind: 'percent_off', percentOff: 50 }),
    ];
    expect(accessSummary(getT('zh'), list, '2026-05-01')).toBe('免费：中小学生；5折：陪同教师');
    expect(accessSummary(getT('zh'), list, '2025-05-01')).toBe('暂无公开的免费或优惠承诺');
  });
});
