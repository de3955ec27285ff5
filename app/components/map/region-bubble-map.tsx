import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useRootData } from '#app/root.tsx';
import { useI18n } from '#app/utils/i18n.tsx';
import { ClientOnly } from '../client-only.tsx';
import { Alert } from '../ui.tsx';
import type { RegionBubbleMapProps } from './RegionBubbleMap.client.tsx';

export type { MapBubble } from './RegionBubbleMap.client.tsx';

const RegionBubbleMapClient = lazy(() => import('./RegionBubbleMap.client.tsx'));

/**
 * A map with a bubble per region, loaded in the browser only. Without JavaScript, or when the tiles cannot load, the
 * page says so and the table under the map still holds every figure.
 */
export function RegionBubbleMap({
  title,
  controls,
  ...props
}: Omit<RegionBubbleMapProps, 'tileUrl' | 'attribution' | 'onTilesFailed'> & {
  title: string;
  controls?: ReactNode;
}) {
  const { t } = useI18n();
  const root = useRootData();
  const [tilesFailed, setTilesFailed] = useState(false);
  const placeholder = (text: string) => (
    <div className="bubble-map-placeholder" style={{ height: props.height ?? 380 }}>
      <p className="muted">{text}</p>
    </div>
  );
  const bubbles = props.bubbles.filter((b) => Number.isFinite(b.lat) && Number.isFinite(b.lng));
  return (
    <figure className="bubble-map" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      {controls}
      <ClientOnly fallback={placeholder(t('bureau.map.noJs'))}>
        {() => (
          <Suspense fallback={placeholder(t('bureau.map.loading'))}>
            {tilesFailed ? <Alert tone="warn">{t('bureau.map.tilesFailed')}</Alert> : null}
            <RegionBubbleMapClient
              {...props}
              bubbles={bubbles}
              tileUrl={root?.map.tileUrl ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'}
              attribution={root?.map.attribution ?? '© OpenStreetMap contributors'}
              onTilesFailed={() => setTilesFailed(true)}
            />
          </Suspense>
        )}
      </ClientOnly>
    </figure>
  );
}
