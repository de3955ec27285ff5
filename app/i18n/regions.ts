import type { Locale } from './index.ts';
import { regionNamesEn } from './region-names-en.ts';

/**
 * A region's name as the interface shows it: the English name in English (Hohhot, Wuchuan County), the stored Chinese
 * name otherwise and in all data and exports.
 */
export function regionName(locale: Locale, region: { code: string; name: string }): string {
  return (locale === 'en' ? regionNamesEn[region.code] : undefined) ?? region.name;
}
