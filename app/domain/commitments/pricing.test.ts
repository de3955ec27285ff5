import { describe, expect, it } from 'vitest';
import {
  accessKind,
  audienceForGrade,
  type CommitmentTerms,
  commitmentOverlaps,
  datesMeet,
  expectedPrice,
  gradePriceGroups,
  lowerPromise,
} from './pricing.ts';

const base = { validFrom: '2026-01-01', validTo: null, status: 'active' } as const;
const c = (id: string, terms: Partial<CommitmentTerms>): CommitmentTerms =>
  ({
    id,
    audience: 'primary',
    kind: 'free',
    percentOff: null,
    fixedPrice: null,
    ...base,
    ...terms,
  }) as CommitmentTerms;

describe('the price commitments promise', () => {
  it('maps grades to audiences', () => {
    expect([0, 1, 6, 7, 9, 10, 12].map(audienceForGrade)).toEqual([
      'preschool',
      'primary',
      'primary',
      'junior',
      'junior',
      'senior',
      'senior',
    ]);
  });

  it('takes the lowest price of the commitments in force that day', () => {
    const list = [
      c('half', { kind: 'percent_off', percentOff: 50 }),
      c('fixed', { kind: 'fixed_price', fixedPrice: 800 }),
      c('later', { kind: 'free', validFrom: '2026-06-01' }),
    ];
    expect(expectedPrice(list, 'primary', '2026-03-01', 2000)).toEqual({ price: 800, commitmentId: 'fixed' });
    expect(expectedPrice(list, 'primary', '2026-06-01', 2000)).toEqual({ price: 0, commitmentId: 'later' });
    expect(expectedPrice(list, 'junior', '2026-06-01', 2000)).toEqual({ price: 2000, commitmentId: null });
  });

  it('ignores commitments not yet approved, withdrawn or expired', () => {
    const list = [
      c('pending', { status: 'pending' }),
      c('withdrawn', { status: 'withdrawn' }),
      c('expired', { validTo: '2026-02-28' }),
    ];
    expect(expectedPrice(list, 'primary', '2026-03-01', 1500)).toEqual({ price: 1500, commitmentId: null });
    expect(expectedPrice(list, 'primary', '2026-02-28', 1500)).toEqual({ price: 0, commitmentId: 'expired' });
  });

  it('never promises more than the standard price', () => {
    expect(
      expectedPrice([c('f', { kind: 'fixed_price', fixedPrice: 5000 })], 'primary', '2026-03-01', 1000).price,
    ).toBe(1000);
  });

  it('calls a venue free when primary or junior pupils get in free', () => {
    expect(accessKind([c('a', {})], '2026-03-01')).toBe('free');
    expect(accessKind([c('a', { audience: 'senior' })], '2026-03-01')).toBe('discounted');
    expect(accessKind([c('a', { audience: 'chaperone' })], '2026-03-01')).toBe('standard');
    expect(accessKind([], '2026-03-01')).toBe('standard');
  });
});

describe('the booking page’s price lines', () => {
  it('gives one line for grades at one price, and runs of neighbouring grades per price otherwise', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((grade) => ({ grade, price: 0 }));
    expect(gradePriceGroups(nine)).toEqual([{ price: 0, runs: [[1, 9]], all: true }]);
    const mixed = [
      { grade: 7, price: 1000 },
      { grade: 3, price: 500 },
      { grade: 4, price: 500 },
      { grade: 5, price: 0 },
      { grade: 6, price: 500 },
      { grade: 8, price: 1000 },
    ];
    expect(gradePriceGroups(mixed)).toEqual([
      {
        price: 500,
        runs: [
          [3, 4],
          [6, 6],
        ],
        all: false,
      },
      { price: 0, runs: [[5, 5]], all: false },
      { price: 1000, runs: [[7, 8]], all: false },
    ]);
    expect(gradePriceGroups([])).toEqual([]);
  });

  it('never runs across a grade not on offer (1, 2, 3, 5 is not 1 to 5)', () => {
    const gap = [1, 2, 3, 5].map((grade) => ({ grade, price: 0 }));
    expect(gradePriceGroups([...gap, { grade: 7, price: 1000 }])).toEqual([
      {
        price: 0,
        runs: [
          [1, 3],
          [5, 5],
        ],
        all: false,
      },
      { price: 1000, runs: [[7, 7]], all: false },
    ]);
    expect(gradePriceGroups(gap)).toEqual([
      {
        price: 0,
        runs: [
          [1, 3],
          [5, 5],
        ],
        all: true,
      },
    ]);
  });
});

