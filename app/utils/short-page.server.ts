import type { Locale, MessageKey, TFunction } from '#app/i18n/index.ts';
import { escapeHtml } from '#app/utils/escape-html.ts';
import { homesOf } from '#app/utils/home.ts';
import type { Role } from '#db/schema/enums.ts';

/**
 * A small page in the visitor's language for answers that come before, or instead of, the site's own pages: an address
 * that names nothing, a body that is not a form, a file (trip sheet, calendar) that does not exist. A heading, one
 * sentence and a way back; no scripts, so it needs neither the build nor a nonce.
 */
export function shortPage(
  locale: Locale,
  t: TFunction,
  message: string,
  back: { href: string; label: MessageKey } = { href: '/', label: 'error.goHome' },
): string {
  return (
    `<!doctype html><html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t('error.title'))} · ${escapeHtml(t('site.name'))}</title></head>` +
    `<body style="font:18px/1.7 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">` +
    `<h1 style="font-size:1.5rem">${escapeHtml(t('error.title'))}</h1><p>${escapeHtml(message)}</p>` +
    `<p><a href="${escapeHtml(back.href)}" style="display:inline-block;min-height:44px;line-height:44px">${escapeHtml(t(back.label))}</a></p></body></html>`
  );
}

/** A 404 for a file that cannot be given, as a short page with a way back (not a bare line of text). */
export function fileUnavailable(
  locale: Locale,
  t: TFunction,
  message: string,
  back: { href: string; label: MessageKey },
): Response {
  return shortPageResponse(404, locale, t, message, back);
}

/** A short page as a response of its own: a refusal no route draws (a file, an address that only redirects). */
export function shortPageResponse(
  status: number,
  locale: Locale,
  t: TFunction,
  message: string,
  back?: { href: string; label: MessageKey },
): Response {
  return new Response(shortPage(locale, t, message, back), {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}

/** The way back from a file that cannot be given: the person's own home (their trips, the console…), else the site's. */
export function homeLink(roles: readonly { role: Role }[]): { href: string; label: MessageKey } {
  const home = homesOf(roles)[0];
  return home ? { href: home.path, label: home.label } : { href: '/', label: 'error.goHome' };
}
