import type { Request, Response } from 'express';
import { resolveSession } from '#app/domain/accounts/accounts.server.ts';
import { resolveApiToken } from '#app/domain/accounts/tokens.server.ts';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { loggedPath } from '#app/utils/log-path.ts';
import type { Services } from './services.ts';

const COOKIE = /(?:^|;\s*)(?:__Host-)?sc_session=([^;]+)/;

/** The session secret in a Remix cookie (URI-encoded base64 JSON of the secret). */
function sessionSecret(cookieHeader: string | undefined): string | null {
  const raw = cookieHeader ? COOKIE.exec(cookieHeader)?.[1] : undefined;
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8'));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Every 403 answer ends up in the audit log as a permission denial, whichever layer refused (a route's `require…`,
 * a domain function's ownership check, a region outside the auditor's). Routes that refuse through `forbidden()`
 * have written the entry already, naming the permission, and marked the request (`denial.audited`); for the others
 * it is written here after the answer, with the person from the cookie or the bearer token. The mark is the
 * request's own: a request id can come from the client, so it cannot tell whether this request was written down.
 */
export async function auditDenial(services: Services, req: Request, res: Response): Promise<void> {
  if ((res.locals.denial as { audited: boolean } | undefined)?.audited) return;
  const db = services.database.db;
  const requestId = res.locals.requestId as string;
  const now = services.clock.now();
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const secret = sessionSecret(req.get('cookie'));
  const actor = bearer
    ? await resolveApiToken(db, bearer, now)
    : secret
      ? await resolveSession(db, secret, now)
      : null;
  await recordAudit(db, {
    actorUserId: actor?.id ?? null,
    action: 'auth.permission_denied',
    entityType: 'route',
    // A secret in the path (a reset or invitation link) is masked, as in the request log.
    entityId: `${req.method} ${loggedPath(req.path)}`.slice(0, 300),
    requestId,
    ip: req.ip ?? null,
  });
}
