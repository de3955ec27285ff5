import type { AppLoadContext } from '@remix-run/node';
import { greenSeatsHeld } from '#app/domain/bookings/rules.ts';
import { listOperatedVenues, operatedVenueIds, type VenueActor } from '#app/domain/venues/access.server.ts';
import type { ProgramEditError } from '#app/domain/venues/programs.server.ts';
import type { SessionError, SessionFailure } from '#app/domain/venues/sessions.server.ts';
import {
  type Formatters,
  getFormatters,
  getT,
  type MessageKey,
  type MessageParams,
  type TFunction,
} from '#app/i18n/index.ts';
import type { Program } from '#db/schema/index.ts';
import { apiError, apiLocale, apiT } from './api.server.ts';
import { forbidden, requirePermission, type SessionUser } from './auth.server.ts';
import type { Permission } from './permissions.ts';
import { parseShanghaiDay, shanghaiDay } from './time.ts';

/** Every error the console's domain functions return; each has a message `console.error.<code>`. */
export type ConsoleError =
  | SessionError
  | 'coordinates'
  | 'coordinates_both'
  | 'coordinates_outside'
  | 'region_unknown'
  | 'region_not_county'
  | 'change_stale'
  | 'replaces_unknown'
  | 'replaces_other_audience'
  | 'commitment_ended'
  | 'already_decided'
  | ProgramEditError;

export const consoleErrorStatus = (error: ConsoleError): number =>
  ({
    not_found: 404,
    forbidden: 403,
    program_not_found: 404,
    capacity_below_held: 409,
    green_below_held: 409,
    session_has_bookings: 409,
    session_cancelled: 409,
    session_started: 409,
    session_exists: 409,
    series_sessions_exist: 409,
    series_has_bookings: 409,
    already_decided: 409,
    change_stale: 409,
    program_in_use: 409,
  })[error as string] ?? 422;

export function consoleErrorKey(error: ConsoleError): MessageKey {
  return `console.error.${error}` as MessageKey;
}

/** A domain failure as the API's error JSON, the field named when there is one. */
export function consoleApiError(
  request: Request,
  error: ConsoleError,
  field?: string,
  params?: MessageParams,
  extra: Record<string, unknown> = {},
): Response {
  const message = apiT(request)(consoleErrorKey(error), params);
  return apiError(consoleErrorStatus(error), error, message, field ? { [field]: message } : undefined, extra);
}

/** A domain failure as a form's field errors. */
export function consoleFormErrors(
  t: TFunction,
  error: ConsoleError,
  field?: string,
  params?: MessageParams,
): Record<string, string> {
  return { [field ?? '_form']: t(consoleErrorKey(error), params) };
}

/** What a session refusal's message names, written for the reader: the sessions it is about, the series' last day. */
export function sessionFailureParams(
  failure: SessionFailure,
  t: TFunction,
  format: Formatters,
): MessageParams {
  const named = failure.sessions ?? [];
  const when = (s: { startsAt: Date }) => format.dateTime(s.startsAt);
  return {
    when: format.list(named.map(when)),
    sessions: format.list(
      named.map((s) => t('console.sessions.withBookings', { when: when(s), n: s.liveBookings ?? 0 })),
    ),
    end: failure.lastDay ? format.date(parseShanghaiDay(failure.lastDay)) : '',
    first: failure.firstStartsAt ? format.dateTime(failure.firstStartsAt) : '',
    // The days as the exception field takes them (2030-04-02 2030-04-09), to be copied into it.
    days: [...new Set(named.map((s) => shanghaiDay(s.startsAt)))].join(' '),
  };
}

/**
 * A session refusal as the API's error JSON; `session_exists` carries the session already there (`existing`), so a
 * retried request can carry on with it.
 */
export function sessionApiError(request: Request, failure: SessionFailure): Response {
  const locale = apiLocale(request);
  const params = sessionFailureParams(failure, getT(locale), getFormatters(locale));
  const [existing] = failure.error === 'session_exists' ? (failure.sessions ?? []) : [];
  return consoleApiError(
    request,
    failure.error,
    failure.field,
    params,
    existing ? { existing: sessionJson(existing) } : {},
  );
}

export function actorFrom(user: Pick<SessionUser, 'id' | 'roles'>, context: AppLoadContext): VenueActor {
  return { id: user.id, roles: user.roles, requestId: context.requestId, ip: context.clientIp };
}

/** What a console page tells the console's layout: `allVenues` — its venue picker may offer "all my venues". */
export interface ConsoleHandle {
  allVenues?: boolean;
}

export interface ConsoleAccess {
  user: SessionUser;
  actor: VenueActor;
  /** The venue the page is about: `?venue=` when the operator runs several, their first otherwise. */
  venueId: string;
  venues: { id: string; name: string }[];
}

/**
 * The signed-in operator with the permission and the venue a console page works on. Someone who operates no venue
 * gets a 403; the domain functions check ownership again with every change.
 */
export async function requireConsoleVenue(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
): Promise<ConsoleAccess> {
  const user = await requirePermission(request, context, permission);
  const actor = actorFrom(user, context);
  const ids = operatedVenueIds(actor);
  const wanted = new URL(request.url).searchParams.get('venue');
  const venueId = wanted ?? ids[0];
  if (!venueId || !ids.includes(venueId)) throw await forbidden(request, context, user.id, permission);
  const venues = (await listOperatedVenues(context.db, actor)).map((v) => ({ id: v.id, name: v.name }));
  return { user, actor, venueId, venues };
}

/** A program as the API shows it to its operator (prices in fen). */
export function programJson(p: Program) {
  return {
    id: p.id,
    venueId: p.venueId,
    title: p.title,
    summary: p.summary,
    grades: p.grades,
    durationMinutes: p.durationMinutes,
    minGroupSize: p.minGroupSize,
    maxGroupSize: p.maxGroupSize,
    standardPricePerPupil: p.standardPricePerPupil,
    standardPricePerChaperone: p.standardPricePerChaperone,
    delivery: p.delivery,
    language: p.language,
    active: p.active,
  };
}

/** A session as the API shows it to its operator. */
export function sessionJson(s: {
  id: string;
  venueId: string;
  programId: string;
  seriesId: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsHeld: number;
  seatsHeldGeneral: number;
  greenChannelSeats: number;
  greenReleaseAt: Date | null;
  openDay: boolean;
  title: string | null;
  cancelledAt: Date | null;
}) {
  return {
    id: s.id,
    venueId: s.venueId,
    programId: s.programId,
    seriesId: s.seriesId,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    seatsHeld: s.seatsHeld,
    seatsLeft: s.capacity - s.seatsHeld,
    greenChannelSeats: s.greenChannelSeats,
    greenReleaseAt: s.greenReleaseAt?.toISOString() ?? null,
    greenSeatsHeld: greenSeatsHeld(s),
    openDay: s.openDay,
    title: s.title,
    cancelled: s.cancelledAt !== null,
  };
}
