import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { ClusterMap, type ClusterPoint } from '#app/components/cluster-map.tsx';
import { regionOptions } from '#app/components/filter-options.ts';
import {
  Alert,
  Badge,
  ButtonLink,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  Pager,
  SelectField,
  SoundsLikeNote,
  TextField,
} from '#app/components/ui.tsx';
import { listRegions, searchSpeakers } from '#app/domain/catalogue/discovery.server.ts';
import {
  DEFAULT_PAGE_SIZE,
  paramsOf,
  SpeakerQuerySchema,
  speakerQueryLabels,
} from '#app/domain/catalogue/discovery-schemas.ts';
import { menuFilters, schoolOf } from '#app/domain/speakers/speakers.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
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
import { languages, speakerCategories } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle({ data, matches }) },
  { name: 'description', content: data?.description ?? '' },
];

const DISTANCES = [10, 30, 50, 100, 200];
/** The map shows every match up to this many (the list under it keeps its pages). */
const MAP_POINTS_MAX = 1000;

/** /speakers: published speakers by category, theme, region and distance. Never a phone number or e-mail. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, t] = await Promise.all([getUser(request, context), getServerT(request)]);
  const url = new URL(request.url);
  const params = paramsOf(url);
  const school = await schoolOf(context.db, user);
  const origin = school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
  const { query, problems, ignored } = dropDistanceWithoutOrigin(
    parseFilters(SpeakerQuerySchema, params, t, {
      labels: speakerQueryLabels,
      fallback: { page: 1, pageSize: DEFAULT_PAGE_SIZE },
    }),
    origin !== null,
    t,
    'speakers.list.error.distanceNeedsOrigin',
  );
  const options = { now: context.clock.now(), origin };
  const [{ result, mapped }, filters, regionList] = await Promise.all([
    pageAndMap(query, { max: MAP_POINTS_MAX, withMap: true }, (window) =>
      searchSpeakers(context.db, { ...query, ...window }, options),
    ),
    menuFilters(context.db),
    listRegions(context.db),
  ]);
  const pastEnd = lastPageUrl(url, result.page, pageCount(result.total, result.pageSize));
  if (pastEnd) throw redirect(pastEnd);
  return {
    pageTitle: `${t('speakers.list.title')} · ${t('site.name')}`,
    description: t('speakers.list.lead'),
    params,
    query,
    problems,
    ignored,
    result,
    // Only what a marker says: never more of a speaker than the list shows.
    mapItems: mapped.flatMap((s) =>
      s.location
        ? [
            {
              id: s.id,
              displayName: s.displayName,
              category: s.category,
              regionCode: s.regionCode,
              regionName: s.regionName,
              location: s.location,
            },
          ]
        : [],
    ),
    themes: filters.themes,
    regions: regionList
      .filter((r) => r.level !== 'province')
      .map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
    regionNames: Object.fromEntries(regionList.map((r) => [r.code, r.name])),
    school: school && origin ? { name: school.name } : null,
  };
}

export default function SpeakersPage() {
  const { params, query, problems, ignored, result, mapItems, themes, regions, regionNames, school } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const pages = pageCount(result.total, result.pageSize);
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    return `/speakers?${next}`;
  };
  const queryLink = (q: string) => {
    const next = new URLSearchParams(params);
    next.set('q', q);
    next.delete('page');
    return `/speakers?${next}`;
  };
  // One marker per speaker at their county seat (never their home).
  const points: ClusterPoint[] = mapItems.map((s) => ({
    id: s.id,
    lat: s.location.lat,
    lng: s.location.lng,
    label: s.displayName,
    detail: `${t(`speakerCategory.${s.category}` as MessageKey)} · ${placeName({ code: s.regionCode, name: s.regionName })}`,
    href: `/speakers/${s.id}`,
  }));
  return (
    <>
      <PageHeader
        title={t('speakers.list.title')}
        lead={t('speakers.list.lead')}
        actions={
          <ButtonLink to="/speakers/topics" variant="secondary">
            {t('speakers.list.menuLink')}
          </ButtonLink>
        }
      />
      <Card className="filters">
        <Form
          method="get"
          action="/speakers"
          className="filter-form"
          role="search"
          aria-label={t('speakers.list.searchLandmark')}
        >
          <TextField
            label={t('search.q')}
            name="q"
            type="search"
            defaultValue={problems.q ? (params.q ?? '') : (query.q ?? '')}
            maxLength={100}
            error={problems.q}
          />
          <SelectField
            label={t('speakers.list.category')}
            name="category"
            defaultValue={query.category ?? ''}
            options={[
              { value: '', label: t('common.all') },
              ...speakerCategories.map((c) => ({ value: c, label: t(`speakerCategory.${c}`) })),
            ]}
          />
          <SelectField
            label={t('speakers.list.topic')}
            name="topic"
            defaultValue={query.topic ?? ''}
            options={[
              { value: '', label: t('common.all') },
              // A theme asked for by its link (one speaker's own word, no option for everyone) still shows as chosen.
              ...[...themes, ...(query.topic && !themes.includes(query.topic) ? [query.topic] : [])].map(
                (th) => ({
                  value: th,
                  label: themeLabel(t, th),
                }),
              ),
            ]}
          />
          <SelectField
            label={t('search.region')}
            name="region"
            defaultValue={query.region ?? ''}
            options={regionOptions(t, placeName, regions)}
          />
          <SelectField
            label={t('search.language')}
            name="language"
            defaultValue={query.language ?? ''}
            options={[
              { value: '', label: t('common.all') },
              ...languages.map((l) => ({ value: l, label: t(`language.${l}`) })),
            ]}
          />
          <SelectField
            label={t('search.radius')}
            name="radiusKm"
            defaultValue={query.radiusKm === undefined ? '' : String(query.radiusKm)}
            options={[
              { value: '', label: t('search.radiusAny') },
              ...DISTANCES.map((km) => ({ value: String(km), label: t('search.radiusKm', { km }) })),
            ]}
            hint={school ? t('search.nearSchool', { school: school.name }) : undefined}
            error={problems.radiusKm}
          />
          <button type="submit" className="btn btn-primary">
            {t('search.submit')}
          </button>
        </Form>
      </Card>
      <IgnoredFilters ignored={ignored} />
      {!result.complete ? <Alert tone="warn">{t('search.incomplete')}</Alert> : null}
      <SoundsLikeNote soundsLike={result.soundsLike} what="speakers" linkTo={queryLink} />
      <ClusterMap
        points={points}
        label={t('speakers.list.mapLabel')}
        className="cluster-map-small"
        skipTo="results"
      />
      <p className="result-count" id="results" aria-live="polite">
        {t(result.total === 1 ? 'search.resultsSpeakersOne' : 'search.resultsSpeakers', {
          count: result.total,
        })}
      </p>
      {result.items.length === 0 ? (
        <Card>
          <EmptyState title={t('speakers.list.empty')} />
        </Card>
      ) : (
        <ol className="result-list speaker-results">
          {result.items.map((s) => (
            <Card as="li" key={s.id}>
              <h2>
                <Link to={`/speakers/${s.id}`}>{s.displayName}</Link>
              </h2>
              <p className="result-meta">
                <span>{t(`speakerCategory.${s.category}` as MessageKey)}</span>
                {s.title ? <span>{s.title}</span> : null}
                <span>{placeName({ code: s.regionCode, name: s.regionName })}</span>
                {s.distanceKm !== undefined ? (
                  <span>{t('search.distance', { km: format.km(s.distanceKm) })}</span>
                ) : null}
              </p>
              <p className="chips">
                {s.languages.map((l) => (
                  <Badge key={l}>{t(`language.${l}` as MessageKey)}</Badge>
                ))}{' '}
                {[...new Set(s.topics.flatMap((topic) => topic.themes))].slice(0, 4).map((theme) => (
                  <Badge key={theme} tone="info">
                    {themeLabel(t, theme)}
                  </Badge>
                ))}
              </p>
              {s.topics.length ? (
                <p className="muted">
                  {t('common.labelled', {
                    label: t('speakers.list.topics'),
                    value: format.list(s.topics.map((topic) => topic.title)),
                  })}
                </p>
              ) : null}
              <p className="muted">
                {t('speakers.list.serves', {
                  area:
                    s.serviceRegionCodes.length > 0
                      ? format.list(
                          s.serviceRegionCodes.map((code) =>
                            placeName({ code, name: regionNames[code] ?? code }),
                          ),
                        )
                      : s.serviceRadiusKm
                        ? t('speakers.list.servesRadius', { km: s.serviceRadiusKm })
                        : t('speakers.list.servesAll'),
                })}
              </p>
            </Card>
          ))}
        </ol>
      )}
      <Pager page={result.page} pages={pages} href={pageLink} />
    </>
  );
}
