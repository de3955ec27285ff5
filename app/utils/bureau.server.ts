import { type AppLoadContext, data } from '@remix-run/node';
import { listScopeRegions, type RegionRef, resolveReportRegion } from '#app/domain/bureau/regions.server.ts';
import { ReportQuerySchema } from '#app/domain/bureau/schemas.ts';
import { type RegionScope, scopeOf } from '#app/domain/bureau/scope.ts';
import { parseTerm, recentTerms, type Term, termAt } from '#app/domain/bureau/terms.ts';
import type { BureauActor } from '#app/domain/bureau/verification.server.ts';
import type { MessageKey, TFunction } from '#app/i18n/index.ts';
import { apiError, apiErrorT, apiT, requireApiPermission } from './api.server.ts';
import { forbidden, requirePermission, type SessionUser } from './auth.server.ts';
import type { Permission } from './permissions.ts';
import { localizeIssues } from './validation.ts';

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
    actor: { userId: user.id, scope, requestId: context.requestId, ip: context.clientIp },
  };
}

export interface RegionOption {
  value: string;
  label: string;
}

/** The scope's regions for a picker, indented by level below the widest one shown. */
export async function regionOptions(context: AppLoadContext, scope: RegionScope): Promise<RegionOption[]> {
  const regions = await listScopeRegions(context.db, scope);
  const depth = (r: RegionRef) => (r.level === 'province' ? 0 : r.level === 'prefecture' ? 1 : 2);
  const top = Math.min(...regions.map(depth));
  return regions.map((r) => ({ value: r.code, label: `${'\u3000'.repeat(depth(r) - top)}${r.name}` }));
}

export function termLabel(t: TFunction, term: Pick<Term, 'year' | 'season'>): string {
  return t(term.season === 'spring' ? 'bureau.term.spring' : 'bureau.term.autumn', { year: term.year });
}

export function termOptions(t: TFunction, now: Date): RegionOption[] {
  return recentTerms(now).map((term) => ({ value: term.id, label: termLabel(t, term) }));
}

export interface ReportSelection {
  region: RegionRef;
  term: Term;
}

export type ReportSelectionResult =
  | { ok: true; selection: ReportSelection }
  | {
      ok: false;
      status: 400 | 403;
      error: 'invalid_request' | 'out_of_scope';
      fields?: Record<string, string>;
    };

/** `?region=…&term=…` checked against the scope; the scope's own region and the current term by default. */
export async function selectReport(
  context: AppLoadContext,
  scope: RegionScope,
  params: URLSearchParams,
  t: TFunction,
): Promise<ReportSelectionResult> {
  const parsed = ReportQuerySchema.safeParse({
    region: params.get('region') ?? undefined,
    term: params.get('term') ?? undefined,
  });
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      error: 'invalid_request',
      fields: localizeIssues(parsed.error.issues, t),
    };
  }
  const term = parsed.data.term ? parseTerm(parsed.data.term) : termAt(context.clock.now());
  if (!term) {
    return { ok: false, status: 400, error: 'invalid_request', fields: { term: t('bureau.error.term') } };
  }
  const region = await resolveReportRegion(context.db, scope, parsed.data.region);
  if (!region.ok) return { ok: false, status: 403, error: 'out_of_scope' };
  return { ok: true, selection: { region: region.region, term } };
}

/** For pages: a bad selection is a 400 or 403 page. */
export async function requireReportSelection(
  context: AppLoadContext,
  scope: RegionScope,
  request: Request,
  t: TFunction,
): Promise<ReportSelection> {
  const result = await selectReport(context, scope, new URL(request.url).searchParams, t);
  if (!result.ok) {
    const message: MessageKey = result.status === 403 ? 'bureau.error.outOfScope' : 'bureau.error.term';
    throw data({ message: t(message), fields: result.fields ?? {} }, { status: result.status });
  }
  return result.selection;
}

export function scopeLabel(t: TFunction, scope: RegionScope, regions: readonly RegionOption[]): string {
  if (scope.kind === 'all') return t('bureau.scopeAll');
  return scope.roots
    .map((code) => regions.find((r) => r.value === code)?.label.trim() ?? code)
    .join(t('speakers.listSeparator'));
}

/** For the API: a bearer token with `read:report:region`, and a region within its owner's scope. */
export async function reportSelectionForApi(
  request: Request,
  context: AppLoadContext,
): Promise<ReportSelection> {
  const user = await requireApiPermission(request, context, 'read:report:region');
  const scope = scopeOf(user);
  if (!scope) throw apiErrorT(request, 403, 'forbidden', 'api.forbidden');
  const t = apiT(request);
  const result = await selectReport(context, scope, new URL(request.url).searchParams, t);
  if (result.ok) return result.selection;
  if (result.status === 403) throw apiErrorT(request, 403, 'out_of_scope', 'bureau.error.outOfScope');
  throw apiError(400, 'invalid_request', t('api.invalidRequest'), result.fields);
}
