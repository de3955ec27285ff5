import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ClusterMap } from '#app/components/cluster-map.tsx';
import { gradeList } from '#app/components/invitations.tsx';
import { Badge, ButtonLink, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { getReportableVenue } from '#app/domain/bureau/info-reports.server.ts';
import { venueProfile } from '#app/domain/catalogue/discovery.server.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { calendarDay } from '#app/utils/form-dates.ts';
import { splitVenuePhones, telHref } from '#app/utils/form-phones.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { hasPermission } from '#app/utils/permissions.ts';
import { shanghaiDay } from '#app/utils/time.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

/** The national museum grades as the museum list writes them (未定级, ungraded, is not shown). */
const QUALITY_GRADES = {
  一级: 'venue.profile.quality.1',
  二级: 'venue.profile.quality.2',
  三级: 'venue.profile.quality.3',
} as const;

/** A venue's public page: profile, programs, commitments in plain words, sessions with seats left, open days. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const [t, user] = await Promise.all([getServerT(request), getUser(request, context)]);
  const slug = params.slug ?? '';
  const now = context.clock.now();
  // ?from=YYYY-MM-DD: the day a search for free seats asked about, so that the sessions it found are on the page.
  const askedDay = calendarDay.safeParse(new URL(request.url).searchParams.get('from') ?? '');
  const sessionsFrom = askedDay.success && askedDay.data > shanghaiDay(now) ? askedDay.data : null;
  // Seats are counted as the booking form counts them for the viewer's school: a priority school's teacher may take
  // the green-channel seats too; anyone else sees them apart, with when they open to all.
  const school = user ? await schoolOf(context.db, user) : null;
  const profile =
    slug.length <= 120
      ? await venueProfile(context.db, t, slug, now, {
          sessionsFrom: sessionsFrom ?? undefined,
          priority: Boolean(school?.isPriority),
        })
      : null;
  if (!profile) throw new Response(t('venue.notFound'), { status: 404 });
  // Reporting wrong information is for a school that visited: a teacher of another school would only meet a refusal.
  const mayReport = user && hasPermission(user, 'create:info-report:own-school');
  const visited = mayReport
    ? ((await getReportableVenue(context.db, user, slug))?.visits.length ?? 0) > 0
    : false;
  return {
    // Dates in another year than this one say which (the sessions run months ahead, across the new year).
    today: now.toISOString(),
    sessionsFrom,
    pageTitle: `${profile.venue.name} · ${t('site.name')}`,
    description: profile.venue.description.slice(0, 160),
    // Booking and reporting are for school staff; someone not signed in is asked to sign in on the way. Other roles
    // (operators, speakers, auditors) would only meet a refusal, so they are not offered the buttons.
    offers: {
      book: !user || hasPermission(user, 'create:booking:own-school'),
      report: !user || visited,
      // An outreach program is asked for like a speaker: by a school's teacher, through the invitation form.
      outreach: !user || hasPermission(user, 'create:invitation:own-school'),
    },
    ...profile,
  };
}

export default function VenuePage() {
  const { venue, access, commitmentNotes, programs, sessions, openDays, offers, today, sessionsFrom } =
    useLoaderData<typeof loader>();
  const { t, format, locale } = useI18n();
  /** 呼和浩特市 新城区 in Chinese, the larger place first; "Xincheng District, Hohhot" in English. */
  const placeLinks = (county: ReactNode, prefecture: ReactNode) =>
    !prefecture ? (
      county
    ) : locale === 'en' ? (
      <>
        {county}, {prefecture}
      </>
    ) : (
      <>
        {prefecture} {county}
      </>
    );
  const placeName = useRegionName();
  const session = (s: (typeof sessions)[number]) => (
    <li key={s.id}>
      <span>
        <strong>{format.dateShort(s.startsAt, today)}</strong> {format.time(s.startsAt)}–
        {format.time(s.endsAt)} · {s.title ?? s.programTitle}
        {/* Seats kept for priority schools are not in the count above: said apart, with when they open to all. */}
        {s.greenHeld ? (
          <span className="muted small green-held" data-testid="green-held">
            {t(s.greenHeld.seats === 1 ? 'venue.profile.greenHeldOne' : 'venue.profile.greenHeld', {
              seats: s.greenHeld.seats,
              release: `${format.dateShort(s.greenHeld.releaseAt, today)} ${format.time(s.greenHeld.releaseAt)}`,
            })}
          </span>
        ) : null}
      </span>
      <span className="session-actions">
        {s.seatsOpen > 0 ? (
          <Badge tone={s.seatsOpen >= s.smallestGroup ? 'good' : 'warn'}>
            {t(s.seatsOpen === 1 ? 'venue.profile.seatsLeftOne' : 'venue.profile.seatsLeft', {
              seats: s.seatsOpen,
            })}
          </Badge>
        ) : (
          <Badge tone="bad">{t('venue.profile.full')}</Badge>
        )}
        {/* Seats left, but fewer than the smallest group takes: every request would be refused. */}
        {s.seatsOpen > 0 && s.seatsOpen < s.smallestGroup && s.smallestGroup <= s.capacity ? (
          <span className="muted small" data-testid="too-few">
            {t('venue.profile.tooFew', { seats: s.smallestGroup })}
          </span>
        ) : null}
        {/* Teachers book here (or join the waitlist when too few seats are left); others are asked to sign in. */}
        {s.smallestGroup > s.capacity ? (
          <span className="muted small">{t('venue.profile.tooSmall')}</span>
        ) : !offers.book ? null : s.booking === 'open' ? (
          <ButtonLink to={`/sessions/${s.id}/book`} variant="secondary">
            {s.seatsOpen >= s.smallestGroup ? t('venue.profile.book') : t('venue.profile.waitlist')}
            {/* Nineteen links saying only 预约 are told apart by the session each books, for screen readers. */}
            <span className="visually-hidden">
              {t('common.actsOn', {
                what: `${format.dateShort(s.startsAt, today)} ${format.time(s.startsAt)}–${format.time(s.endsAt)} · ${s.title ?? s.programTitle}`,
              })}
            </span>
          </ButtonLink>
        ) : s.booking === 'not_open_yet' ? (
          <span className="muted small">
            {t('venue.profile.opensOn', { date: format.dateShort(s.bookingOpensAt, today) })}
          </span>
        ) : (
          <span className="muted small">{t('venue.profile.bookingClosed')}</span>
        )}
      </span>
    </li>
  );
  return (
    <>
      <PageHeader
        title={venue.name}
        lead={
          <>
            {t(`venueType.${venue.type}` as MessageKey)} ·{' '}
            {placeLinks(
              <Link to={`/regions/${venue.regionCode}`}>
                {placeName({ code: venue.regionCode, name: venue.regionName })}
              </Link>,
              venue.prefectureName && venue.prefectureCode ? (
                <Link to={`/regions/${venue.prefectureCode}`}>
                  {placeName({ code: venue.prefectureCode, name: venue.prefectureName })}
                </Link>
              ) : null,
            )}
            {venue.qualityGrade && venue.qualityGrade in QUALITY_GRADES
              ? ` · ${t(QUALITY_GRADES[venue.qualityGrade as keyof typeof QUALITY_GRADES])}`
              : ''}
          </>
        }
        actions={
          offers.report ? (
            <ButtonLink to={`/report-issue/${venue.slug}`} variant="secondary">
              {t('venue.profile.report')}
            </ButtonLink>
          ) : null
        }
      />
      <p className="chips">
        <Badge tone={access.kind === 'free' ? 'good' : access.kind === 'discounted' ? 'info' : 'neutral'}>
          {t(`search.access.${access.kind}`)}
        </Badge>{' '}
        {venue.accessible ? <Badge tone="info">{t('search.accessibleYes')}</Badge> : null}{' '}
        {venue.verificationOverdue ? (
          <Badge tone="warn">{venue.verifiedAt ? t('search.overdue') : t('search.never')}</Badge>
        ) : null}{' '}
        {venue.verifiedAt ? (
          <span className="muted">
            {t('venue.profile.verified', { date: format.date(venue.verifiedAt) })}
          </span>
        ) : null}
      </p>
      <div className="profile-grid">
        <div>
          <Card>
            <p>{venue.description}</p>
            <h2>{t('venue.profile.commitments')}</h2>
            <p data-testid="access-summary">
              <strong>{access.summary}</strong>
            </p>
            {commitmentNotes.length ? (
              <ul data-testid="commitment-notes">
                {commitmentNotes.map((n) => {
                  const note = [
                    n.conditions,
                    n.validTo ? t('venue.profile.validTo', { date: format.date(n.validTo) }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ');
                  return (
                    <li key={n.key} className="muted">
                      {n.audiences ? t('common.labelled', { label: n.audiences, value: note }) : note}
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </Card>
          <Card>
            <h2>{t('venue.profile.programs')}</h2>
            {programs.length === 0 ? (
              <EmptyState title={t('venue.profile.noPrograms')} />
            ) : (
              <ul className="result-list">
                {programs.map((p) => (
                  <li key={p.id}>
                    <h3>{p.title}</h3>
                    <p>{p.summary}</p>
                    <p className="result-meta">
                      <span>{t('venue.profile.grades', { grades: gradeList(p.grades, { t, format }) })}</span>
                      <span>{t('venue.profile.duration', { minutes: p.durationMinutes })}</span>
                      <span>{t('venue.profile.group', { min: p.minGroupSize, max: p.maxGroupSize })}</span>
                      <span>{t(`delivery.${p.delivery}` as MessageKey)}</span>
                      <span>{t(`language.${p.language}` as MessageKey)}</span>
                      {p.standardPricePerPupil > 0 ? (
                        <span>
                          {t('venue.profile.price', { price: format.yuan(p.standardPricePerPupil) })}
                        </span>
                      ) : (
                        <span>{t('common.free')}</span>
                      )}
                    </p>
                    {p.delivery === 'outreach' && offers.outreach ? (
                      <p className="actions-row">
                        <ButtonLink to={`/invitations/new?program=${p.id}`} variant="secondary">
                          {t('outreach.menu.request')}
                        </ButtonLink>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <h2 id="sessions">{t('venue.profile.sessions')}</h2>
            {sessionsFrom ? (
              <p className="muted" data-testid="sessions-from">
                {t('venue.profile.sessionsFrom', { date: format.dateShort(sessionsFrom, today) })}{' '}
                <Link to={`/venues/${venue.slug}#sessions`}>{t('venue.profile.sessionsFromToday')}</Link>
              </p>
            ) : null}
            {sessions.length === 0 ? (
              <EmptyState
                title={
                  sessionsFrom
                    ? t('venue.profile.noSessionsFrom', { date: format.dateShort(sessionsFrom, today) })
                    : t('venue.profile.noSessions')
                }
              />
            ) : (
              <ul className="session-list">{sessions.map(session)}</ul>
            )}
            {openDays.length ? (
              <>
                <h2>{t('venue.profile.openDays')}</h2>
                <ul className="session-list">{openDays.map(session)}</ul>
              </>
            ) : null}
          </Card>
        </div>
        <div>
          {venue.locationUnknown ? null : (
            <ClusterMap
              className="cluster-map-small"
              label={t('venue.profile.map')}
              skipTo="venue-facts"
              points={[
                { id: venue.id, lat: venue.lat, lng: venue.lng, label: venue.name, detail: venue.address },
              ]}
            />
          )}
          <Card>
            <dl className="facts stacked" id="venue-facts">
              <dt>{t('venue.profile.address')}</dt>
              <dd>
                {venue.address || placeName({ code: venue.regionCode, name: venue.regionName })}
                {venue.locationUnknown ? (
                  <p className="muted" data-testid="location-unknown">
                    {t('venue.profile.locationUnknown')}
                  </p>
                ) : venue.locationApproximate ? (
                  <span className="muted"> · {t('search.approximate')}</span>
                ) : null}
              </dd>
              {venue.openingHours ? (
                <>
                  <dt>{t('venue.profile.hours')}</dt>
                  <dd>{venue.openingHours}</dd>
                </>
              ) : null}
              <dt>{t('venue.profile.accessibility')}</dt>
              <dd>
                {venue.accessible ? t('venue.profile.accessibleYes') : t('venue.profile.accessibleNo')}
                {venue.accessibilityNotes ? ` · ${venue.accessibilityNotes}` : ''}
              </dd>
              <dt>{t('venue.profile.languages')}</dt>
              <dd>{format.list(venue.languages.map((l) => t(`language.${l}` as MessageKey)))}</dd>
              {venue.phone ? (
                <>
                  <dt>{t('venue.profile.phone')}</dt>
                  <dd>
                    {/* Each number its own link, to be dialled with a tap. */}
                    {splitVenuePhones(venue.phone).map((number, index) => (
                      <span key={number}>
                        {index > 0 ? ' ' : null}
                        <a className="tel" href={telHref(number)}>
                          {number}
                        </a>
                      </span>
                    ))}
                  </dd>
                </>
              ) : null}
              {venue.website ? (
                <>
                  <dt>{t('venue.profile.website')}</dt>
                  <dd>
                    <a href={venue.website} rel="noopener noreferrer nofollow">
                      {venue.website}
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
            {venue.source && venue.source !== 'demo' ? (
              <p className="muted">{t('venue.profile.source', { source: venue.source })}</p>
            ) : null}
          </Card>
        </div>
      </div>
    </>
  );
}
