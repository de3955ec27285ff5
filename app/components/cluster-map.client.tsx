// Leaflet touches `window` when imported: this module is loaded only in the browser, by cluster-map.tsx.
// Clustering by supercluster (a k-d tree over the points, clusters per zoom level), recomputed on zoom and pan;
// the cluster icons use leaflet.markercluster's stylesheet.
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { AttributionControl, MapContainer, Marker, Popup, TileLayer, useMapEvents } from 'react-leaflet';
import Supercluster from 'supercluster';
import { useI18n } from '#app/utils/i18n.tsx';
import type { ClusterPoint } from './cluster-map.tsx';
import { clusterName } from './map/cluster-name.ts';
import { LocalizedZoomControl } from './zoom-control.client.tsx';

/** Points closer than this many pixels at the current zoom share one marker (wider than the largest icon, 48px). */
const RADIUS_PX = 60;

function indexOf(points: ClusterPoint[]) {
  // supercluster measures the radius on 512px tiles unless told otherwise; Leaflet's are 256px, where a radius of
  // 56 "pixels" was 28 on screen and 40px icons overlapped on a phone.
  const index = new Supercluster<ClusterPoint>({ radius: RADIUS_PX, extent: 256, maxZoom: 16 });
  index.load(
    points.map((point) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [point.lng, point.lat] },
      properties: point,
    })),
  );
  return index;
}

/** A finger-sized (44 px) box to tap, the dot drawn small inside it (app.css .map-pin). */
const pinIcon = L.divIcon({
  className: 'map-pin',
  html: '<span></span>',
  iconSize: [44, 44],
  iconAnchor: [22, 22],
});

/**
 * One icon per count, made once: a marker given a new icon object on a re-render (the map fires zoomend and moveend)
 * swaps its element, and a cluster holding the keyboard's focus would lose it.
 */
const clusterIcons = new Map<number, L.DivIcon>();
function clusterIcon(count: number) {
  const known = clusterIcons.get(count);
  if (known) return known;
  // Never under 44 px, the smallest target a finger hits reliably.
  const size = count < 100 ? 44 : 48;
  const icon = L.divIcon({
    className: 'marker-cluster marker-cluster-small',
    html: `<div><span>${count}</span></div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
  clusterIcons.set(count, icon);
  return icon;
}

function Clusters({ points }: { points: ClusterPoint[] }) {
  const { t, format } = useI18n();
  const [view, setView] = useState(0);
  const markers = useRef(new Map<string, L.Marker>());
  // Where a cluster opened from the keyboard was: its marker is gone after the zoom, and focus with it.
  const refocusNear = useRef<L.LatLng | null>(null);
  const map = useMapEvents({
    zoomend: () => setView((v) => v + 1),
    moveend: () => setView((v) => v + 1),
  });
  const index = useMemo(() => indexOf(points), [points]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `view` changes when the map moves or zooms
  const features = useMemo(() => {
    const b = map.getBounds();
    return index.getClusters(
      [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      Math.round(map.getZoom()),
    );
  }, [map, index, view]);
  // Once the zoom has drawn the cluster's parts, the keyboard goes on from the marker nearest to where it was.
  useEffect(() => {
    const near = refocusNear.current;
    if (!near || features.length === 0) return;
    refocusNear.current = null;
    let nearest: L.Marker | undefined;
    for (const marker of markers.current.values()) {
      if (!nearest || map.distance(marker.getLatLng(), near) < map.distance(nearest.getLatLng(), near))
        nearest = marker;
    }
    (nearest?.getElement() ?? map.getContainer()).focus({ preventScroll: true });
  }, [map, features]);
  const keep = (key: string) => (marker: L.Marker | null) => {
    if (marker) markers.current.set(key, marker);
    else markers.current.delete(key);
  };
  return (
    <>
      {features.map((feature) => {
        const [lng, lat] = feature.geometry.coordinates as [number, number];
        const props = feature.properties;
        if (!('cluster' in props)) {
          const single = props as ClusterPoint;
          const key = `p:${single.lat}:${single.lng}:${single.label}`;
          return (
            <Marker
              key={key}
              ref={keep(key)}
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
        }
        const id = props.cluster_id;
        const expand = () => map.flyTo([lat, lng], Math.min(index.getClusterExpansionZoom(id), 16));
        // Its name says how many it holds and a few of them; Enter or Space on it zooms in, as a click does.
        const name = clusterName(
          t,
          format,
          props.point_count,
          index.getLeaves(id, 3).map((leaf) => leaf.properties.label),
        );
        return (
          <Marker
            key={`c:${id}`}
            ref={keep(`c:${id}`)}
            position={[lat, lng]}
            icon={clusterIcon(props.point_count)}
            title={name}
            alt={name}
            eventHandlers={{
              click: expand,
              keypress: (event) => {
                const key = (event.originalEvent as KeyboardEvent).key;
                if (key === 'Enter' || key === ' ') {
                  event.originalEvent.preventDefault();
                  refocusNear.current = L.latLng(lat, lng);
                  expand();
                }
              },
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
      attributionControl={false}
      zoomControl={false}
      className="cluster-map-canvas"
    >
      <LocalizedZoomControl />
      {/* No "Leaflet" link with its flag: one keyboard stop less, and an English tooltip less; the tiles' credit stays. */}
      <AttributionControl prefix={false} />
      <TileLayer url={tileUrl} attribution={attribution} />
      <Clusters points={points} />
    </MapContainer>
  );
}
