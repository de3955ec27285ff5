import { z } from 'zod';
import {
  ProgramApiSchema,
  SessionApiSchema,
  SessionPatchSchema,
  SessionQuerySchema,
} from '#app/domain/venues/schemas.ts';
import type { Endpoint } from './endpoints.ts';

// The venue console's part of /api/v1: public sessions, operators' programs and sessions.

const PublicSessionSchema = z.object({
  id: z.uuid(),
  venueId: z.uuid(),
  programId: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  openDay: z.boolean(),
});

const OperatorSessionSchema = PublicSessionSchema.extend({
  seriesId: z.uuid().nullable(),
  seatsHeld: z.number().int(),
  greenChannelSeats: z.number().int(),
  greenReleaseAt: z.iso.datetime().nullable(),
  title: z.string().nullable(),
  cancelled: z.boolean(),
});

const ProgramSchema = z.object({
  id: z.uuid(),
  venueId: z.uuid(),
  title: z.string(),
  summary: z.string(),
  grades: z.array(z.number().int()),
  durationMinutes: z.number().int(),
  minGroupSize: z.number().int(),
  maxGroupSize: z.number().int(),
  standardPricePerPupil: z.number().int().meta({ description: 'In fen (1/100 yuan).' }),
  standardPricePerChaperone: z.number().int().meta({ description: 'In fen (1/100 yuan).' }),
  delivery: z.enum(['onsite', 'outreach']),
  language: z.enum(['zh', 'mn']),
  active: z.boolean(),
});

const SessionIdParams = z.object({ id: z.uuid() });

export const consoleEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/api/v1/sessions',
    operationId: 'listSessions',
    tag: 'sessions',
    summary: 'Bookable sessions of published venues, from now to 90 days ahead by default, page by page.',
    description:
      '`from` and `to` are dates in Asia/Shanghai (`to` inclusive) or ISO instants. `seatsLeft` counts the seats no ' +
      'requested, school-approved or confirmed booking holds.',
    auth: 'public',
    query: SessionQuerySchema,
    responses: {
      200: {
        description: 'A page of sessions.',
        schema: z.object({
          items: z.array(PublicSessionSchema),
          total: z.number().int(),
          page: z.number().int(),
          pageSize: z.number().int(),
        }),
      },
    },
    errors: [400],
  },
  {
    method: 'post',
    path: '/api/v1/sessions',
    operationId: 'createSession',
    tag: 'sessions',
    summary: 'A new dated session of one of the operator’s on-site programs.',
    auth: 'token',
    body: SessionApiSchema,
    responses: { 201: { description: 'Created.', schema: OperatorSessionSchema } },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}',
    operationId: 'getSession',
    tag: 'sessions',
    summary: 'One session with its seats.',
    auth: 'public',
    params: SessionIdParams,
    responses: { 200: { description: 'The session.', schema: OperatorSessionSchema } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/sessions/{id}',
    operationId: 'updateSession',
    tag: 'sessions',
    summary: 'Change a session: capacity, green-channel seats and their release, open day, title, times.',
    description:
      'A capacity below the seats held answers 409 `capacity_below_held` (PostgreSQL refuses it too); a session ' +
      'schools booked keeps its times (409 `session_has_bookings`).',
    auth: 'token',
    params: SessionIdParams,
    body: SessionPatchSchema,
    responses: { 200: { description: 'The session as it is now.', schema: OperatorSessionSchema } },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/v1/programs',
    operationId: 'createProgram',
    tag: 'sessions',
    summary: 'A new program of a venue the caller operates (prices in fen).',
    auth: 'token',
    body: ProgramApiSchema,
    responses: { 201: { description: 'Created.', schema: ProgramSchema } },
    errors: [400, 401, 403, 404],
  },
];
