// The venue's position on a map, movable by a click: the click writes WGS-84 coordinates (what OpenStreetMap and
// Tianditu tiles use) into the form's latitude and longitude fields. Without JavaScript the fields alone do the job.
import { useRouteLoaderData } from '@remix-run/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { RootData } from '#app/root.tsx';
import { leafletAttribution } from './map/credit.ts';

const PinMapClient = lazy(() => import('./pin-map.client.tsx'));

export interface PinMapProps {
  lat: number;
  lng: number;
  label: string;
  /** The pin's label once it has been moved (by a click or by typed coordinates). */
  movedLabel: string;
  /** A second, fixed point (e.g. a position waiting for review). */
  other?: { lat: number; lng: number; label: string };
  /** Ids of the inputs a click fills; typing a valid position into them moves the pin. */
  fields: { lat: string; lng: string; system?: string; pasted?: string };
}

export function PinMap(props: PinMapProps & { hint: string }) {
  const root = useRouteLoaderData('root') as RootData | undefined;
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!root) return null;
  const { hint, ...rest } = props;
  return (
    <figure className="points-map pin-map" aria-label={props.label}>
      {mounted ? (
        <Suspense fallback={null}>
          <PinMapClient {...rest} tileUrl={root.map.tileUrl} attribution={leafletAttribution(root.map)} />
        </Suspense>
      ) : null}
      <figcaption className="field-hint">{hint}</figcaption>
    </figure>
  );
}
