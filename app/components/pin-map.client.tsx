// Leaflet touches `window` when imported: this module is loaded only in the browser, by pin-map.tsx.
import { useEffect, useState } from 'react';
import {
  AttributionControl,
  CircleMarker,
  MapContainer,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from 'react-leaflet';
import {
  type CoordinateSystem,
  coordinateSystems,
  inInnerMongolia,
  type LatLng,
  parseCoordinates,
  toWgs84,
} from '#app/domain/venues/coordinates.ts';
import type { PinMapProps } from './pin-map.tsx';
import { LocalizedZoomControl } from './zoom-control.client.tsx';

function setField(id: string | undefined, value: string) {
  const input = id ? (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null) : null;
  if (input) input.value = value;
}

const fieldValue = (id: string | undefined) =>
  id ? ((document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '') : '';

/**
 * Where the fields put the venue: the pasted coordinates (in the chosen system) when some are pasted, else the
 * latitude and longitude fields, each only if it reads as a place in or near Inner Mongolia. Anything else leaves the
 * pin where it is; the server says what is wrong on saving.
 */
function typedPosition(fields: PinMapProps['fields']): LatLng | null {
  const system = fieldValue(fields.system);
  const text = fieldValue(fields.pasted).trim();
  if (text) {
    const pasted = parseCoordinates(text);
    if (!pasted || !inInnerMongolia(pasted)) return null;
    return toWgs84(
      pasted,
      (coordinateSystems as readonly string[]).includes(system) ? (system as CoordinateSystem) : 'wgs84',
    );
  }
  const lat = fieldValue(fields.lat).trim();
  const lng = fieldValue(fields.lng).trim();
  const point = { lat: Number(lat), lng: Number(lng) };
  return lat && lng && inInnerMongolia(point) ? point : null;
}

/** Brings a typed position into view when it lies off the map. */
function FollowPin({ pin }: { pin: LatLng }) {
  const map = useMap();
  useEffect(() => {
    if (!map.getBounds().contains([pin.lat, pin.lng])) map.panTo([pin.lat, pin.lng]);
  }, [map, pin]);
  return null;
}

/**
 * A position waiting for review may lie kilometres from the live one: both are brought into view once the map has its
 * size (the container is sized only after the lazy module mounts, so a fit at creation would see none).
 */
function ShowBoth({ a, b }: { a: LatLng; b: LatLng }) {
  const map = useMap();
  useEffect(() => {
    map.invalidateSize();
    map.fitBounds(
      [
        [a.lat, a.lng],
        [b.lat, b.lng],
      ],
      { padding: [48, 48], maxZoom: 14 },
    );
  }, [map, a.lat, a.lng, b.lat, b.lng]);
  return null;
}

function ClickToMove({ onPick }: { onPick: (lat: number, lng: number) => void }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lat, event.latlng.lng) });
  return null;
}

export default function PinMapClient({
  lat,
  lng,
  label,
  movedLabel,
  other,
  fields,
  tileUrl,
  attribution,
}: PinMapProps & { tileUrl: string; attribution: string }) {
  const [pin, setPin] = useState({ lat, lng });
  const [moved, setMoved] = useState(false);
  const move = (to: LatLng) => {
    setPin(to);
    setMoved(to.lat !== lat || to.lng !== lng);
  };
  useEffect(() => {
    const ids = [fields.pasted, fields.system, fields.lat, fields.lng];
    const inputs = ids.map((id) => (id ? document.getElementById(id) : null)).filter((el) => el !== null);
    const onInput = () => {
      const to = typedPosition(fields);
      if (to) move(to);
    };
    for (const input of inputs) {
      input.addEventListener('input', onInput);
      input.addEventListener('change', onInput);
    }
    return () => {
      for (const input of inputs) {
        input.removeEventListener('input', onInput);
        input.removeEventListener('change', onInput);
      }
    };
  });
  const pick = (pickedLat: number, pickedLng: number) => {
    const rounded = { lat: Number(pickedLat.toFixed(6)), lng: Number(pickedLng.toFixed(6)) };
    move(rounded);
    setField(fields.lat, String(rounded.lat));
    setField(fields.lng, String(rounded.lng));
    setField(fields.system, 'wgs84');
    setField(fields.pasted, '');
  };
  return (
    <MapContainer
      center={[lat, lng]}
      zoom={14}
      scrollWheelZoom={false}
      attributionControl={false}
      zoomControl={false}
      className="points-map-canvas"
    >
      <LocalizedZoomControl />
      {/* No "Leaflet" link with its flag: one keyboard stop less, and an English tooltip less; the tiles' credit stays. */}
      <AttributionControl prefix={false} />
      <TileLayer url={tileUrl} attribution={attribution} />
      <ClickToMove onPick={pick} />
      <FollowPin pin={pin} />
      {other ? <ShowBoth a={{ lat, lng }} b={other} /> : null}
      {other ? (
        <CircleMarker
          center={[other.lat, other.lng]}
          radius={7}
          pathOptions={{ color: '#8a5a00', fillColor: '#f0a500', fillOpacity: 0.8, weight: 2 }}
        >
          {/* Labelled at all times like the pin, so the two points are never mistaken for each other. */}
          <Tooltip permanent direction="bottom">
            {other.label}
          </Tooltip>
        </CircleMarker>
      ) : null}
      <CircleMarker
        center={[pin.lat, pin.lng]}
        radius={9}
        pathOptions={{ color: '#154a85', fillColor: '#1d5fa8', fillOpacity: 0.8, weight: 2 }}
      >
        <Tooltip permanent>{moved ? movedLabel : label}</Tooltip>
      </CircleMarker>
    </MapContainer>
  );
}
