import { isRouteErrorResponse } from '@remix-run/react';
import { defaultLocale, getT, isLocale, type MessageKey } from '#app/i18n/index.ts';

interface TitleArgs {
  data: unknown;
  matches: readonly { id: string; data: unknown }[];
  /** Set when an error boundary shows the page instead of the route. */
  error?: unknown;
}

/** What an error page says, by its status: its heading and, shorter, its browser-tab title. */
export function errorTexts(status: number): { heading: MessageKey; title: MessageKey } {
  switch (status) {
    case 400:
      return { heading: 'error.badRequest', title: 'error.tab.badRequest' };
    case 401:
      return { heading: 'error.unauthorized', title: 'error.tab.unauthorized' };
    case 403:
      return { heading: 'error.forbidden', title: 'error.tab.forbidden' };
    case 404:
      return { heading: 'error.notFound', title: 'error.tab.notFound' };
    default:
      return { heading: 'error.title', title: 'error.title' };
  }
}

/** The status an error boundary shows: a thrown Response's, otherwise 500. */
export function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

/**
 * A page's browser-tab title: on an error page what went wrong (页面不存在 · 社会大课堂); otherwise the `pageTitle`
 * its loader wrote in the visitor's language, or, when the loader gave none (a redirect), the site's name. The
 * language is the one the root loader chose. Never a hard-coded text.
 */
export function pageTitle({ data, matches, error }: TitleArgs): string {
  const root = matches.find((m) => m.id === 'root')?.data;
  const locale = typeof root === 'object' && root !== null && 'locale' in root ? root.locale : undefined;
  const t = getT(isLocale(locale) ? locale : defaultLocale);
  if (error !== undefined && error !== null) {
    return `${t(errorTexts(errorStatus(error)).title)} · ${t('site.name')}`;
  }
  if (
    typeof data === 'object' &&
    data !== null &&
    'pageTitle' in data &&
    typeof data.pageTitle === 'string'
  ) {
    return data.pageTitle;
  }
  return t('site.name');
}
