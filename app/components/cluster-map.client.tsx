// Leaflet touches `window` when imported: this module is loaded only in the browser, by cluster-map.tsx.
// Clustering is done here on a pixel grid at the current zoom (recomputed on zoom and pan): no global `L` plugin.
import L from 'leaflet';
import { useMemo, useState } from 'react';
import { MapContainer, Marker, Popup, TileLayer, useMapEvents } from 'react-leaflet';
import type { ClusterPoint } from './cluster-map.tsx';

/** Points closer than this many pixels at the current zoom share one marker. */
const CELL_PX = 56;

interface Cluster {
  key: string;
  lat: number;
  lng: number;
  points: ClusterPoint[];
}

function clusterAt(map: L.Map, points: ClusterPoint[]): Cluster[] {
  const zoom = map.getZoom();
  const cells = new Map<string, Cluster>();
  for (const point of points) {
    const pixel = map.project([point.lat, point.lng], zoom);
    const key = `${Math.floor(pixel.x / CELL_PX)}:${Math.floor(pixel.y / CELL_PX)}`;
    const cell = cells.get(key) ?? { key, lat: 0, lng: 0, points: [] };
    cell.points.push(point);
    cells.set(key, cell);
  }
  for (const cell of cells.values()) {
    cell.lat = cell.points.reduce((sum, p) => sum + p.lat, 0) / cell.points.length;
    cell.lng = cell.points.reduce((sum, p) => sum + p.lng, 0) / cell.points.length;
  }
  return [...cells.values()];
}

const pinIcon = L.divIcon({
  className: 'map-pin',
  html: '<span></span>',
  iconSize: [22, 22],
  iconAnchor: [11, 11],
});

function clusterIcon(count: number) {
  const size = count < 10 ? 34 : count < 100 ? 40 : 48;
  return L.divIcon({
    className: 'marker-cluster marker-cluster-small',
    html: `<div><span>${count}</span></div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

function Clusters({ points }: { points: ClusterPoint[] }) {
  const [view, setView] = useState(0);
  const map = useMapEvents({
    zoomend: () => setView((v) => v + 1),
    moveend: () => setView((v) => v + 1),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `view` changes when the map moves or zooms
  const clusters = useMemo(() => clusterAt(map, points), [map, points, view]);
  return (
    <>
      {clusters.map((cluster) => {
        const single = cluster.points.length === 1 ? cluster.points[0] : undefined;
        if (single)
          return (
            <Marker
              key={cluster.key}
              position={[single.lat, single.lng]}
              icon={pinIcon}
              title={single.label}
              alt={single.label}
            >
              <Popup>
                {single.href ? <a href={single.href}>{single.label}</a> : <strong>{single.label}</strong>}
                {single.detail ? <div>{single.detail}</div> : null}
              </Popup>
            </Marker>
          );
        return (
          <Marker
            key={cluster.key}
            position={[cluster.lat, cluster.lng]}
            icon={clusterIcon(cluster.points.length)}
            title={cluster.points
              .map((p) => p.label)
              .slice(0, 5)
              .join('、')}
            eventHandlers={{
              click: () =>
                map.flyToBounds(L.latLngBounds(cluster.points.map((p) => [p.lat, p.lng])).pad(0.3)),
            }}
          />
        );
      })}
    </>
  );
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
