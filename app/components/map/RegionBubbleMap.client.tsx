import L from 'leaflet';
import { useEffect, useMemo, useState } from 'react';
import {
  AttributionControl,
  CircleMarker,
  MapContainer,
  Marker,
  TileLayer,
  Tooltip,
  useMap,
} from 'react-leaflet';
import { LocalizedZoomControl } from '../zoom-control.client.tsx';
import {
  BUBBLE_COLORS,
  bubbleRadius,
  type LabelBox,
  type PlacedLabel,
  placeLabels,
  RING_EXTRA,
} from './bubble-layout.ts';

export interface MapBubble {
  key: string;
  lat: number;
  lng: number;
  /** The region's (or point's) name: written beside the bubble, and in its tooltip. */
  label: string;
  /** Sets the bubble's size relative to the largest. */
  value: number;
  /** The value as the page writes it. */
  display: string;
  tone?: 'brand' | 'warn';
  /** Drawn as a dashed ring around the spot, so that it stays distinct from a solid bubble at the same place. */
  ring?: boolean;
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
  /** Fit the view to the bubbles, however close, zooming in at most this far (two points a street apart). */
  maxZoom?: number;
}

function labelElement(text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'bubble-label-text';
  span.textContent = text;
  return span;
}

/**
 * Each bubble's name written beside it, not only in a hover tooltip: without tiles (or on a phone, where nothing
 * hovers) the names are what ties a bubble to its region. Placed again after each zoom, larger bubbles first, so
 * names never cover one another; a small bubble whose name finds no room keeps it in the tooltip.
 */
function BubbleLabels({ bubbles, radii }: { bubbles: MapBubble[]; radii: Map<string, number> }) {
  const map = useMap();
  const [placed, setPlaced] = useState<PlacedLabel[]>([]);
  useEffect(() => {
    const place = () => {
      const container = map.getContainer();
      const probe = document.createElement('div');
      probe.className = 'bubble-label';
      probe.style.visibility = 'hidden';
      probe.style.position = 'absolute';
      container.appendChild(probe);
      const boxes: LabelBox[] = [...bubbles]
        .sort((a, b) => (radii.get(b.key) ?? 0) - (radii.get(a.key) ?? 0))
        .map((bubble) => {
          probe.replaceChildren(labelElement(bubble.label));
          const point = map.latLngToContainerPoint([bubble.lat, bubble.lng]);
          return {
            key: bubble.key,
            x: point.x,
            y: point.y,
            radius: radii.get(bubble.key) ?? 0,
            width: Math.ceil(probe.offsetWidth),
            height: Math.ceil(probe.offsetHeight),
          };
        });
      probe.remove();
      setPlaced(placeLabels(boxes, { width: container.clientWidth, height: container.clientHeight }));
    };
    map.whenReady(place);
    map.on('zoomend resize', place);
    return () => {
      map.off('zoomend resize', place);
    };
  }, [map, bubbles, radii]);
  const byKey = new Map(bubbles.map((b) => [b.key, b]));
  return (
    <>
      {placed.map(({ key, dx, dy }) => {
        const bubble = byKey.get(key);
        if (!bubble) return null;
        return (
          <Marker
            key={`${key}:${dx}:${dy}:${bubble.label}`}
            position={[bubble.lat, bubble.lng]}
            interactive={false}
            keyboard={false}
            icon={L.divIcon({
              className: 'bubble-label',
              html: labelElement(bubble.label),
              // No fixed size: the label is as wide as its name.
              iconSize: undefined,
              iconAnchor: [-dx, -dy],
            })}
          />
        );
      })}
    </>
  );
}

/** A bubble per region (or point), its area proportional to the figure. Leaflet needs `window`: browser only. */
export default function RegionBubbleMap({
  bubbles,
  tileUrl,
  attribution,
  onTilesFailed,
  height = 380,
  fixedRadius,
  maxZoom,
}: RegionBubbleMapProps) {
  const max = Math.max(0, ...bubbles.map((b) => b.value));
  const radii = useMemo(
    () =>
      new Map(
        bubbles.map((b) => {
          const base = fixedRadius ?? bubbleRadius(b.value, max);
          return [b.key, b.ring ? base + RING_EXTRA : base];
        }),
      ),
    [bubbles, max, fixedRadius],
  );
  const lats = bubbles.map((b) => b.lat);
  const lngs = bubbles.map((b) => b.lng);
  const bounds = [
    [Math.min(...lats), Math.min(...lngs)],
    [Math.max(...lats), Math.max(...lngs)],
  ] as [[number, number], [number, number]];
  const single =
    maxZoom === undefined &&
    (bubbles.length === 1 ||
      (Math.max(...lats) - Math.min(...lats) < 0.05 && Math.max(...lngs) - Math.min(...lngs) < 0.05));
  return (
    <MapContainer
      className="bubble-map-canvas"
      style={{ height }}
      {...(single
        ? { center: [lats[0] ?? 40.8, lngs[0] ?? 111.7] as [number, number], zoom: 11 }
        : { bounds, boundsOptions: { padding: [48, 48] as [number, number], maxZoom } })}
      scrollWheelZoom={false}
      zoomControl={false}
      attributionControl={false}
    >
      <LocalizedZoomControl />
      {/* The tiles' credit without Leaflet's own link (a flag and an English tooltip, one more stop for the keyboard). */}
      <AttributionControl prefix={false} />
      <TileLayer
        url={tileUrl}
        attribution={attribution}
        eventHandlers={{ tileerror: () => onTilesFailed?.() }}
      />
      {/* Larger bubbles first, so that a smaller one drawn over a larger (a city's districts) stays on top: its
          tooltip and tap reach it, not the larger one around it. */}
      {[...bubbles]
        .sort((a, b) => (radii.get(b.key) ?? 0) - (radii.get(a.key) ?? 0))
        .map((b) => {
          const color = BUBBLE_COLORS[b.tone ?? 'brand'];
          return (
            <CircleMarker
              key={b.key}
              center={[b.lat, b.lng]}
              radius={radii.get(b.key) ?? 0}
              pathOptions={
                b.ring
                  ? { color, weight: 3, dashArray: '5 4', fill: false }
                  : {
                      color,
                      fillColor: color,
                      fillOpacity: b.value > 0 || fixedRadius ? 0.45 : 0.08,
                      weight: 2,
                    }
              }
              className="bubble"
            >
              <Tooltip direction="top">
                <strong>{b.label}</strong>
                {b.display ? (
                  <>
                    <br />
                    {b.display}
                  </>
                ) : null}
              </Tooltip>
            </CircleMarker>
          );
        })}
      <BubbleLabels bubbles={bubbles} radii={radii} />
    </MapContainer>
  );
}
