import type { RequestHandler } from 'express';
import { getT, type MessageKey } from '#app/i18n/index.ts';
import { getLocale } from '#app/utils/i18n.server.ts';

/** What a control character (NUL, a line break…) would be in a decoded path: no route or record has one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Addresses that name nothing, answered before any route sees them: percent-encoding that is not UTF-8 (`/%C0%AF`)
 * cannot be decoded (Remix would throw), and a control character (`/venues/%00`) is in no path or slug (PostgreSQL
 * cannot even compare text holding NUL). The first is a 400, the second a 404; JSON under /api/, otherwise a short
 * page in the visitor's language.
 */
export function malformedPaths(): RequestHandler {
  return (req, res, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      return void answer(400, 'malformed_path', 'error.malformedAddress').catch(next);
    }
    if (!CONTROL.test(decoded)) return next();
    return void answer(404, 'not_found', 'error.notFound').catch(next);

    async function answer(status: number, error: string, key: MessageKey) {
      const locale = await getLocale(
        new Request('http://x/', { headers: { Cookie: req.get('cookie') ?? '' } }),
      );
      const t = getT(locale);
      res.status(status).setHeader('Cache-Control', 'no-store');
      if (req.path.startsWith('/api/')) {
        res.json({ error, message: t(key) });
        return;
      }
      res
        .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
        .type('html')
        .send(
          `<!doctype html><html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
            `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('error.title')} · ${t('site.name')}</title></head>` +
            `<body style="font:18px/1.7 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">` +
            `<h1 style="font-size:1.5rem">${t('error.title')}</h1><p>${t(key)}</p><p><a href="/">${t('error.goHome')}</a></p></body></html>`,
        );
    }
  };
}
