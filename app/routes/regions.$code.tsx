import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ClusterMap, type ClusterPoint } from '#app/components/cluster-map.tsx';
import { Badge, ButtonLink, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { getRegionByCode, searchSpeakers, searchVenues } from '#app/domain/catalogue/discovery.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** /regions/:code — the venues and speakers of a 盟市 (with its 旗县) or of one 旗县. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const t = await getServerT(request);
  const found = await getRegionByCode(context.db, params.code ?? '');
  if (!found) throw new Response(t('region.notFound'), { status: 404 });
  const now = context.clock.now();
  const region = found.region.level === 'province' ? undefined : found.region.code;
  const [venueResult, speakerResult] = await Promise.all([
    searchVenues(context.db, t, { region, sort: 'name', page: 1, pageSize: 100 }, { now }),
    searchSpeakers(context.db, { region, sort: 'name', page: 1, pageSize: 100 }, { now }),
  ]);
  return {
    pageTitle: `${t('region.title', { name: regionName(await getLocale(request), found.region) })} · ${t('site.name')}`,
    ...found,
    venues: venueResult,
    speakers: speakerResult,
  };
}

export default function RegionPage() {
  const { region, parent, children, venues, speakers } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const placeName = useRegionName();
  // A venue whose place is unknown has no point on the map (ADR 018).
  const points: ClusterPoint[] = venues.items
    .flatMap(({ location, ...v }) => (location ? [{ ...v, location }] : []))
    .map((v) => ({
      id: v.id,
      lat: v.location.lat,
      lng: v.location.lng,
      label: v.name,
      detail: t(`venueType.${v.type}` as MessageKey),
      href: `/venues/${v.slug}`,
    }));
  return (
    <>
      <PageHeader
        title={t('region.title', { name: placeName(region) })}
        lead={
          parent ? (
            <Link to={`/regions/${parent.code}`}>{t('region.parent', { name: placeName(parent) })}</Link>
          ) : null
        }
        actions={
          <ButtonLink to={`/search?region=${region.code}`} variant="secondary">
            {t('region.all')}
          </ButtonLink>
        }
      />
      {children.length ? (
        <nav aria-label={t('region.children')} className="chips">
          {children.map((c) => (
            <Link key={c.code} to={`/regions/${c.code}`} className="btn btn-quiet">
              {placeName(c)}
            </Link>
          ))}
        </nav>
      ) : null}
      <ClusterMap
        points={points}
        label={t('region.mapLabel', { name: placeName(region) })}
        skipTo="region-venues"
      />
      <div className="profile-grid">
        <Card>
          <h2 id="region-venues">{t('region.venues', { count: venues.total })}</h2>
          {venues.items.length === 0 ? (
            <EmptyState title={t('search.empty')} />
          ) : (
            <ul className="session-list">
              {venues.items.map((v) => (
                <li key={v.id}>
                  <span>
                    <Link to={`/venues/${v.slug}`}>{v.name}</Link>{' '}
                    <span className="muted">
                      · {t(`venueType.${v.type}` as MessageKey)} ·{' '}
                      {placeName({ code: v.regionCode, name: v.regionName })}
                      {v.location === null ? ` · ${t('search.locationUnknown')}` : ''}
                    </span>
                  </span>
                  {v.access.kind === 'free' ? (
                    <Badge tone="good">{t('search.access.free')}</Badge>
                  ) : v.access.kind === 'discounted' ? (
                    <Badge tone="info">{t('search.access.discounted')}</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {/* The list stops at a page's worth (the whole region has over 400): say so, and where the rest are. */}
          {venues.items.length < venues.total ? (
            <p className="muted" data-testid="region-venues-more">
              {t('region.venuesShown', { shown: venues.items.length, total: venues.total })}{' '}
              <Link to={`/search?region=${region.code}`}>{t('region.all')}</Link>
            </p>
          ) : null}
        </Card>
        <Card>
          <h2>{t('region.speakers', { count: speakers.total })}</h2>
          {speakers.items.length === 0 ? (
            <EmptyState title={t('speakers.list.empty')} />
          ) : (
            <ul className="session-list">
              {speakers.items.map((s) => (
                <li key={s.id}>
                  <span>
                    <Link to={`/speakers/${s.id}`}>{s.displayName}</Link>{' '}
                    <span className="muted">· {t(`speakerCategory.${s.category}` as MessageKey)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {speakers.items.length < speakers.total ? (
            <p className="muted" data-testid="region-speakers-more">
              {t('region.speakersShown', { shown: speakers.items.length, total: speakers.total })}{' '}
              <Link to={`/speakers?region=${region.code}`}>{t('region.allSpeakers')}</Link>
            </p>
          ) : null}
        </Card>
      </div>
    </>
  );
}
