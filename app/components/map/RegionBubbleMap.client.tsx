import { CircleMarker, MapContainer, TileLayer, Tooltip } from 'react-leaflet';
import { LocalizedZoomControl } from '../zoom-control.client.tsx';

export interface MapBubble {
  key: string;
  lat: number;
  lng: number;
  /** Name shown in the bubble's tooltip. */
  label: string;
  /** Sets the bubble's size relative to the largest. */
  value: number;
  /** The value as the page writes it. */
  display: string;
  tone?: 'brand' | 'warn';
}

export interface RegionBubbleMapProps {
  bubbles: MapBubble[];
  tileUrl: string;
  attribution: string;
  /** Called when a map tile fails to load (closed network, tile server down): the page says so. */
  onTilesFailed?: () => void;
  height?: number;
  /** All bubbles this size (points, not figures). */
  fixedRadius?: number;
}

const COLORS = { brand: '#1d5fa8', warn: '#b45309' } as const;
const MIN_RADIUS = 5;
const MAX_RADIUS = 28;

/** A bubble per region (or point), its area proportional to the figure. Leaflet needs `window`: browser only. */
export default function RegionBubbleMap({
  bubbles,
  tileUrl,
  attribution,
  onTilesFailed,
  height = 380,
  fixedRadius,
}: RegionBubbleMapProps) {
  const max = Math.max(0, ...bubbles.map((b) => b.value));
  const radius = (value: number) =>
    fixedRadius ??
    (max > 0 && value > 0 ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(value / max) : MIN_RADIUS);
  const lats = bubbles.map((b) => b.lat);
  const lngs = bubbles.map((b) => b.lng);
  const single =
    bubbles.length === 1 ||
    (Math.max(...lats) - Math.min(...lats) < 0.05 && Math.max(...lngs) - Math.min(...lngs) < 0.05);
  return (
    <MapContainer
      className="bubble-map-canvas"
      style={{ height }}
      {...(single
        ? { center: [lats[0] ?? 40.8, lngs[0] ?? 111.7] as [number, number], zoom: 11 }
        : {
            bounds: [
              [Math.min(...lats), Math.min(...lngs)],
              [Math.max(...lats), Math.max(...lngs)],
            ] as [[number, number], [number, number]],
            boundsOptions: { padding: [36, 36] as [number, number] },
          })}
      scrollWheelZoom={false}
      zoomControl={false}
    >
      <LocalizedZoomControl />
      <TileLayer
        url={tileUrl}
        attribution={attribution}
        eventHandlers={{ tileerror: () => onTilesFailed?.() }}
      />
      {bubbles.map((b) => (
        <CircleMarker
          key={b.key}
          center={[b.lat, b.lng]}
          radius={radius(b.value)}
          pathOptions={{
            color: COLORS[b.tone ?? 'brand'],
            fillColor: COLORS[b.tone ?? 'brand'],
            fillOpacity: b.value > 0 || fixedRadius ? 0.45 : 0.08,
            weight: 2,
          }}
          className="bubble"
        >
          <Tooltip direction="top">
            <strong>{b.label}</strong>
            <br />
            {b.display}
          </Tooltip>
        </CircleMarker>
      ))}
    </MapContainer>
  );
}