describe('commitments that overlap', () => {
  const o = (id: string, terms: Partial<CommitmentTerms> & { replacesId?: string | null }) => ({
    ...c(id, terms),
    replacesId: terms.replacesId ?? null,
  });

  it('says which of two gives the lower price, when that does not depend on the standard price', () => {
    expect(lowerPromise(c('a', { kind: 'free' }), c('b', { kind: 'percent_off', percentOff: 50 }))).toBe('a');
    expect(
      lowerPromise(
        c('a', { kind: 'percent_off', percentOff: 20 }),
        c('b', { kind: 'percent_off', percentOff: 50 }),
      ),
    ).toBe('b');
    expect(
      lowerPromise(
        c('a', { kind: 'fixed_price', fixedPrice: 500 }),
        c('b', { kind: 'fixed_price', fixedPrice: 500 }),
      ),
    ).toBe('same');
    expect(lowerPromise(c('a', { kind: 'fixed_price', fixedPrice: 0 }), c('b', { kind: 'free' }))).toBe(
      'same',
    );
    expect(
      lowerPromise(
        c('a', { kind: 'fixed_price', fixedPrice: 500 }),
        c('b', { kind: 'percent_off', percentOff: 50 }),
      ),
    ).toBe('depends');
  });

  it('pairs live commitments of one audience whose dates meet, not a proposal with the one it replaces', () => {
    const overlaps = commitmentOverlaps([
      o('free', { validFrom: '2030-01-01', validTo: '2030-12-31' }),
      o('half', {
        kind: 'percent_off',
        percentOff: 50,
        status: 'pending',
        validFrom: '2030-06-01',
        validTo: '2030-08-31',
      }),
      o('next', {
        kind: 'percent_off',
        percentOff: 20,
        status: 'pending',
        validFrom: '2030-10-01',
        replacesId: 'free',
      }),
      o('later', { status: 'pending', validFrom: '2031-01-01' }),
      o('gone', { status: 'withdrawn', validFrom: '2030-01-01' }),
      o('senior', { audience: 'senior', validFrom: '2030-01-01' }),
    ]);
    expect([...overlaps.keys()].sort()).toEqual(['free', 'half', 'later', 'next']);
    expect(overlaps.get('free')).toEqual([
      expect.objectContaining({ other: expect.objectContaining({ id: 'half' }), lower: 'this' }),
    ]);
    expect(overlaps.get('half')?.[0]?.lower).toBe('other');
    // Open-ended from October, 'next' meets 'later' (from 2031), both waiting for the bureau.
    expect(overlaps.get('next')?.map((x) => x.other.id)).toEqual(['later']);
  });
});

describe('datesMeet (shared by the console and the bureau queue)', () => {
  it('sees ranges that share a day, ends included, and open ends as endless', () => {
    expect(
      datesMeet(
        { validFrom: '2026-01-01', validTo: '2026-03-31' },
        { validFrom: '2026-03-31', validTo: null },
      ),
    ).toBe(true);
    expect(
      datesMeet(
        { validFrom: '2026-01-01', validTo: '2026-03-30' },
        { validFrom: '2026-03-31', validTo: null },
      ),
    ).toBe(false);
    expect(
      datesMeet({ validFrom: '2026-05-01', validTo: null }, { validFrom: '2026-01-01', validTo: null }),
    ).toBe(true);
    expect(
      datesMeet(
        { validFrom: '2026-05-01', validTo: null },
        { validFrom: '2026-01-01', validTo: '2026-04-30' },
      ),
    ).toBe(false);
  });
});
