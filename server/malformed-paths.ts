import type { Request, RequestHandler, Response } from 'express';
import { getT, type MessageKey } from '#app/i18n/index.ts';
import { getLocale } from '#app/utils/i18n.server.ts';
import { shortPage } from '#app/utils/short-page.server.ts';

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
      return void shortAnswer(req, res, 400, 'malformed_path', 'error.malformedAddress').catch(next);
    }
    if (!CONTROL.test(decoded)) return next();
    return void shortAnswer(req, res, 404, 'not_found', 'error.notFound').catch(next);
  };
}

/**
 * A write to a page that is not an URL-encoded form (a bare `curl -X POST`, JSON, text/plain, a multipart body) is
 * answered 415 before any action reads it: `request.formData()` would throw on most of them, and the visitor would see
 * a 500. Every form of the site, with or without JavaScript, sends URL-encoded fields (none has a file to upload: one
 * that did would need multipart here); the JSON API under /api/ reads its own bodies.
 */
export function unreadableForms(): RequestHandler {
  const reads = new Set(['GET', 'HEAD', 'OPTIONS']);
  return (req, res, next) => {
    const type = req.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (reads.has(req.method) || req.path.startsWith('/api/') || type === 'application/x-www-form-urlencoded')
      return next();
    shortAnswer(req, res, 415, 'unsupported_media_type', 'error.unreadableForm').catch(next);
  };
}

/** A short answer in the visitor's language: JSON under /api/, otherwise a small page. */
async function shortAnswer(req: Request, res: Response, status: number, error: string, key: MessageKey) {
  const locale = await getLocale(new Request('http://x/', { headers: { Cookie: req.get('cookie') ?? '' } }));
  const t = getT(locale);
  res.status(status).setHeader('Cache-Control', 'no-store');
  if (req.path.startsWith('/api/')) {
    res.json({ error, message: t(key) });
    return;
  }
  res
    .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    .type('html')
    .send(shortPage(locale, t, t(key)));
}
