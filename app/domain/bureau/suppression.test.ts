import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { tableToCsv } from './exports.server.ts';
import { SUPPRESSED, SUPPRESSED_WITH } from './suppression.ts';
import { type ReportTable, suppressTable, type TableColumn, type TableRow } from './tables.ts';

const columns: TableColumn[] = [
  { key: 'region', label: 'bureau.col.region', kind: 'text' },
  { key: 'pupils', label: 'bureau.col.pupils', kind: 'pupils' },
  { key: 'pupilsReached', label: 'bureau.col.pupilsReached', kind: 'pupils' },
  {
    key: 'pupilsReachedPer100',
    label: 'bureau.col.pupilsReachedPer100',
    kind: 'decimal',
    derivedFrom: ['pupils', 'pupilsReached'],
  },
  { key: 'trips', label: 'bureau.col.trips', kind: 'count' },
];
const pupilColumns = ['pupils', 'pupilsReached'] as const;

function table(counts: { pupils: number; pupilsReached: number; trips: number }[]): ReportTable {
  const row = (name: string, c: { pupils: number; pupilsReached: number; trips: number }): TableRow => ({
    region: name,
    ...c,
    pupilsReachedPer100: c.pupils ? (c.pupilsReached / c.pupils) * 100 : 0,
  });
  const sum = (key: 'pupils' | 'pupilsReached' | 'trips') => counts.reduce((s, c) => s + c[key], 0);
  return {
    id: 'coverage-regions',
    title: 'bureau.table.coverageRegions',
    columns,
    rows: counts.map((c, i) => row(`地区${i + 1}`, c)),
    footer: row('合计', { pupils: sum('pupils'), pupilsReached: sum('pupilsReached'), trips: sum('trips') }),
  };
}

/**
 * What a reader of the export can work out about one hidden small count: every value it can take that agrees with
 * the shown figures and the total, knowing that `<5` is 1–4 and `*` is 5 or more. Worked out by trying every
 * combination, not by the rule the code uses.
 */
function possibleValues(cells: (number | string)[], total: number | string, index: number): Set<number> {
  const possible = new Set<number>();
  if (typeof total !== 'number') {
    for (let v = 1; v <= 4; v++) possible.add(v);
    return possible;
  }
  const shown = cells.reduce<number>((s, c) => s + (typeof c === 'number' ? c : 0), 0);
  const hidden = cells.map((c, i) => ({ c, i })).filter(({ c }) => typeof c === 'string');
  const rest = total - shown;
  const search = (k: number, left: number, mine: number | null) => {
    if (k === hidden.length) {
      if (left === 0 && mine !== null) possible.add(mine);
      return;
    }
    const { c, i } = hidden[k] as { c: string; i: number };
    const [low, high] = c === SUPPRESSED ? [1, 4] : [5, Math.max(5, left)];
    for (let v = low; v <= Math.min(high, left); v++) search(k + 1, left - v, i === index ? v : mine);
  };
  search(0, rest, null);
  return possible;
}

// Counts as reports have them: many zeros and small ones, some in the tens, a few large.
const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 13, max: 60 }) },
);
const counts = fc.array(
  fc.record({ pupils: count, pupilsReached: count, trips: fc.integer({ min: 0, max: 9 }) }),
  { minLength: 1, maxLength: 6 },
);

describe('exports hide small counts so that a total cannot give them back (DESIGN.md rule 6)', () => {
  it('hides the next figure too when a total would give a single hidden count back', () => {
    // The walk-through's case: one county's 4 left-behind pupils, the others shown, and the total.
    const t = getT('zh');
    const csv = tableToCsv(
      table([
        { pupils: 900, pupilsReached: 4, trips: 1 },
        { pupils: 800, pupilsReached: 120, trips: 3 },
        { pupils: 700, pupilsReached: 37, trips: 2 },
      ]),
      t,
    );
    const lines = csv.trim().split('\r\n');
    expect(lines[1]).toBe(`地区1,900,${SUPPRESSED},${SUPPRESSED},1`);
    // The smallest figure enough to hide the 4 with: 41 hidden in all could be 1 + 40, 2 + 39, 3 + 38 or 4 + 37.
    expect(lines[2]).toBe('地区2,800,120,15.00,3');
    expect(lines[3]).toBe(`地区3,700,${SUPPRESSED_WITH},${SUPPRESSED_WITH},2`);
    expect(lines[4]).toBe('合计,2400,161,6.71,6');
  });

  it('for any table, no shown pupil count is 1–4, rates go with their counts, and each hidden count could still be 1, 2, 3 or 4', () => {
    fc.assert(
      fc.property(counts, (rowsCounts) => {
        const source = table(rowsCounts);
        const out = suppressTable(source);
        const rows = out.slice(0, -1);
        const total = out.at(-1) as TableRow;
        for (const row of out) {
          for (const key of pupilColumns) {
            const value = row[key];
            if (typeof value === 'number') expect(value === 0 || value >= 5).toBe(true);
            else expect([SUPPRESSED, SUPPRESSED_WITH]).toContain(value);
          }
          const hiddenSource = pupilColumns.some((key) => typeof row[key] === 'string');
          expect(typeof row.pupilsReachedPer100 === 'string').toBe(hiddenSource);
          expect(typeof row.trips).toBe('number');
        }
        for (const key of pupilColumns) {
          const cells = rows.map((row) => row[key] as number | string);
          cells.forEach((cell, i) => {
            // A cell hidden with others is never small, and a small one is always marked so.
            const real = source.rows[i]?.[key] as number;
            if (cell === SUPPRESSED) expect(real >= 1 && real <= 4).toBe(true);
            if (cell === SUPPRESSED_WITH) expect(real).toBeGreaterThanOrEqual(5);
            if (cell === SUPPRESSED)
              expect([...possibleValues(cells, total[key] as number | string, i)].sort()).toEqual([
                1, 2, 3, 4,
              ]);
          });
        }
      }),
      { numRuns: 400 },
    );
  });
});
