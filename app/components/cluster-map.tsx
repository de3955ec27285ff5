// A clustered map of places (venues, speakers' county seats). Rendered only in the browser after hydration: the page
// around it is complete without JavaScript, and without tiles the markers still show on a plain background.
import { useRouteLoaderData } from '@remix-run/react';
import { lazy, Suspense } from 'react';
import type { RootData } from '#app/root.tsx';
import { useI18n } from '#app/utils/i18n.tsx';
import { useHydrated } from './client-only.tsx';
import { leafletAttribution } from './map/credit.ts';

export interface ClusterPoint {
  id: string;
  lat: number;
  lng: number;
  label: string;
  /** A second line (type, distance, access). */
  detail?: string;
  /** The page of the place. */
  href?: string;
}

const ClusterMapClient = lazy(() => import('./cluster-map.client.tsx'));

export function ClusterMap({
  points,
  label,
  className,
  noScriptText,
  skipTo,
}: {
  points: ClusterPoint[];
  label: string;
  className?: string;
  noScriptText?: string;
  /** The id of what follows the map, for a link past the map's many stops of the keyboard (zoom, markers). */
  skipTo?: string;
}) {
  const { t } = useI18n();
  const root = useRouteLoaderData('root') as RootData | undefined;
  const hydrated = useHydrated();
  if (points.length === 0 || !root) return null;
  return (
    <figure className={`cluster-map ${className ?? ''}`} aria-label={label} data-points={points.length}>
      {hydrated ? (
        <>
          {skipTo ? (
            <a className="map-skip" href={`#${skipTo}`}>
              {t('map.skip')}
            </a>
          ) : null}
          <Suspense fallback={null}>
            <ClusterMapClient
              points={points}
              tileUrl={root.map.tileUrl}
              attribution={leafletAttribution(root.map)}
            />
          </Suspense>
        </>
      ) : noScriptText ? (
        <p className="cluster-map-nojs">{noScriptText}</p>
      ) : null}
    </figure>
  );
}
