import { describe, expect, it } from 'vitest';
import { shanghaiTime } from '#app/utils/time.ts';
import { isVerificationOverdue } from './overdue.ts';
import { breakdownKey, regionWithin, scopeIncludes, scopeOf } from './scope.ts';
import { parseTerm, recentTerms, referenceDay, termAt } from './terms.ts';

const auditor = (...codes: string[]) => ({
  roles: codes.map((regionCode) => ({ role: 'auditor' as const, regionCode })),
});

describe('region scope (DESIGN.md rule 5: auditors see only their region and below)', () => {
  it('gives an auditor of the 自治区, and an admin, everything', () => {
    expect(scopeOf(auditor('150000'))).toEqual({ kind: 'all' });
    expect(scopeOf({ roles: [{ role: 'admin', regionCode: null }] })).toEqual({ kind: 'all' });
    expect(scopeIncludes({ kind: 'all' }, '152900')).toBe(true);
  });

  it('gives an auditor of a 盟市 it and its 旗县, and nothing of a neighbour', () => {
    const scope = scopeOf(auditor('150400'));
    expect(scope).toEqual({ kind: 'regions', roots: ['150400'] });
    if (!scope) return;
    for (const code of ['150400', '150402', '150421', '150430'])
      expect(scopeIncludes(scope, code)).toBe(true);
    for (const code of ['150000', '150200', '150202', '150100', '150500', '154000', null]) {
      expect(scopeIncludes(scope, code)).toBe(false);
    }
  });

  it('gives an auditor of a 旗县 only it, not its 盟市 or sibling 旗县', () => {
    const scope = scopeOf(auditor('150402'));
    if (!scope) throw new Error('no scope');
    expect(scopeIncludes(scope, '150402')).toBe(true);
    expect(scopeIncludes(scope, '150400')).toBe(false);
    expect(scopeIncludes(scope, '150403')).toBe(false);
  });

  it('merges several memberships and drops one inside another; people without an auditor role get none', () => {
    expect(scopeOf(auditor('150402', '150400', '150200'))).toEqual({
      kind: 'regions',
      roots: ['150200', '150400'],
    });
    expect(scopeOf({ roles: [{ role: 'teacher', regionCode: null }] })).toBeNull();
    expect(scopeOf({ roles: [] })).toBeNull();
  });

  it('groups a region’s entities one level down, keeping its own level apart', () => {
    expect(breakdownKey('150000', '150402')).toBe('150400');
    expect(breakdownKey('150000', '150400')).toBe('150400');
    expect(breakdownKey('150000', '150000')).toBe('150000');
    expect(breakdownKey('150400', '150402')).toBe('150402');
    expect(regionWithin('152921', '152900')).toBe(true);
    expect(regionWithin('150402', '150000')).toBe(true);
  });
});

describe('terms (spring March–July, autumn September–January, Asia/Shanghai)', () => {
  it('parses 2026-autumn as 2026-09-01 to 2027-01-31 in Shanghai time', () => {
    const term = parseTerm('2026-autumn');
    expect(term).toMatchObject({ firstDay: '2026-09-01', lastDay: '2027-01-31' });
    expect(term?.startsAt.toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(term?.endsAt.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(parseTerm('2027-spring')).toMatchObject({ firstDay: '2027-03-01', lastDay: '2027-07-31' });
  });

  it('refuses anything that is not YEAR-spring or YEAR-autumn', () => {
    for (const bad of ['2026-summer', '2026-Autumn', '26-autumn', '2026-autumn ', '1800-spring', '']) {
      expect(parseTerm(bad), bad).toBeNull();
    }
  });

  it('takes the current term by default, and in the holidays the one just ended', () => {
    expect(termAt(shanghaiTime(2026, 11, 29)).id).toBe('2026-autumn');
    expect(termAt(shanghaiTime(2027, 1, 31, 23, 59)).id).toBe('2026-autumn');
    expect(termAt(shanghaiTime(2027, 2, 15)).id).toBe('2026-autumn');
    expect(termAt(shanghaiTime(2027, 3, 1, 0, 1)).id).toBe('2027-spring');
    expect(termAt(shanghaiTime(2027, 8, 20)).id).toBe('2027-spring');
    // 31 August 17:00 UTC is already 1 September in Shanghai.
    expect(termAt(new Date('2027-08-31T17:00:00Z')).id).toBe('2027-autumn');
    expect(recentTerms(shanghaiTime(2026, 11, 29), 3).map((t) => t.id)).toEqual([
      '2026-autumn',
      '2026-spring',
      '2025-autumn',
    ]);
  });

  it('judges a finished term on its last day and a running one today', () => {
    const autumn = parseTerm('2026-autumn');
    if (!autumn) throw new Error('no term');
    expect(referenceDay(autumn, shanghaiTime(2027, 5, 1))).toBe('2027-01-31');
    expect(referenceDay(autumn, shanghaiTime(2026, 11, 29, 8))).toBe('2026-11-29');
    expect(referenceDay(autumn, shanghaiTime(2026, 6, 1))).toBe('2026-09-01');
  });
});

describe('verification due after 12 months', () => {
  const now = shanghaiTime(2027, 2, 10, 10);
  it('counts an entry never verified, or verified more than 12 months ago, as overdue', () => {
    expect(isVerificationOverdue(null, now)).toBe(true);
    expect(isVerificationOverdue(shanghaiTime(2026, 2, 10, 9), now)).toBe(true);
    expect(isVerificationOverdue(shanghaiTime(2026, 2, 10, 11), now)).toBe(false);
    expect(isVerificationOverdue('2026-12-01T00:00:00Z', now)).toBe(false);
  });
});
