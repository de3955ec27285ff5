import { createCookie } from '@remix-run/node';
import { defaultLocale, getT, isLocale, type Locale } from '#app/i18n/index.ts';

/** The interface language, chosen by the visitor and kept for a year. */
export const localeCookie = createCookie('lang', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 365 * 86400,
});

export async function getLocale(request: Request): Promise<Locale> {
  const value = await localeCookie.parse(request.headers.get('Cookie'));
  return isLocale(value) ? value : defaultLocale;
}

export async function getServerT(request: Request) {
  return getT(await getLocale(request));
}

/** The first language of an Accept-Language header (by its q weights) that the site speaks; null when none is. */
export function acceptedLocale(header: string | null): Locale | null {
  const ranked = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const weight = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      const q = weight === undefined ? 1 : Number(weight);
      return { language: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.q > 0 && isLocale(r.language))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  const first = ranked[0]?.language;
  return isLocale(first) ? first : null;
}

/**
 * The language of a calendar feed. Calendar apps send no cookie, so the subscribe address carries the language its
 * subscriber chose (`?lang=en`); without it, the app's Accept-Language, then Chinese.
 */
export function feedLocale(request: Request): Locale {
  const asked = new URL(request.url).searchParams.get('lang');
  if (isLocale(asked)) return asked;
  return acceptedLocale(request.headers.get('accept-language')) ?? defaultLocale;
}

/** A feed's subscribe address in the language its subscriber reads the page in. */
export function feedAddress(path: string, locale: Locale): string {
  return `${path}?lang=${locale}`;
}
