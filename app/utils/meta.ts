import { defaultLocale, getT, isLocale } from '#app/i18n/index.ts';

interface TitleArgs {
  data: unknown;
  matches: readonly { id: string; data: unknown }[];
}

/**
 * A page's browser-tab title: the `pageTitle` its loader wrote in the visitor's language, or, when the loader gave
 * none (an error, a redirect), the site's name in the language the root loader chose. Never a hard-coded text.
 */
export function pageTitle({ data, matches }: TitleArgs): string {
  if (
    typeof data === 'object' &&
    data !== null &&
    'pageTitle' in data &&
    typeof data.pageTitle === 'string'
  ) {
    return data.pageTitle;
  }
  const root = matches.find((m) => m.id === 'root')?.data;
  const locale = typeof root === 'object' && root !== null && 'locale' in root ? root.locale : undefined;
  return getT(isLocale(locale) ? locale : defaultLocale)('site.name');
}
