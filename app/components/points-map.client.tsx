// Leaflet touches `window` when imported: this module is loaded only in the browser, by points-map.tsx.
import type { LeafletEvent, Path } from 'leaflet';
import { AttributionControl, CircleMarker, MapContainer, TileLayer, Tooltip } from 'react-leaflet';
import type { MapPoint } from './points-map.tsx';
import { LocalizedZoomControl } from './zoom-control.client.tsx';

/**
 * The page lists these places in words; Chromium would make each circle a stop of the keyboard with neither role nor
 * name (an SVG shape with focus listeners, which the tooltip adds). The mouse keeps the tooltip.
 */
function leaveOutOfTabOrder(event: LeafletEvent) {
  (event.target as Path).getElement()?.setAttribute('tabindex', '-1');
}

export default function PointsMapClient({
  points,
  tileUrl,
  attribution,
}: {
  points: MapPoint[];
  tileUrl: string;
  attribution: string;
}) {
  return (
    <MapContainer
      bounds={points.map((p) => [p.lat, p.lng] as [number, number])}
      boundsOptions={{ padding: [28, 28], maxZoom: 11 }}
      scrollWheelZoom={false}
      attributionControl={false}
      zoomControl={false}
      className="points-map-canvas"
    >
      <LocalizedZoomControl />
      {/* No "Leaflet" link with its flag: one keyboard stop less, and an English tooltip less; the tiles' credit stays. */}
      <AttributionControl prefix={false} />
      <TileLayer url={tileUrl} attribution={attribution} />
      {points.map((point) => (
        <CircleMarker
          key={`${point.lat},${point.lng},${point.label}`}
          center={[point.lat, point.lng]}
          radius={point.count && point.count > 1 ? 11 : 8}
          pathOptions={{ color: '#154a85', fillColor: '#1d5fa8', fillOpacity: 0.75, weight: 2 }}
          eventHandlers={{ add: leaveOutOfTabOrder }}
        >
          <Tooltip>{point.label}</Tooltip>
        </CircleMarker>
      ))}
    </MapContainer>
  );
}
