import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useRootData } from '#app/root.tsx';
import { useI18n } from '#app/utils/i18n.tsx';
import { ClientOnly } from '../client-only.tsx';
import { Alert } from '../ui.tsx';
import { BUBBLE_COLORS, bubbleRadius, legendValues, MIN_RADIUS, RING_EXTRA } from './bubble-layout.ts';
import { leafletAttribution, OSM_CREDIT } from './credit.ts';
import type { MapBubble, RegionBubbleMapProps } from './RegionBubbleMap.client.tsx';

export type { MapBubble } from './RegionBubbleMap.client.tsx';

const RegionBubbleMapClient = lazy(() => import('./RegionBubbleMap.client.tsx'));

/**
 * What the map's legend explains: what a bubble's size stands for (reference bubbles with their values), or which
 * point is which (each point's name beside its mark).
 */
export type BubbleLegend =
  | { kind: 'size'; title: string; format: (value: number) => string }
  | { kind: 'points' };

/** One mark of the legend, drawn as the map draws it. */
function LegendMark({
  radius,
  box,
  tone = 'brand',
  ring = false,
  faint = false,
}: {
  radius: number;
  box: number;
  tone?: MapBubble['tone'];
  ring?: boolean;
  faint?: boolean;
}) {
  const color = BUBBLE_COLORS[tone ?? 'brand'];
  const size = 2 * box + 6;
  return (
    <svg width={2 * radius + 6} height={size} aria-hidden="true" focusable="false">
      <circle
        cx={radius + 3}
        cy={size - radius - 3}
        r={radius}
        stroke={color}
        strokeWidth={ring ? 3 : 2}
        strokeDasharray={ring ? '5 4' : undefined}
        fill={ring ? 'none' : color}
        fillOpacity={ring ? undefined : faint ? 0.08 : 0.45}
      />
    </svg>
  );
}

function Legend({
  legend,
  bubbles,
  fixedRadius,
}: {
  legend: BubbleLegend;
  bubbles: MapBubble[];
  fixedRadius?: number;
}) {
  const { t } = useI18n();
  if (legend.kind === 'points') {
    const base = fixedRadius ?? MIN_RADIUS;
    const box = base + RING_EXTRA;
    return (
      <div className="bubble-legend" role="group" aria-label={t('bureau.map.legend')}>
        <ul className="bubble-legend-items">
          {bubbles.map((b) => (
            <li key={b.key}>
              <LegendMark radius={b.ring ? base + RING_EXTRA : base} box={box} tone={b.tone} ring={b.ring} />
              <span>{b.label}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const max = Math.max(0, ...bubbles.map((b) => b.value));
  const values = legendValues(max);
  const tone = bubbles[0]?.tone;
  const box = values.length ? bubbleRadius(values[0] as number, max) : MIN_RADIUS;
  return (
    <div className="bubble-legend" role="group" aria-label={t('bureau.map.legend')}>
      <p className="bubble-legend-title">{t('bureau.map.legendSize', { metric: legend.title })}</p>
      <ul className="bubble-legend-items">
        {values.map((value) => (
          <li key={value}>
            <LegendMark radius={bubbleRadius(value, max)} box={box} tone={tone} />
            <span>{legend.format(value)}</span>
          </li>
        ))}
        {bubbles.some((b) => b.value <= 0) ? (
          <li>
            <LegendMark radius={MIN_RADIUS} box={box} tone={tone} faint />
            <span>{legend.format(0)}</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/**
 * A map with a bubble per region, loaded in the browser only, each bubble named beside it and the legend under it.
 * Without JavaScript, or when the tiles cannot load, the page says so and the table under the map still holds every
 * figure. A map with no table beside it says where its points are given instead (`tilesFailedMessage`).
 */
export function RegionBubbleMap({
  title,
  controls,
  legend,
  tilesFailedMessage,
  noJsMessage,
  ...props
}: Omit<RegionBubbleMapProps, 'tileUrl' | 'attribution' | 'onTilesFailed'> & {
  title: string;
  controls?: ReactNode;
  legend?: BubbleLegend;
  /** What to say when the base map cannot load; the default points to the table under the map. */
  tilesFailedMessage?: string;
  /** What to say in place of the map without JavaScript; the default points to the table under the map. */
  noJsMessage?: string;
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
      <ClientOnly fallback={placeholder(noJsMessage ?? t('bureau.map.noJs'))}>
        {() => (
          <Suspense fallback={placeholder(t('bureau.map.loading'))}>
            {tilesFailed ? (
              <Alert tone="warn">{tilesFailedMessage ?? t('bureau.map.tilesFailed')}</Alert>
            ) : null}
            <RegionBubbleMapClient
              {...props}
              bubbles={bubbles}
              tileUrl={root?.map.tileUrl ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'}
              attribution={leafletAttribution(root?.map ?? OSM_CREDIT)}
              onTilesFailed={() => setTilesFailed(true)}
            />
            {legend && bubbles.length > 0 ? (
              <Legend legend={legend} bubbles={bubbles} fixedRadius={props.fixedRadius} />
            ) : null}
          </Suspense>
        )}
      </ClientOnly>
    </figure>
  );
}
