// A small map of the places a page lists. It never blocks the page: the list is rendered on the server, the map only
// in the browser after hydration, and a page without JavaScript or without tiles simply has no map.
import { useRouteLoaderData } from '@remix-run/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { RootData } from '#app/root.tsx';
import { leafletAttribution } from './map/credit.ts';

export interface MapPoint {
  lat: number;
  lng: number;
  label: string;
  /** How many listed things sit at this point (drawn larger). */
  count?: number;
}

const PointsMapClient = lazy(() => import('./points-map.client.tsx'));

export function PointsMap({ points, label }: { points: MapPoint[]; label: string }) {
  const root = useRouteLoaderData('root') as RootData | undefined;
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (points.length === 0 || !root) return null;
  return (
    <figure className="points-map" aria-label={label}>
      {mounted ? (
        <Suspense fallback={null}>
          <PointsMapClient
            points={points}
            tileUrl={root.map.tileUrl}
            attribution={leafletAttribution(root.map)}
          />
        </Suspense>
      ) : null}
    </figure>
  );
}
