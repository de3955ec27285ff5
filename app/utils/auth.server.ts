import { type AppLoadContext, createCookie, redirect } from '@remix-run/node';
import { resolveSession, type SessionUser } from '#app/domain/accounts/accounts.server.ts';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { getT } from '#app/i18n/index.ts';
import { getLocale } from './i18n.server.ts';
import { hasPermission, type Permission } from './permissions.ts';
import { shortPageResponse } from './short-page.server.ts';

export type { SessionUser };

/** Secure, `__Host-` cookies when the site is served over HTTPS; plain names on http://localhost. */
function isSecure(request: Request, context: AppLoadContext): boolean {
  return context.config.publicUrl?.startsWith('https://') ?? new URL(request.url).protocol === 'https:';
}

export function sessionCookie(request: Request, context: AppLoadContext) {
  const secure = isSecure(request, context);
  return createCookie(secure ? '__Host-sc_session' : 'sc_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
  });
}

export async function readSessionSecret(request: Request, context: AppLoadContext): Promise<string | null> {
  const value = await sessionCookie(request, context).parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length >= 20 ? value : null;
}

const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, or null. Looked up once per request. */
export function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = readSessionSecret(request, context).then((secret) =>
      secret ? resolveSession(context.db, secret, context.clock.now()) : null,
    );
    resolved.set(request, pending);
  }
  return pending;
}

/**
 * Same-site paths only, so that `redirectTo` cannot send anyone elsewhere. Browsers drop tabs and line breaks from
 * a URL and read `\` as `/`, so `/<TAB>/evil.example` would leave the site: a path holding any control character or
 * backslash is refused, and what is left must resolve to this site.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!to || typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to))
    return fallback;
  const base = 'http://this.site';
  const resolved = new URL(to, base);
  return resolved.origin === base ? to : fallback;
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    // `required`: the sign-in page says this step needs it, which it does not when someone clicks 登录 themselves.
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}&required=1`);
  }
  return user;
}

/** The user, when one of their roles grants the permission; 403 otherwise (and sign-in first when anonymous). */
export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!hasPermission(user, permission)) throw await forbidden(request, context, user.id, permission);
  return user;
}

/**
 * The 403 answer for a signed-in person who may not do this, written to the audit log first (who, which path,
 * which permission) so that bureaus can see attempts, not only changes. Once per request: a page's layout and its
 * route may both refuse (their loaders run side by side), and the first one marks the request before it writes.
 */
export async function forbidden(
  request: Request,
  context: AppLoadContext,
  userId: string | null,
  permission?: string,
): Promise<Response> {
  // A page draws its own error page from the status; a file or a redirecting address sends this body as it is, so it is
  // a short page in the visitor's language too, not a bare "Forbidden".
  const locale = await getLocale(request);
  const t = getT(locale);
  const answer = shortPageResponse(403, locale, t, t('error.forbidden'));
  if (context.denial.audited) return answer;
  context.denial.audited = true;
  await recordAudit(context.db, {
    actorUserId: userId,
    action: 'auth.permission_denied',
    entityType: 'route',
    entityId: `${request.method} ${new URL(request.url).pathname}`.slice(0, 300),
    after: permission ? { permission } : undefined,
    requestId: context.requestId,
    ip: context.clientIp,
  });
  return answer;
}

/** The Set-Cookie header for a session just opened. */
export async function sessionHeaders(
  request: Request,
  context: AppLoadContext,
  session: { sessionSecret: string; expiresAt: Date },
): Promise<HeadersInit> {
  const cookie = sessionCookie(request, context);
  return { 'Set-Cookie': await cookie.serialize(session.sessionSecret, { expires: session.expiresAt }) };
}

/** What the domain needs to know about the request for its audit entries. */
export function requestMeta(request: Request, context: AppLoadContext) {
  return {
    now: context.clock.now(),
    ip: context.clientIp || null,
    userAgent: request.headers.get('user-agent'),
    requestId: context.requestId,
  };
}
