import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { ClusterMap, type ClusterPoint } from '#app/components/cluster-map.tsx';
import { FilterFoldToggle, useFilterFold } from '#app/components/filter-fold.tsx';
import { gradeOptions, regionOptions } from '#app/components/filter-options.ts';
import {
  Alert,
  Badge,
  ButtonLink,
  Card,
  CheckboxField,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  Pager,
  SelectField,
  SoundsLikeNote,
  TextField,
} from '#app/components/ui.tsx';
import { listRegions, searchVenues } from '#app/domain/catalogue/discovery.server.ts';
import {
  DEFAULT_PAGE_SIZE,
  paramsOf,
  venueQueryDependents,
  venueQueryFrom,
  venueQueryLabels,
} from '#app/domain/catalogue/discovery-schemas.ts';
import { placeOrigin } from '#app/domain/catalogue/placement.ts';
import { TOPIC_QUERY_MAX } from '#app/domain/speakers/schemas.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { regionNamesEn } from '#app/i18n/region-names-en.ts';
import { getUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import {
  dropDistanceWithoutOrigin,
  lastPageUrl,
  pageAndMap,
  pageCount,
  parseFilters,
} from '#app/utils/query.ts';
import { themeLabel } from '#app/utils/themes.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { languages, venueTypes } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

const DISTANCES = [10, 30, 50, 100, 200];
/** The map shows every match up to this many (the list under it keeps its pages). */
const MAP_POINTS_MAX = 1000;

/**
 * /search: the URL holds the whole query; rendered on the server, so it works without JavaScript. Parameters that do
 * not parse are dropped (and named on the page) rather than failing the page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, t] = await Promise.all([getUser(request, context), getServerT(request)]);
  const url = new URL(request.url);
  const params = paramsOf(url);
  const [school, regionList] = await Promise.all([schoolOf(context.db, user), listRegions(context.db)]);
  const origin = school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
  // A starting point may be typed as a place (武川县, Wuchuan County): searched from its seat, shown as typed.
  const nearPlace = params.near ? placeOrigin(params.near, regionList, regionNamesEn) : null;
  const read = nearPlace ? { ...params, near: nearPlace.near } : params;
  const { query, problems, ignored } = dropDistanceWithoutOrigin(
    parseFilters(venueQueryFrom(shanghaiDay(context.clock.now())), read, t, {
      labels: venueQueryLabels,
      dependents: venueQueryDependents,
      fallback: { page: 1, pageSize: DEFAULT_PAGE_SIZE },
    }),
    origin !== null,
    t,
    'search.error.distanceNeedsOrigin',
  );
  const options = { now: context.clock.now(), origin, priority: Boolean(school?.isPriority) };
  const { result, mapped } = await pageAndMap(
    query,
    { max: MAP_POINTS_MAX, withMap: query.view === 'map' },
    (window) => searchVenues(context.db, t, { ...query, ...window }, options),
  );
  const pastEnd = lastPageUrl(url, result.page, pageCount(result.total, result.pageSize));
  if (pastEnd) throw redirect(pastEnd);
  return {
    pageTitle: `${query.q ? `${query.q} · ` : ''}${t('search.title')} · ${t('site.name')}`,
    description: t('search.lead'),
    params,
    query,
    problems,
    ignored,
    result,
    mapItems: mapped.map((item) => ({
      id: item.id,
      slug: item.slug,
      name: item.name,
      type: item.type,
      location: item.location,
      distanceKm: item.distanceKm,
      access: { summary: item.access.summary },
    })),
    school: school && origin ? { name: school.name } : null,
    nearPlace: nearPlace && query.near ? { code: nearPlace.regionCode, name: nearPlace.name } : null,
    today: shanghaiDay(context.clock.now()),
    regions: regionList
      .filter((r) => r.level !== 'province')
      .map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
  };
}

/** The filters folded under "more": dates and seats, distance, language, access needs, order. */
const MORE_FILTERS = [
  'language',
  'verified',
  'accessible',
  'radiusKm',
  'near',
  'availableFrom',
  'availableTo',
  'seats',
  'sort',
] as const;
/** Every filter folded behind 筛选 on a phone (the keywords stay in view). */
const FOLDED_FILTERS = ['type', 'region', 'theme', 'grade', 'access', ...MORE_FILTERS] as const;

export default function SearchPage() {
  const { params, query, problems, ignored, result, mapItems, school, nearPlace, regions, today } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  // A filter that was dropped (itself, or with the one it depends on) keeps what was typed in its box, to be
  // corrected rather than typed again.
  // Distances run from the start point typed (a place's seat, or lat,lng), else from the teacher's school.
  const distancesFrom = nearPlace
    ? t('search.nearPlace', { place: placeName(nearPlace) })
    : query.near
      ? t('search.nearPoint', { point: `${query.near.lat},${query.near.lng}` })
      : school
        ? t('search.nearSchool', { school: school.name })
        : undefined;
  const typed = (name: string, parsed: string | number | undefined) =>
    problems[name] || parsed === undefined ? (params[name] ?? '') : String(parsed);
  // Filters in force: one that was dropped (and said so above the results) is not counted as chosen.
  const inForce = (name: string) => Boolean(params[name]) && !problems[name];
  const moreChosen = MORE_FILTERS.filter(inForce).length;
  const chosen = FOLDED_FILTERS.filter(inForce).length;
  // On a phone the filters fold (a whole screen before the first result): open only to correct one that was dropped.
  const fold = useFilterFold(FOLDED_FILTERS.some((name) => problems[name]));
  const facets = result.facets;
  const count = (facet: keyof typeof facets, value: string) => facets[facet]?.[value] ?? 0;
  const withCount = (label: string, n: number) => t('search.facetValue', { label, count: n });
  const link = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    const text = next.toString();
    return text ? `/search?${text}` : '/search';
  };
  // A search for free seats on a day opens the venue at that day's sessions: the ones it was found by.
  const venueHref = (slug: string) =>
    query.availableFrom ? `/venues/${slug}?from=${query.availableFrom}` : `/venues/${slug}`;
  const pages = pageCount(result.total, result.pageSize);
  const view = query.view ?? 'list';
  // A venue whose place is unknown has no point on the map; the list shows it as "location to be verified".
  const points: ClusterPoint[] = mapItems
    .flatMap(({ location, ...item }) => (location ? [{ ...item, location }] : []))
    .map((item) => ({
      id: item.id,
      lat: item.location.lat,
      lng: item.location.lng,
      label: item.name,
      detail: [
        t(`venueType.${item.type}` as MessageKey),
        item.distanceKm !== undefined ? t('search.distance', { km: format.km(item.distanceKm) }) : null,
        item.access.summary,
      ]
        .filter(Boolean)
        .join(' · '),
      href: venueHref(item.slug),
    }));

  return (
    <>
      <PageHeader
        title={t('search.title')}
        // How to search, until something is searched: then the results matter more on a phone.
        lead={query.q ? undefined : t('search.lead')}
        actions={
          <ButtonLink to="/speakers" variant="secondary">
            {t('search.navSpeakers')}
          </ButtonLink>
        }
      />
      <Card className="filters">
        <Form
          method="get"
          action="/search"
          className="filter-form"
          role="search"
          aria-label={t('search.title')}
        >
          <TextField
            label={t('search.q')}
            name="q"
            type="search"
            defaultValue={typed('q', query.q)}
            placeholder={t('search.qHint')}
            maxLength={100}
            error={problems.q}
          />
          <FilterFoldToggle fold={fold} controls="search-filters">
            {chosen > 0 ? t('search.filtersChosen', { count: chosen }) : t('search.filters')}
          </FilterFoldToggle>
          <div
            id="search-filters"
            ref={fold.fields}
            className={fold.open ? 'filter-fields is-open' : 'filter-fields'}
          >
            <SelectField
              label={t('search.type')}
              name="type"
              defaultValue={query.type ?? ''}
              options={[
                { value: '', label: t('common.all') },
                ...venueTypes.map((type) => ({
                  value: type,
                  label: withCount(t(`venueType.${type}`), count('type', type)),
                })),
              ]}
            />
            <SelectField
              label={t('search.region')}
              name="region"
              defaultValue={query.region ?? ''}
              options={regionOptions(t, placeName, regions, (code, name) =>
                withCount(name, count('region', code)),
              )}
            />
            <SelectField
              label={t('search.theme')}
              name="theme"
              defaultValue={query.theme ?? ''}
              options={[
                { value: '', label: t('common.all') },
                ...Object.entries(facets.theme)
                  .sort((a, b) => b[1] - a[1])
                  .map(([theme, n]) => ({ value: theme, label: withCount(themeLabel(t, theme), n) })),
                ...(query.theme && !(query.theme in facets.theme)
                  ? [{ value: query.theme, label: withCount(themeLabel(t, query.theme), 0) }]
                  : []),
              ]}
            />
            <SelectField
              label={t('search.grade')}
              name="grade"
              defaultValue={query.grade === undefined ? '' : String(query.grade)}
              options={gradeOptions(t, (grade, name) => withCount(name, count('grade', String(grade))))}
            />
            <SelectField
              label={t('search.access')}
              name="access"
              defaultValue={query.access ?? ''}
              options={[
                { value: '', label: t('common.all') },
                { value: 'free', label: withCount(t('search.access.free'), count('access', 'free')) },
                {
                  value: 'discounted',
                  label: withCount(t('search.access.discounted'), count('access', 'discounted')),
                },
              ]}
            />
            <details
              className="more-filters"
              open={moreChosen > 0 || MORE_FILTERS.some((name) => problems[name])}
            >
              <summary>
                {moreChosen > 0 ? t('search.moreChosen', { count: moreChosen }) : t('search.more')}
              </summary>
              <div className="filter-grid">
                <SelectField
                  label={t('search.language')}
                  name="language"
                  defaultValue={query.language ?? ''}
                  options={[
                    { value: '', label: t('common.all') },
                    ...languages.map((l) => ({
                      value: l,
                      label: withCount(t(`language.${l}`), count('language', l)),
                    })),
                  ]}
                />
                <SelectField
                  label={t('search.verified')}
                  name="verified"
                  defaultValue={query.verified === undefined ? '' : String(query.verified)}
                  options={[
                    { value: '', label: t('common.all') },
                    { value: 'true', label: withCount(t('search.verifiedYes'), count('verified', 'true')) },
                    { value: 'false', label: withCount(t('search.verifiedNo'), count('verified', 'false')) },
                  ]}
                />
                <CheckboxField
                  label={withCount(t('search.accessibleYes'), count('accessible', 'true'))}
                  name="accessible"
                  value="true"
                  defaultChecked={query.accessible === true}
                />
                <SelectField
                  label={t('search.radius')}
                  name="radiusKm"
                  defaultValue={query.radiusKm === undefined ? '' : String(query.radiusKm)}
                  options={[
                    { value: '', label: t('search.radiusAny') },
                    ...DISTANCES.map((km) => ({ value: String(km), label: t('search.radiusKm', { km }) })),
                    ...(query.radiusKm !== undefined && !DISTANCES.includes(query.radiusKm)
                      ? [
                          {
                            value: String(query.radiusKm),
                            label: t('search.radiusKm', { km: query.radiusKm }),
                          },
                        ]
                      : []),
                  ]}
                  hint={query.near ? undefined : distancesFrom}
                  error={problems.radiusKm}
                />
                <TextField
                  label={t('search.near')}
                  name="near"
                  defaultValue={params.near ?? ''}
                  placeholder={t('search.nearPlaceholder')}
                  hint={nearPlace ? t('search.nearPlace', { place: placeName(nearPlace) }) : undefined}
                  error={problems.near}
                />
                <TextField
                  label={t('search.availableFrom')}
                  name="availableFrom"
                  type="date"
                  defaultValue={typed('availableFrom', query.availableFrom)}
                  error={problems.availableFrom}
                />
                <TextField
                  label={t('search.availableTo')}
                  name="availableTo"
                  type="date"
                  defaultValue={typed('availableTo', query.availableTo)}
                  hint={t('search.availableToHint')}
                  error={problems.availableTo}
                />
                <TextField
                  label={t('search.seats')}
                  name="seats"
                  type="number"
                  min={1}
                  max={2000}
                  defaultValue={typed('seats', query.seats)}
                  error={problems.seats}
                />
                <SelectField
                  label={t('search.sort')}
                  name="sort"
                  defaultValue={query.sort ?? ''}
                  options={[
                    { value: '', label: t('search.sort.relevance') },
                    { value: 'distance', label: t('search.sort.distance') },
                    { value: 'name', label: t('search.sort.name') },
                  ]}
                  error={problems.sort}
                />
              </div>
            </details>
          </div>
          {view === 'map' ? <input type="hidden" name="view" value="map" /> : null}
          <button type="submit" className="btn btn-primary">
            {t('search.submit')}
          </button>
          <Link to="/search" className="btn btn-quiet">
            {t('search.reset')}
          </Link>
        </Form>
      </Card>
      <IgnoredFilters ignored={ignored} />
      {!result.complete ? <Alert tone="warn">{t('search.incomplete')}</Alert> : null}
      <SoundsLikeNote soundsLike={result.soundsLike} what="venues" linkTo={(q) => link({ q })} />
      {/* The view buttons and the count share a row: on a phone the first result comes a row sooner. */}
      <div className="result-bar">
        <div className="view-switch">
          <Link
            className={`btn ${view === 'list' ? 'btn-primary' : 'btn-secondary'}`}
            to={link({ view: undefined, pageSize: undefined })}
            aria-current={view === 'list' ? 'page' : undefined}
          >
            {t('search.view.list')}
          </Link>
          <Link
            className={`btn ${view === 'map' ? 'btn-primary' : 'btn-secondary'}`}
            to={link({ view: 'map', pageSize: undefined })}
            aria-current={view === 'map' ? 'page' : undefined}
          >
            {t('search.view.map')}
          </Link>
        </div>
        <p
          className="result-count"
          aria-live="polite"
          data-total={result.total}
          data-origin={result.origin ? `${result.origin.lat},${result.origin.lng}` : undefined}
        >
          {t(result.total === 1 ? 'search.resultsOne' : 'search.results', {
            count: format.number(result.total),
          })}
          {distancesFrom && result.origin ? <span className="muted"> · {distancesFrom}</span> : null}
        </p>
      </div>
      {/* This page finds venues and their programs; talks are on the topic menu, one link away with the same words. */}
      {query.q && query.q.length <= TOPIC_QUERY_MAX ? (
        <p className="see-also">
          <Link to={`/speakers/topics?${new URLSearchParams({ q: query.q })}`}>
            {t('search.inTopics', { q: query.q })}
          </Link>
        </p>
      ) : null}
      {view === 'map' ? (
        <>
          <ClusterMap
            points={points}
            label={t('search.mapLabel')}
            noScriptText={t('search.mapNoJs')}
            skipTo="results"
          />
          {mapItems.length < result.total ? (
            <p className="muted" data-testid="map-partial">
              {t('search.mapPartial', { shown: mapItems.length, total: result.total })}
            </p>
          ) : null}
          {points.length < mapItems.length ? (
            <p className="muted" data-unplaced={mapItems.length - points.length}>
              {/* "另有" only beside venues on the map: with none placed, the note says so of them all. */}
              {t(
                points.length === 0
                  ? 'search.mapNonePlaced'
                  : mapItems.length - points.length === 1
                    ? 'search.mapUnplacedOne'
                    : 'search.mapUnplaced',
                { count: mapItems.length - points.length },
              )}
            </p>
          ) : null}
        </>
      ) : null}
      {result.items.length === 0 ? (
        <Card>
          <EmptyState title={t('search.empty')}>
            <p>{t('search.emptyHint')}</p>
          </EmptyState>
        </Card>
      ) : (
        <ol className="result-list" id="results" data-testid="results">
          {result.items.map((item) => (
            <Card as="li" key={item.id} className="result">
              <h2>
                <Link to={venueHref(item.slug)}>{item.name}</Link>
              </h2>
              <p className="result-meta">
                <span>{t(`venueType.${item.type}` as MessageKey)}</span>
                <span>{placeName({ code: item.regionCode, name: item.regionName })}</span>
                {item.distanceKm !== undefined ? (
                  <span className="distance">{t('search.distance', { km: format.km(item.distanceKm) })}</span>
                ) : null}
                {item.location === null ? (
                  <span>{t('search.locationUnknown')}</span>
                ) : item.locationApproximate ? (
                  <span>{t('search.approximate')}</span>
                ) : null}
              </p>
              {item.room ? (
                // Searched for free seats on some days: when this venue has them, not only that it has.
                <p className="result-room">
                  {t(item.room.sessions > 1 ? 'search.roomMore' : 'search.room', {
                    when: `${format.dateShort(item.room.firstStartsAt, today)} ${format.time(item.room.firstStartsAt)}`,
                    seats: format.number(item.room.seatsOpen),
                    count: format.number(item.room.sessions),
                  })}
                </p>
              ) : null}
              <p className="chips">
                <Badge
                  tone={
                    item.access.kind === 'free'
                      ? 'good'
                      : item.access.kind === 'discounted'
                        ? 'info'
                        : 'neutral'
                  }
                >
                  {t(`search.access.${item.access.kind}`)}
                </Badge>{' '}
                {item.accessible ? <Badge tone="info">{t('search.accessibleYes')}</Badge> : null}{' '}
                {item.languages.includes('mn') ? <Badge>{t('language.mn')}</Badge> : null}{' '}
                {item.verificationOverdue ? (
                  <Badge tone="warn">{item.verifiedAt ? t('search.overdue') : t('search.never')}</Badge>
                ) : null}
              </p>
              <p className="muted">
                {item.access.summary}
                {item.verifiedAt
                  ? ` · ${t('venue.profile.verified', { date: format.date(item.verifiedAt) })}`
                  : ''}
              </p>
            </Card>
          ))}
        </ol>
      )}
      <Pager page={result.page} pages={pages} href={(page) => link({ page: String(page) })} />
    </>
  );
}
