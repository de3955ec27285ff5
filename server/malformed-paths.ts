import type { Request, RequestHandler, Response } from 'express';
import { getT, type MessageKey } from '#app/i18n/index.ts';
import { getLocale, localeFromAcceptLanguage } from '#app/utils/i18n.server.ts';
import { shortPage } from '#app/utils/short-page.server.ts';

/** What a control character (NUL, a line break…) would be in a decoded path: no route or record has one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The JSON API's addresses: /api itself and everything under it. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The methods the site answers; any other (PROPFIND, TRACE…) is refused before a route sees it. */
const METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the request's Host header makes an address at all (`[::1`, `a b` or port 99999 do not). */
function readableHost(req: Request): boolean {
  try {
    new URL(`${req.protocol}://${req.get('host') ?? ''}/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Requests that name nothing, answered before any route sees them: a Host header that is no host (an address could
 * not even be built from it: every route would fail), a method the site has no use for, percent-encoding that is not
 * UTF-8 (`/%C0%AF`, which cannot be decoded: Remix would throw), and a control character (`/venues/%00`, in no path
 * or slug: PostgreSQL cannot even compare text holding NUL). 400, 405, 400 and 404; JSON under /api, otherwise a
 * short page in the visitor's language.
 */
export function malformedPaths(): RequestHandler {
  return (req, res, next) => {
    if (!readableHost(req))
      return void shortAnswer(req, res, 400, 'bad_request', 'error.badRequest').catch(next);
    if (!METHODS.has(req.method)) {
      res.setHeader('Allow', [...METHODS].join(', '));
      return void shortAnswer(req, res, 405, 'method_not_allowed', 'error.methodNotAllowed').catch(next);
    }
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
    if (reads.has(req.method) || isApiPath(req.path) || type === 'application/x-www-form-urlencoded')
      return next();
    shortAnswer(req, res, 415, 'unsupported_media_type', 'error.unreadableForm').catch(next);
  };
}

/**
 * A short answer in the visitor's language: JSON under /api (in the language its Accept-Language asks for, as every
 * API answer), otherwise a small page (in the language chosen on the site).
 */
export async function shortAnswer(
  req: Request,
  res: Response,
  status: number,
  error: string,
  key: MessageKey,
) {
  res.status(status).setHeader('Cache-Control', 'no-store');
  if (isApiPath(req.path)) {
    res.json({ error, message: getT(localeFromAcceptLanguage(req.get('accept-language')))(key) });
    return;
  }
  const locale = await getLocale(new Request('http://x/', { headers: { Cookie: req.get('cookie') ?? '' } }));
  const t = getT(locale);
  res
    .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    .type('html')
    .send(shortPage(locale, t, t(key)));
}
