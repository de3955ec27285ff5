// Leaflet touches `window` when imported: this module is loaded only in the browser, by pin-map.tsx.
import { useState } from 'react';
import { CircleMarker, MapContainer, TileLayer, Tooltip, useMapEvents } from 'react-leaflet';
import type { PinMapProps } from './pin-map.tsx';
import { LocalizedZoomControl } from './zoom-control.client.tsx';

function setField(id: string | undefined, value: string) {
  const input = id ? (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null) : null;
  if (input) input.value = value;
}

function ClickToMove({ onPick }: { onPick: (lat: number, lng: number) => void }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lat, event.latlng.lng) });
  return null;
}

export default function PinMapClient({
  lat,
  lng,
  label,
  other,
  fields,
  tileUrl,
  attribution,
}: PinMapProps & { tileUrl: string; attribution: string }) {
  const [pin, setPin] = useState({ lat, lng });
  const pick = (pickedLat: number, pickedLng: number) => {
    const rounded = { lat: Number(pickedLat.toFixed(6)), lng: Number(pickedLng.toFixed(6)) };
    setPin(rounded);
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
      zoomControl={false}
      className="points-map-canvas"
    >
      <LocalizedZoomControl />
      <TileLayer url={tileUrl} attribution={attribution} />
      <ClickToMove onPick={pick} />
      {other ? (
        <CircleMarker
          center={[other.lat, other.lng]}
          radius={7}
          pathOptions={{ color: '#8a5a00', fillColor: '#f0a500', fillOpacity: 0.8, weight: 2 }}
        >
          <Tooltip>{other.label}</Tooltip>
        </CircleMarker>
      ) : null}
      <CircleMarker
        center={[pin.lat, pin.lng]}
        radius={9}
        pathOptions={{ color: '#154a85', fillColor: '#1d5fa8', fillOpacity: 0.8, weight: 2 }}
      >
        <Tooltip permanent>{label}</Tooltip>
      </CircleMarker>
    </MapContainer>
  );
}
