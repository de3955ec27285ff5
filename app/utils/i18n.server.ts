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

/**
 * The interface language an Accept-Language header asks for (RFC 9110 §12.5.4): the supported language with the
 * highest weight, the earlier one on a tie; Chinese when it names neither (or gives them weight 0). For callers
 * without the site's language cookie: API clients and calendar apps.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  let best: { locale: Locale; q: number } | null = null;
  for (const part of (header ?? '').split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0] ?? '';
    if (!isLocale(primary)) continue;
    // A weight that cannot be read counts as none (the range is skipped), not as the default of 1.
    const weight = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
    const q =
      weight === undefined
        ? 1
        : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i.test(weight)
          ? Number(weight.slice(2))
          : 0;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? defaultLocale;
}

/**
 * The language of a calendar feed. Calendar apps send no cookie, so the subscribe address carries the language its
 * subscriber chose (`?lang=en`); without it, the app's Accept-Language, then Chinese.
 */
export function feedLocale(request: Request): Locale {
  const asked = new URL(request.url).searchParams.get('lang');
  if (isLocale(asked)) return asked;
  return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

/** A feed's subscribe address in the language its subscriber reads the page in. */
export function feedAddress(path: string, locale: Locale): string {
  return `${path}?lang=${locale}`;
}
