// leaflet.markercluster ships no types; it only extends the global L (see cluster-map.client.tsx).
declare module 'leaflet.markercluster';
