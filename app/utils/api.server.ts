import type { AppLoadContext } from '@remix-run/node';
import type { z } from 'zod';
import { resolveApiToken, type TokenUser } from '#app/domain/accounts/tokens.server.ts';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import {
  type Completion,
  type IdempotencyRequest,
  parseIdempotencyKey,
  runIdempotent,
  type StoredResponse,
} from '#app/domain/bookings/idempotency.server.ts';
import { getT, type Locale, type MessageKey, type MessageParams } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import { localeFromAcceptLanguage } from './i18n.server.ts';
import { hasPermission, type Permission } from './permissions.ts';
import { type FieldErrors, parseInput } from './validation.ts';

export type { TokenUser };

/** The API answers in the language the caller's Accept-Language weighs highest of Chinese and English; Chinese
 * otherwise. */
export function apiLocale(request: Request): Locale {
  return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

export function apiT(request: Request) {
  return getT(apiLocale(request));
}

/** Every API error has this shape: `{ error, message, fields? }`. */
export function apiError(
  status: number,
  error: string,
  message: string,
  fields?: FieldErrors,
  extra: Record<string, unknown> = {},
): Response {
  return Response.json({ error, message, ...(fields ? { fields } : {}), ...extra }, { status });
}

/**
 * What an API route that writes declares beside its action: the methods the action takes. The API lane answers other
 * methods (and OPTIONS) from it with the Allow header, before the action runs.
 */
export interface ApiRouteHandle {
  methods: readonly ('POST' | 'PATCH' | 'PUT' | 'DELETE')[];
}

/** 405 in the API's error shape, with the Allow header RFC 9110 asks for. */
export function methodNotAllowed(locale: Locale, method: string, allowed: readonly string[]): Response {
  const response = apiError(
    405,
    'method_not_allowed',
    getT(locale)('api.methodNotAllowed', { method, allowed: allowed.join(', ') }),
  );
  response.headers.set('Allow', allowed.join(', '));
  return response;
}

/** The action's own check (for the development server, where Remix answers without the lane): 405 unless the
 * request's method is one the route declares. */
export function refuseOtherMethods(
  request: Request,
  handle: ApiRouteHandle,
  hasLoader = false,
): Response | null {
  if ((handle.methods as readonly string[]).includes(request.method)) return null;
  return methodNotAllowed(apiLocale(request), request.method, [
    ...(hasLoader ? ['GET', 'HEAD'] : []),
    ...handle.methods,
  ]);
}

/** An API error whose message is an interface text in the caller's language. */
export function apiErrorT(
  request: Request,
  status: number,
  error: string,
  key: MessageKey,
  params?: MessageParams,
  extra: Record<string, unknown> = {},
): Response {
  return apiError(status, error, apiT(request)(key, params), undefined, extra);
}

function bearer(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/** The token's owner when an Authorization header is sent; throws 401 for a bad one, null when none is sent. */
export async function getApiUser(request: Request, context: AppLoadContext): Promise<TokenUser | null> {
  const token = bearer(request);
  if (!token) {
    if (request.headers.has('authorization'))
      throw apiErrorT(request, 401, 'unauthorized', 'api.unauthorized');
    return null;
  }
  const user = await resolveApiToken(context.db, token, context.clock.now());
  if (!user) throw apiErrorT(request, 401, 'unauthorized', 'api.unauthorized');
  return user;
}

/** API endpoints that change data take only a bearer token (never the browser's cookie). */
export async function requireApiUser(request: Request, context: AppLoadContext): Promise<TokenUser> {
  const user = await getApiUser(request, context);
  if (!user) throw apiErrorT(request, 401, 'unauthorized', 'api.unauthorized');
  return user;
}

export async function requireApiPermission(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<TokenUser> {
  const user = await requireApiUser(request, context);
  if (!hasPermission(user, permission)) {
    context.denial.audited = true;
    await recordAudit(context.db, {
      actorUserId: user.id,
      action: 'auth.permission_denied',
      entityType: 'route',
      entityId: `${request.method} ${new URL(request.url).pathname}`.slice(0, 300),
      after: { permission, tokenId: user.tokenId },
      requestId: context.requestId,
      ip: context.clientIp,
    });
    throw apiErrorT(request, 403, 'forbidden', 'api.forbidden');
  }
  return user;
}

/** The JSON body, or a 400 when it is not JSON. */
export async function readJsonBody(
  request: Request,
  /** For the steps that take no body: an empty one reads as `{}` rather than as broken JSON. */
  options: { emptyAsObject?: boolean } = {},
): Promise<unknown> {
  const text = await request.text();
  requireJsonContentType(request, text);
  if (options.emptyAsObject && text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw apiErrorT(request, 400, 'invalid_json', 'api.invalidJson');
  }
  if (deeperThan(body, MAX_JSON_DEPTH)) throw apiErrorT(request, 400, 'invalid_json', 'api.jsonTooDeep');
  return body;
}

/**
 * A body is read as JSON only when it says it is (`application/json`, or a `+json` type): a form's fields or text
 * sent by mistake get 415 and a message naming the header, rather than being parsed as if it were JSON. No body at
 * all (the steps that take none) needs no header.
 */
export function requireJsonContentType(request: Request, body: string) {
  if (body.trim() === '') return;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type)) return;
  throw apiErrorT(request, 415, 'unsupported_media_type', 'api.notJson');
}

/**
 * A token sent to a public endpoint must still be valid: a caller whose token expired or was revoked hears 401, as
 * from every other endpoint, rather than an answer that looks like theirs and is the public one.
 */
export async function refuseInvalidToken(request: Request, context: AppLoadContext): Promise<void> {
  await getApiUser(request, context);
}

/** No body the API takes nests more than a few levels (slots in a list); deeper ones are refused before anything
 * walks them (a few kilobytes of brackets would otherwise exhaust the stack of every recursive check). */
const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests arrays or objects more than `limit` deep (walked without recursion). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Parses API input; a 400 with localized field messages when it does not fit. */
export function parseApiInput<S extends z.ZodType>(request: Request, schema: S, input: unknown): z.output<S> {
  const t = apiT(request);
  const parsed = parseInput(schema, input, t);
  if (parsed.ok) return parsed.data;
  throw apiError(400, 'invalid_request', t('api.invalidRequest'), parsed.fields);
}

/** The request's Idempotency-Key (null without one); a 400 for a malformed one, before anything else is read. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = parseIdempotencyKey(request.headers.get('idempotency-key'));
  if (key === 'invalid')
    throw apiErrorT(request, 400, 'invalid_idempotency_key', 'bookings.error.idempotencyKey');
  return key;
}

/**
 * Runs a write and answers it; with an Idempotency-Key (IETF draft) once per user and key: the first answer, again
 * with Idempotent-Replayed on a retry; 422 for the key reused with another body; 409 while the first request with it
 * is still running.
 */
export async function answerOnce(
  request: Request,
  db: Database,
  once: Omit<IdempotencyRequest, 'key'> & { key: string | null },
  operation: (complete?: Completion) => Promise<StoredResponse>,
  options: { claimInOperation?: boolean } = {},
): Promise<Response> {
  const { key } = once;
  if (!key) {
    const response = await operation();
    return Response.json(response.body, { status: response.status });
  }
  const outcome = await runIdempotent(db, { ...once, key }, operation, options);
  switch (outcome.kind) {
    case 'fresh':
      return Response.json(outcome.response.body, { status: outcome.response.status });
    case 'replay':
      return Response.json(outcome.response.body, {
        status: outcome.response.status,
        headers: { 'Idempotent-Replayed': 'true' },
      });
    case 'mismatch':
      return apiErrorT(request, 422, 'idempotency_key_reused', 'bookings.error.idempotencyMismatch');
    case 'in_flight':
      return apiErrorT(request, 409, 'idempotency_key_in_flight', 'bookings.error.idempotencyInFlight');
  }
}
