import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useLocation, useMatches } from '@remix-run/react';
import { Button } from '#app/components/ui.tsx';
import { listOperatedVenues } from '#app/domain/venues/access.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { actorFrom, type ConsoleHandle } from '#app/utils/console.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

/** The console's name, for a console page that gives no title of its own. */
export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The venue console: venue operators (each page checks its own permission and the venue again). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'update:venue:own');
  const [venues, t] = await Promise.all([
    listOperatedVenues(context.db, actorFrom(user, context)),
    getServerT(request),
  ]);
  return {
    pageTitle: `${t('console.home.title')} · ${t('site.name')}`,
    venues: venues.map((v) => ({ id: v.id, name: v.name })),
  };
}

const SECTIONS: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/console', label: 'console.subnav.home', end: true },
  { to: '/console/bookings', label: 'bookings.nav.console' },
  { to: '/console/profile', label: 'console.subnav.profile' },
  { to: '/console/programs', label: 'console.subnav.programs' },
  { to: '/console/sessions', label: 'console.subnav.sessions' },
  { to: '/console/commitments', label: 'console.subnav.commitments' },
  { to: '/console/outreach', label: 'console.subnav.outreach' },
];

export default function ConsoleLayout() {
  const { venues } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const location = useLocation();
  // The venue chosen on one page carries over to the others (operators of several venues).
  const venue = new URLSearchParams(location.search).get('venue');
  const carried = venue ? `?venue=${encodeURIComponent(venue)}` : '';
  // A page that reads all the operator's venues together (the outreach desk) offers them as the first choice.
  const allVenues = useMatches().some((m) => (m.handle as ConsoleHandle | undefined)?.allVenues);
  return (
    <div className="console">
      <nav className="subnav" aria-label={t('console.subnav')}>
        {SECTIONS.map((s) => (
          <NavLink key={s.to} to={`${s.to}${carried}`} end={s.end} prefetch="intent">
            {t(s.label)}
          </NavLink>
        ))}
      </nav>
      {venues.length > 1 ? (
        <Form method="get" className="inline-form venue-picker">
          <label htmlFor="venue-picker">{t('console.venuePicker')}</label>
          <select
            id="venue-picker"
            name="venue"
            defaultValue={venue ?? (allVenues ? '' : venues[0]?.id)}
            key={allVenues ? 'all' : 'one'}
          >
            {allVenues ? <option value="">{t('console.venuePicker.all')}</option> : null}
            {venues.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
          <Button variant="secondary">{t('console.venuePicker.go')}</Button>
        </Form>
      ) : null}
      <Outlet />
    </div>
  );
}
