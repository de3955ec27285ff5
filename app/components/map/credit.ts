// The credit a map owes its tiles. Leaflet shows an attribution as HTML, so the configured text is escaped here and,
// when the provider names a page for it (OpenStreetMap asks for a link to its copyright page), linked to that page.

import { escapeHtml } from '#app/utils/escape-html.ts';

export interface MapCredit {
  attribution: string;
  attributionUrl?: string | null;
}

/** The attribution as the HTML Leaflet's attribution control shows. */
export function leafletAttribution({ attribution, attributionUrl }: MapCredit): string {
  const text = escapeHtml(attribution);
  return attributionUrl ? `<a href="${escapeHtml(attributionUrl)}" rel="noopener">${text}</a>` : text;
}

/** The credit of the default tiles, used where the page's settings are not at hand. */
export const OSM_CREDIT: MapCredit = {
  attribution: '© OpenStreetMap contributors',
  attributionUrl: 'https://www.openstreetmap.org/copyright',
};
