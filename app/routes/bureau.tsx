import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, NavLink, Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { ButtonLink } from '#app/components/ui.tsx';
import type { MessageKey } from '#app/i18n/index.ts';
import { useRootData } from '#app/root.tsx';
import { carriedReportQuery, requireBureau } from '#app/utils/bureau.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { errorStatus, errorTexts, pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The bureau desk: auditors (scoped to their region) and admins. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireBureau(request, context, 'read:report:region');
  const t = await getServerT(request);
  return {
    pageTitle: `${t('bureau.home.title')} · ${t('site.name')}`,
    // The region and term chosen on one report page carry over to the others, as checked, never as typed.
    carried: await carriedReportQuery(context, scope, new URL(request.url).searchParams, t),
  };
}

const SECTIONS: { to: string; label: MessageKey; end?: boolean; keepQuery?: boolean }[] = [
  { to: '/bureau', label: 'bureau.subnav.home', end: true, keepQuery: true },
  { to: '/bureau/queue', label: 'bureau.subnav.queue' },
  { to: '/bureau/overdue', label: 'bureau.subnav.overdue' },
  { to: '/bureau/info-reports', label: 'bureau.subnav.infoReports' },
  { to: '/bureau/compliance', label: 'bureau.subnav.compliance', keepQuery: true },
  { to: '/bureau/coverage', label: 'bureau.subnav.coverage', keepQuery: true },
  { to: '/bureau/requests', label: 'requests.nav' },
  { to: '/bureau/audit', label: 'bureau.subnav.audit' },
];

export default function BureauLayout() {
  const { t } = useI18n();
  const { carried } = useLoaderData<typeof loader>();
  return (
    <div className="bureau">
      <nav className="subnav" aria-label={t('bureau.subnav')}>
        {SECTIONS.map((s) => (
          <NavLink
            key={s.to}
            to={s.keepQuery && carried ? `${s.to}?${carried}` : s.to}
            end={s.end}
            prefetch="intent"
          >
            {t(s.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

/**
 * A refused report (a region outside the auditor's jurisdiction) says why, in the interface language, and leads back
 * to the desk; anything else reads as the site's error page does.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const root = useRootData();
  const status = errorStatus(error);
  const data: unknown = isRouteErrorResponse(error) ? error.data : null;
  const reason =
    data && typeof data === 'object' && 'message' in data && typeof data.message === 'string'
      ? data.message
      : null;
  return (
    <div className="card" style={{ maxWidth: 640 }}>
      <h1>{t(errorTexts(status).heading)}</h1>
      {reason ? <p>{reason}</p> : status >= 500 ? <p>{t('error.server')}</p> : null}
      {root?.requestId ? <p className="muted">{t('error.requestId', { id: root.requestId })}</p> : null}
      {reason ? (
        <ButtonLink to="/bureau">{t('bureau.error.backToDesk')}</ButtonLink>
      ) : (
        <ButtonLink to="/">{t('error.goHome')}</ButtonLink>
      )}
    </div>
  );
}
