// Leaflet touches `window` when imported: this module is loaded only in the browser, by cluster-map.tsx.
// leaflet.markercluster is a UMD script that extends the global `L`, so it is loaded after `L` is set.
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import type { ClusterPoint } from './cluster-map.tsx';

type ClusterFactory = (options: Record<string, unknown>) => L.FeatureGroup;

function popupContent(point: ClusterPoint): HTMLElement {
  const box = document.createElement('div');
  const title = document.createElement(point.href ? 'a' : 'strong');
  title.textContent = point.label;
  if (point.href) (title as HTMLAnchorElement).href = point.href;
  box.append(title);
  if (point.detail) {
    const detail = document.createElement('div');
    detail.textContent = point.detail;
    box.append(detail);
  }
  return box;
}

function Clusters({ points }: { points: ClusterPoint[] }) {
  const map = useMap();
  const [factory, setFactory] = useState<ClusterFactory | null>(null);
  useEffect(() => {
    (window as unknown as { L: typeof L }).L = L;
    void import('leaflet.markercluster').then(() => {
      const create = (L as unknown as { markerClusterGroup: ClusterFactory }).markerClusterGroup;
      setFactory(() => create);
    });
  }, []);
  useEffect(() => {
    if (!factory) return;
    const group = factory({ showCoverageOnHover: false, maxClusterRadius: 48, chunkedLoading: true });
    for (const point of points) {
      const marker = L.marker([point.lat, point.lng], {
        icon: L.divIcon({
          className: 'map-pin',
          html: '<span></span>',
          iconSize: [22, 22],
          iconAnchor: [11, 11],
        }),
        title: point.label,
        alt: point.label,
        keyboard: true,
      });
      marker.bindPopup(popupContent(point));
      group.addLayer(marker);
    }
    map.addLayer(group);
    map.getContainer().dataset.markers = String(points.length);
    return () => {
      map.removeLayer(group);
    };
  }, [factory, map, points]);
  return null;
}

export default function ClusterMapClient({
  points,
  tileUrl,
  attribution,
}: {
  points: ClusterPoint[];
  tileUrl: string;
  attribution: string;
}) {
  const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number]));
  return (
    <MapContainer
      bounds={bounds.pad(0.05)}
      boundsOptions={{ padding: [24, 24], maxZoom: 12 }}
      scrollWheelZoom={false}
      className="cluster-map-canvas"
    >
      <TileLayer url={tileUrl} attribution={attribution} />
      <Clusters points={points} />
    </MapContainer>
  );
}
