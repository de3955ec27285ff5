import type { Role } from '#db/schema/enums.ts';

/** GB/T 2260 code of Inner Mongolia, the 自治区. */
export const PROVINCE_CODE = '150000';

/**
 * Which regions a bureau person may see. An auditor of the 自治区 (150000) and an admin see everything; an auditor of
 * a 盟市 (code ending 00) sees that 盟市 and its 旗县 (same first four digits); an auditor of a 旗县 sees only it.
 * `roots` are the auditor memberships' region codes.
 */
export type RegionScope = { kind: 'all' } | { kind: 'regions'; roots: string[] };

export interface ScopeHolder {
  roles: readonly { role: Role; regionCode: string | null }[];
}

export function isPrefectureCode(code: string): boolean {
  return code !== PROVINCE_CODE && code.endsWith('00');
}

export function prefectureOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

/** Whether `code` lies within the region `root` (the root itself, or below it). */
export function regionWithin(code: string, root: string): boolean {
  if (root === PROVINCE_CODE) return code.startsWith('15');
  if (isPrefectureCode(root)) return code.slice(0, 4) === root.slice(0, 4);
  return code === root;
}

/** The scope a person's roles give; null when no role lets them see any region's reports. */
export function scopeOf(user: ScopeHolder): RegionScope | null {
  if (user.roles.some((r) => r.role === 'admin')) return { kind: 'all' };
  const roots = user.roles
    .filter((r) => r.role === 'auditor' && r.regionCode)
    .map((r) => r.regionCode as string);
  if (roots.includes(PROVINCE_CODE)) return { kind: 'all' };
  if (roots.length === 0) return null;
  // A root inside another root adds nothing.
  const kept = [...new Set(roots)].filter((code) => !roots.some((r) => r !== code && regionWithin(code, r)));
  return { kind: 'regions', roots: kept.sort() };
}

export function scopeIncludes(scope: RegionScope, code: string | null | undefined): boolean {
  if (scope.kind === 'all') return true;
  if (!code) return false;
  return scope.roots.some((root) => regionWithin(code, root));
}

/** The region a report opens on when none is asked for: the widest the person may see. */
export function defaultReportRegion(scope: RegionScope): string {
  return scope.kind === 'all' ? PROVINCE_CODE : (scope.roots[0] as string);
}

/**
 * The row a region's entities are grouped under when a report breaks `selected` down one level: the 盟市 for the
 * 自治区, the 旗县 for a 盟市. Entities registered at the selected region's own code form a row of their own (本级).
 */
export function breakdownKey(selected: string, code: string): string {
  if (selected === PROVINCE_CODE) return code === PROVINCE_CODE ? PROVINCE_CODE : prefectureOf(code);
  return code;
}
