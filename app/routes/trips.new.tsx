import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { gradeOptions, regionOptions } from '#app/components/filter-options.ts';
import { gradeList } from '#app/components/invitations.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import {
  ButtonLink,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import { bookableSessions } from '#app/domain/bookings/views.server.ts';
import { listRegions } from '#app/domain/catalogue/discovery.server.ts';
import { opt, paramsOf, regionCode } from '#app/domain/catalogue/discovery-schemas.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { calendarDay } from '#app/utils/form-dates.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { parseFilters } from '#app/utils/query.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { GRADE_MAX, GRADE_MIN } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The page shows at most this many sessions; filters narrow them. */
const SHOWN = 40;

/** The filters of "book a trip" (all in the URL), with a first day not before today. */
function tripQuery(today: string) {
  return z
    .object({
      q: opt(z.string().trim().max(100)),
      grade: opt(wholeNumber(GRADE_MIN, GRADE_MAX)),
      from: opt(calendarDay),
      region: opt(regionCode),
    })
    .superRefine((query, ctx) => {
      if (query.from && query.from < today)
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'search.error.pastDate' });
    });
}

const tripQueryLabels = {
  q: 'search.q',
  grade: 'search.grade',
  from: 'bookings.new.from',
  region: 'search.region',
} as const satisfies Record<string, MessageKey>;

/** Sessions that take requests now, the teacher's own 盟市 first, with a map of their venues; narrowed by filters. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'create:booking:own-school');
  const t = await getServerT(request);
  const now = context.clock.now();
  const params = paramsOf(new URL(request.url));
  const { query, problems, ignored } = parseFilters(tripQuery(shanghaiDay(now)), params, t, {
    labels: tripQueryLabels,
    fallback: {},
  });
  const [sessions, regionList] = await Promise.all([
    bookableSessions(context.db, user, now, query, SHOWN),
    listRegions(context.db),
  ]);
  return {
    pageTitle: `${t('bookings.new.title')} · ${t('site.name')}`,
    sessions,
    params,
    query,
    problems,
    ignored,
    filtered: Object.values(query).some((v) => v !== undefined),
    regions: regionList
      .filter((r) => r.level !== 'province')
      .map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
  };
}

export default function NewTrip() {
  const { sessions, params, query, problems, ignored, filtered, regions } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const typed = (name: string, parsed: string | number | undefined) =>
    problems[name] || parsed === undefined ? (params[name] ?? '') : String(parsed);
  const points = new Map<string, { lat: number; lng: number; label: string; count: number }>();
  for (const s of sessions) {
    const key = `${s.lat},${s.lng},${s.venueName}`;
    const point = points.get(key) ?? { lat: s.lat, lng: s.lng, label: s.venueName, count: 0 };
    point.count++;
    points.set(key, point);
  }
  return (
    <>
      <PageHeader title={t('bookings.new.title')} lead={t('bookings.new.intro')} />
      <Card className="filters">
        <Form
          method="get"
          action="/trips/new"
          className="filter-form"
          role="search"
          aria-label={t('bookings.new.filters')}
        >
          <TextField
            label={t('search.q')}
            name="q"
            type="search"
            defaultValue={typed('q', query.q)}
            maxLength={100}
            placeholder={t('bookings.new.qPlaceholder')}
            error={problems.q}
          />
          <SelectField
            label={t('search.grade')}
            name="grade"
            defaultValue={query.grade === undefined ? '' : String(query.grade)}
            options={gradeOptions(t)}
          />
          <TextField
            label={t('bookings.new.from')}
            name="from"
            type="date"
            defaultValue={typed('from', query.from)}
            error={problems.from}
          />
          <SelectField
            label={t('search.region')}
            name="region"
            defaultValue={query.region ?? ''}
            options={regionOptions(t, placeName, regions)}
          />
          <button type="submit" className="btn btn-primary">
            {t('search.submit')}
          </button>
        </Form>
      </Card>
      <IgnoredFilters ignored={ignored} />
      {sessions.length === 0 ? null : (
        <p className="result-count" id="results" aria-live="polite">
          {sessions.length >= SHOWN
            ? t('bookings.new.countFirst', { count: SHOWN })
            : t(sessions.length === 1 ? 'bookings.new.countOne' : 'bookings.new.count', {
                count: sessions.length,
              })}{' '}
          {filtered ? <Link to="/trips/new">{t('bookings.new.clear')}</Link> : null}
        </p>
      )}
      {sessions.length === 0 ? (
        <Card>
          <EmptyState title={t(filtered ? 'bookings.new.emptyFiltered' : 'bookings.new.empty')}>
            {filtered ? <Link to="/trips/new">{t('bookings.new.clear')}</Link> : null}
          </EmptyState>
        </Card>
      ) : (
        <>
          <PointsMap label={t('bookings.new.map')} points={[...points.values()]} />
          <ul className="trip-rows">
            {sessions.map((s) => (
              <li key={s.id}>
                <div>
                  <Link to={`/sessions/${s.id}/book`} className="row-title">
                    {s.title}
                  </Link>
                  <span className="muted"> · {s.venueName}</span>
                </div>
                <div className="muted">
                  {format.dateTime(s.startsAt)} ·{' '}
                  {t('bookings.new.seats', { left: s.seatsOpen, capacity: s.capacity })} ·{' '}
                  {gradeList(s.grades, { t, format })}
                </div>
                <div>
                  <ButtonLink to={`/sessions/${s.id}/book`} variant="secondary">
                    {t('bookings.new.book')}
                  </ButtonLink>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
