import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { gradeOptions } from '#app/components/filter-options.ts';
import { gradeList } from '#app/components/invitations.tsx';
import { type MapPoint, PointsMap } from '#app/components/points-map.tsx';
import {
  Badge,
  ButtonLink,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  Pager,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import { TopicMenuQuerySchema, topicMenuQueryLabels } from '#app/domain/speakers/schemas.ts';
import { MENU_PAGE_SIZE, menuFilters, schoolOf, topicMenu } from '#app/domain/speakers/speakers.server.ts';
import { type Formatters, getFormatters, getT, type TFunction } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { getLocale } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { hasPermission } from '#app/utils/permissions.ts';
import { lastPageUrl, pageCount, parseFilters } from '#app/utils/query.ts';
import { themeLabel } from '#app/utils/themes.ts';
import { languages } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

const DISTANCES = [10, 30, 50, 100, 200];

/** One point per 旗县 seat, labelled with the speakers there (a speaker's home is never shown). */
function speakerPoints(
  topics: {
    regionLat: number | null;
    regionLng: number | null;
    regionCode: string;
    regionName: string;
    speakerName: string;
  }[],
  t: TFunction,
  list: Formatters['list'],
  placeName: (region: { code: string; name: string }) => string,
): MapPoint[] {
  const byRegion = new Map<string, MapPoint & { names: Set<string> }>();
  for (const topic of topics) {
    if (topic.regionLat === null || topic.regionLng === null) continue;
    const key = `${topic.regionLat},${topic.regionLng}`;
    const point = byRegion.get(key) ?? {
      lat: topic.regionLat,
      lng: topic.regionLng,
      label: '',
      names: new Set<string>(),
    };
    point.names.add(topic.speakerName);
    point.label = t('common.labelled', {
      label: placeName({ code: topic.regionCode, name: topic.regionName }),
      value: list(point.names),
    });
    point.count = point.names.size;
    byRegion.set(key, point);
  }
  return [...byRegion.values()].map(({ names: _names, ...point }) => point);
}

/** The topic menu (点课): every talk on offer; a teacher picks one and invites its speaker. Works without JavaScript. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request, context), getLocale(request)]);
  const t = getT(locale);
  const url = new URL(request.url);
  const { query, ignored } = parseFilters(TopicMenuQuerySchema, Object.fromEntries(url.searchParams), t, {
    labels: topicMenuQueryLabels,
    fallback: { page: 1 },
  });
  const school = await schoolOf(context.db, user);
  const [menu, filters] = await Promise.all([
    topicMenu(context.db, query, { school, now: context.clock.now() }),
    menuFilters(context.db),
  ]);
  const pages = pageCount(menu.total, MENU_PAGE_SIZE);
  const pastEnd = lastPageUrl(url, query.page, pages);
  if (pastEnd) throw redirect(pastEnd);
  return {
    pageTitle: `${t('speakers.menu.title')} · ${t('site.name')}`,
    description: t('speakers.menu.lead'),
    query,
    ignored,
    menu,
    filters,
    school: school ? { name: school.name } : null,
    canInvite: hasPermission(user, 'create:invitation:own-school') && school !== null,
    pages,
    points: speakerPoints(menu.topics, t, getFormatters(locale).list, (region) => regionName(locale, region)),
  };
}

export default function TopicMenu() {
  const { query, ignored, menu, filters, school, canInvite, pages, points } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const prefectures = filters.regions.filter((r) => r.level === 'prefecture');
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && key !== 'page') params.set(key, String(value));
    }
    params.set('page', String(page));
    return `?${params}`;
  };
  return (
    <>
      <PageHeader
        title={t('speakers.menu.title')}
        lead={t('speakers.menu.lead')}
        actions={
          <ButtonLink to="/outreach" variant="secondary">
            {t('outreach.menu.link')}
          </ButtonLink>
        }
      />
      <Card className="filters">
        <Form method="get" className="filter-form">
          <TextField
            label={t('speakers.menu.q')}
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            maxLength={60}
          />
          <SelectField
            label={t('speakers.menu.theme')}
            name="theme"
            defaultValue={query.theme ?? ''}
            options={[
              { value: '', label: t('common.all') },
              // A theme asked for by its link (one speaker's own word, no option for everyone) still shows as chosen.
              ...[
                ...filters.themes,
                ...(query.theme && !filters.themes.includes(query.theme) ? [query.theme] : []),
              ].map((th) => ({ value: th, label: themeLabel(t, th) })),
            ]}
          />
          <SelectField
            label={t('speakers.menu.grade')}
            name="grade"
            defaultValue={query.grade === undefined ? '' : String(query.grade)}
            options={gradeOptions(t)}
          />
          <SelectField
            label={t('speakers.menu.region')}
            name="region"
            defaultValue={query.region ?? ''}
            options={[
              { value: '', label: t('common.all') },
              ...prefectures.flatMap((p) => [
                { value: p.code, label: placeName(p) },
                ...filters.regions
                  .filter((r) => r.parentCode === p.code)
                  .map((r) => ({ value: r.code, label: `　${placeName(r)}` })),
              ]),
            ]}
          />
          <SelectField
            label={t('speakers.menu.language')}
            name="language"
            defaultValue={query.language ?? ''}
            options={[
              { value: '', label: t('common.all') },
              ...languages.map((l) => ({ value: l, label: t(`language.${l}`) })),
            ]}
          />
          <SelectField
            label={school ? t('speakers.menu.kmFromSchool', { school: school.name }) : t('speakers.menu.km')}
            name="km"
            defaultValue={query.km === undefined ? '' : String(query.km)}
            options={[
              { value: '', label: t('speakers.menu.anyDistance') },
              ...DISTANCES.map((km) => ({ value: String(km), label: t('speakers.menu.within', { km }) })),
            ]}
          />
          <button type="submit" className="btn btn-primary">
            {t('speakers.menu.filter')}
          </button>
        </Form>
        {!school && query.km !== undefined && !menu.hasOrigin ? (
          <p className="field-hint">{t('speakers.menu.kmNeedsPlace')}</p>
        ) : null}
      </Card>
      <IgnoredFilters ignored={ignored} />
      <PointsMap points={points} label={t('speakers.menu.map')} />
      <p className="result-count" aria-live="polite">
        {t('speakers.menu.count', { count: menu.total })}
      </p>
      {menu.topics.length === 0 ? (
        <Card>
          <EmptyState title={t('speakers.menu.empty')}>
            <Link to="/speakers/topics">{t('speakers.menu.clear')}</Link>
          </EmptyState>
        </Card>
      ) : (
        <ul className="topic-grid">
          {menu.topics.map((topic) => (
            <Card as="li" key={topic.id} className="topic-card">
              <h2 className="topic-title">{topic.title}</h2>
              <p className="topic-speaker">
                <strong>{topic.speakerName}</strong> · {t(`speakerCategory.${topic.category}`)}
                {topic.speakerTitle ? ` · ${topic.speakerTitle}` : ''} ·{' '}
                {placeName({ code: topic.regionCode, name: topic.regionName })}
              </p>
              <p className="topic-summary">{topic.summary}</p>
              <p className="chips">
                {topic.themes.map((theme) => (
                  <Badge key={theme} tone="info">
                    {themeLabel(t, theme)}
                  </Badge>
                ))}{' '}
                <Badge>{t(`language.${topic.language}`)}</Badge>{' '}
                <Badge>{t('common.minutes', { count: topic.durationMinutes })}</Badge>{' '}
                {topic.vetted ? (
                  <Badge tone="good">
                    {t('speakers.menu.vetted', { date: format.date(topic.vettedUntil ?? '') })}
                  </Badge>
                ) : (
                  <Badge tone="warn">{t('speakers.menu.notVetted')}</Badge>
                )}
              </p>
              <p className="muted">
                {t('common.labelled', {
                  label: t('speakers.menu.grades'),
                  value: gradeList(topic.grades, { t, format }),
                })}
                {topic.distanceKm !== null
                  ? ` · ${t('speakers.menu.distance', { km: topic.distanceKm })}`
                  : ''}
              </p>
              {topic.needs ? (
                <p className="muted">{t('speakers.menu.needs', { needs: topic.needs })}</p>
              ) : null}
              {canInvite ? (
                topic.vetted && topic.servesSchool ? (
                  <ButtonLink
                    to={`/invitations/new?topic=${topic.id}`}
                    aria-label={t('speakers.menu.inviteTopic', { title: topic.title })}
                  >
                    {t('speakers.menu.invite')}
                  </ButtonLink>
                ) : (
                  <p className="field-hint">
                    {topic.vetted ? t('speakers.menu.outsideArea') : t('speakers.menu.cannotInviteYet')}
                  </p>
                )
              ) : null}
            </Card>
          ))}
        </ul>
      )}
      <Pager page={query.page} pages={pages} href={pageLink} />
      {!canInvite ? <p className="muted">{t('speakers.menu.signInToInvite')}</p> : null}
    </>
  );
}
