// Leaflet touches `window` when imported: this module is loaded only in the browser, by points-map.tsx.
import { CircleMarker, MapContainer, TileLayer, Tooltip } from 'react-leaflet';
import type { MapPoint } from './points-map.tsx';
import { LocalizedZoomControl } from './zoom-control.client.tsx';

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
      zoomControl={false}
      className="points-map-canvas"
    >
      <LocalizedZoomControl />
      <TileLayer url={tileUrl} attribution={attribution} />
      {points.map((point) => (
        <CircleMarker
          key={`${point.lat},${point.lng},${point.label}`}
          center={[point.lat, point.lng]}
          radius={point.count && point.count > 1 ? 11 : 8}
          pathOptions={{ color: '#154a85', fillColor: '#1d5fa8', fillOpacity: 0.75, weight: 2 }}
        >
          <Tooltip>{point.label}</Tooltip>
        </CircleMarker>
      ))}
    </MapContainer>
  );
}
