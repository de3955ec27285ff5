import { describe, expect, it } from 'vitest';
import { leafletAttribution, OSM_CREDIT } from './credit.ts';

describe('the credit a map owes its tiles', () => {
  it('links the default credit to OpenStreetMap’s copyright page', () => {
    expect(leafletAttribution(OSM_CREDIT)).toBe(
      '<a href="https://www.openstreetmap.org/copyright" rel="noopener">© OpenStreetMap contributors</a>',
    );
  });

  it('shows a credit without a page as text, and never lets the setting write markup', () => {
    expect(leafletAttribution({ attribution: '© 天地图' })).toBe('© 天地图');
    expect(leafletAttribution({ attribution: '<img src=x onerror=alert(1)> & co' })).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; co',
    );
    expect(leafletAttribution({ attribution: 'Tiles', attributionUrl: 'https://t.example/?a=1&b="2"' })).toBe(
      '<a href="https://t.example/?a=1&amp;b=&quot;2&quot;" rel="noopener">Tiles</a>',
    );
  });
});
