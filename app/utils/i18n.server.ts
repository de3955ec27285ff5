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
