import { type AppLoadContext, data } from '@remix-run/node';
import {
  getRegion,
  listScopeRegions,
  type RegionRef,
  resolveReportRegion,
} from '#app/domain/bureau/regions.server.ts';
import { ReportQuerySchema } from '#app/domain/bureau/schemas.ts';
import { defaultReportRegion, type RegionScope, scopeOf } from '#app/domain/bureau/scope.ts';
import { parseTerm, recentTerms, type Term, termAt } from '#app/domain/bureau/terms.ts';
import type { BureauActor } from '#app/domain/bureau/verification.server.ts';
import { getFormatters, type Locale, type TFunction } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { apiError, apiErrorT, apiT, requireApiPermission } from './api.server.ts';
import { forbidden, requirePermission, type SessionUser } from './auth.server.ts';
import type { Permission } from './permissions.ts';
import { type FilterLabels, type IgnoredFilter, parseFilters } from './query.ts';

export interface BureauAccess {
  user: SessionUser;
  scope: RegionScope;
  actor: BureauActor;
}

/** The signed-in auditor or admin with the permission, and the regions they may see; 403 for anyone else. */
export async function requireBureau(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<BureauAccess> {
  const user = await requirePermission(request, context, permission);
  const scope = scopeOf(user);
  if (!scope) throw await forbidden(request, context, user.id, permission);
  return {
    user,
    scope,
    actor: {
      userId: user.id,
      scope,
      requestId: context.requestId,
      ip: context.clientIp,
      publicUrl: siteUrl(context.config),
    },
  };
}

export interface RegionOption {
  value: string;
  label: string;
}

/**
 * The scope's regions for a picker, indented by level below the widest one shown, named in the interface language
 * (Hohhot in English).
 */
export async function regionOptions(
  context: AppLoadContext,
  scope: RegionScope,
  locale: Locale,
): Promise<RegionOption[]> {
  const regions = await listScopeRegions(context.db, scope);
  const depth = (r: RegionRef) => (r.level === 'province' ? 0 : r.level === 'prefecture' ? 1 : 2);
  const top = Math.min(...regions.map(depth));
  return regions.map((r) => ({
    value: r.code,
    label: `${'\u3000'.repeat(depth(r) - top)}${regionName(locale, r)}`,
  }));
}

export function termLabel(t: TFunction, term: Pick<Term, 'year' | 'season'>): string {
  return t(term.season === 'spring' ? 'bureau.term.spring' : 'bureau.term.autumn', { year: term.year });
}

/** The current term and the ones before it for a picker, with the term on screen when it is older than those. */
export function termOptions(t: TFunction, now: Date, shown?: Term): RegionOption[] {
  const terms = recentTerms(now);
  if (shown && !terms.some((term) => term.id === shown.id)) terms.push(shown);
  return terms.map((term) => ({ value: term.id, label: termLabel(t, term) }));
}

export interface ReportSelection {
  region: RegionRef;
  term: Term;
}

const reportQueryLabels: FilterLabels<typeof ReportQuerySchema> = {
  region: 'bureau.filter.region',
  term: 'bureau.filter.term',
};

export type ReportReading =
  | { ok: true; selection: ReportSelection; ignored: IgnoredFilter[] }
  | { ok: false; error: 'out_of_scope' };

/**
 * `?region=…&term=…` as the bureau's pages and exports read it: a value that does not parse, a region that does not
 * exist and a term before 2000 or not yet begun are dropped and named (`ignored`), and the default stands in — the
 * scope's own region, the current term. A region outside the scope is refused: that is a matter of authorization.
 * `term: false` for a page that has no term (a term in its URL, carried over from a report, is not its business).
 */
export async function readReportSelection(
  context: AppLoadContext,
  scope: RegionScope,
  params: URLSearchParams,
  t: TFunction,
  options: { term?: boolean } = {},
): Promise<ReportReading> {
  const withTerm = options.term ?? true;
  const raw: Record<string, string> = {};
  for (const key of withTerm ? (['region', 'term'] as const) : (['region'] as const)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const { query, ignored } = parseFilters(ReportQuerySchema, raw, t, {
    labels: reportQueryLabels,
    fallback: {},
  });
  const current = termAt(context.clock.now());
  let term = current;
  if (query.term) {
    const asked = parseTerm(query.term);
    if (asked && asked.startsAt <= current.startsAt) term = asked;
    else {
      ignored.push({
        field: 'term',
        label: t(reportQueryLabels.term),
        message: t('bureau.error.termOutOfRange', { current: termLabel(t, current) }),
      });
    }
  }
  let code = query.region ?? defaultReportRegion(scope);
  if (query.region && !(await getRegion(context.db, query.region))) {
    ignored.push({
      field: 'region',
      label: t(reportQueryLabels.region),
      message: t('bureau.error.regionUnknown'),
    });
    code = defaultReportRegion(scope);
  }
  const region = await resolveReportRegion(context.db, scope, code);
  if (!region.ok) return { ok: false, error: 'out_of_scope' };
  return { ok: true, selection: { region: region.region, term }, ignored };
}

/**
 * The `region=…&term=…` the bureau's section links carry from the page on screen: only a value that was asked for and
 * kept, as checked (never the raw text of the URL). A dropped value, or a region outside the scope, is carried nowhere.
 */
export async function carriedReportQuery(
  context: AppLoadContext,
  scope: RegionScope,
  params: URLSearchParams,
  t: TFunction,
): Promise<string> {
  const asked = (['region', 'term'] as const).filter((key) => params.get(key)?.trim());
  if (!asked.length) return '';
  const reading = await readReportSelection(context, scope, params, t);
  if (!reading.ok) return '';
  const dropped = new Set(reading.ignored.map(({ field }) => field));
  const checked = { region: reading.selection.region.code, term: reading.selection.term.id };
  return new URLSearchParams(
    asked.filter((key) => !dropped.has(key)).map((key) => [key, checked[key]]),
  ).toString();
}

/**
 * For pages: the region and term asked for, with what was dropped (shown in a notice, as /search does); a region
 * outside the scope is a 403 page that says so.
 */
export async function requireReportSelection(
  context: AppLoadContext,
  scope: RegionScope,
  request: Request,
  t: TFunction,
  options: { term?: boolean } = {},
): Promise<ReportSelection & { ignored: IgnoredFilter[] }> {
  const reading = await readReportSelection(context, scope, new URL(request.url).searchParams, t, options);
  if (!reading.ok) throw data({ message: t('bureau.error.outOfScope') }, { status: 403 });
  return { ...reading.selection, ignored: reading.ignored };
}

export function scopeLabel(
  t: TFunction,
  locale: Locale,
  scope: RegionScope,
  regions: readonly RegionOption[],
): string {
  if (scope.kind === 'all') return t('bureau.scopeAll');
  return getFormatters(locale).list(
    scope.roots.map((code) => regions.find((r) => r.value === code)?.label.trim() ?? code),
  );
}

/**
 * For the API: a bearer token with `read:report:region`, and `?region=…&term=…` read as the pages and exports read
 * them. What they would drop is refused (400, naming each parameter in `fields`), as an export refuses it: a JSON
 * answer must be of what was asked. A region outside the owner's scope is a 403.
 */
export async function reportSelectionForApi(
  request: Request,
  context: AppLoadContext,
): Promise<ReportSelection> {
  const user = await requireApiPermission(request, context, 'read:report:region');
  const scope = scopeOf(user);
  if (!scope) throw apiErrorT(request, 403, 'forbidden', 'api.forbidden');
  const t = apiT(request);
  const reading = await readReportSelection(context, scope, new URL(request.url).searchParams, t);
  if (!reading.ok) throw apiErrorT(request, 403, 'out_of_scope', 'bureau.error.outOfScope');
  if (reading.ignored.length) {
    const fields = Object.fromEntries(reading.ignored.map(({ field, message }) => [field, message]));
    throw apiError(400, 'invalid_request', t('api.invalidRequest'), fields);
  }
  return reading.selection;
}
