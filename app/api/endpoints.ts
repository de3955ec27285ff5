import { z } from 'zod';
import {
  AttendanceSchema,
  BookingInputSchema,
  ReasonSchema as BookingReasonSchema,
  FeedbackSchema,
  OptionalReasonSchema,
} from '#app/domain/bookings/schemas.ts';
import { ReportQuerySchema } from '#app/domain/bureau/schemas.ts';
import { SpeakerQuerySchema, VenueQuerySchema } from '#app/domain/catalogue/discovery-schemas.ts';
import { HsdsPagingSchema } from '#app/domain/catalogue/hsds-schemas.ts';
import {
  AcceptSchema,
  CompleteSchema,
  CounterSchema,
  InvitationInputSchema,
  OutreachInputSchema,
  ReasonSchema,
} from '#app/domain/speakers/schemas.ts';
import {
  ProgramApiSchema,
  ProgramPatchSchema,
  SessionApiSchema,
  SessionPatchSchema,
  SessionQuerySchema,
} from '#app/domain/venues/schemas.ts';

/**
 * Every `/api/v1` endpoint, described once. Requests use the schemas the routes parse with; responses are described
 * by the shapes below. A new `api.v1.*` route fails app/api/openapi.test.ts until it is listed here.
 */
export interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI style: `/api/v1/venues/{idOrSlug}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** `token`: needs `Authorization: Bearer …`. */
  auth: 'public' | 'token';
  // biome-ignore lint/suspicious/noExplicitAny: any zod object
  params?: z.ZodObject<any>;
  // biome-ignore lint/suspicious/noExplicitAny: any zod object
  query?: z.ZodObject<any>;
  // biome-ignore lint/suspicious/noExplicitAny: any zod object
  headers?: z.ZodObject<any>;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  errors?: readonly number[];
}

export const ApiErrorSchema = z
  .object({
    error: z.string().meta({ description: 'A stable machine-readable code, e.g. `session_full`.' }),
    message: z.string().meta({
      description:
        'A sentence in the caller’s language: of Chinese and English, the one its Accept-Language weighs highest; Chinese otherwise.',
    }),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: 'Per-field messages when the input was invalid.' }),
    requestId: z.string().optional().meta({
      description: 'On a 500: the number to give the administrator, who finds the failure in the log by it.',
    }),
  })
  .meta({ id: 'Error' });

export const IdParams = z.object({ id: z.uuid() });

export const IdStatusSchema = z.object({ id: z.uuid(), status: z.string() });

const LatLng = z.object({ lat: z.number(), lng: z.number() });

const InvitationViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['speaker', 'outreach']),
  status: z.string(),
  title: z.string(),
  host: z.object({
    name: z.string(),
    speakerId: z.uuid().nullable(),
    topicId: z.uuid().nullable(),
    venueId: z.uuid().nullable(),
    programId: z.uuid().nullable(),
    needs: z.string(),
  }),
  school: z.object({ id: z.uuid(), name: z.string() }),
  teacher: z.object({ name: z.string() }),
  audienceSize: z.number().int(),
  grades: z.array(z.number().int()),
  place: z.string(),
  notes: z.string(),
  durationMinutes: z.number().int().nullable(),
  slots: z.array(
    z.object({
      id: z.uuid(),
      proposedBy: z.string(),
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      status: z.string(),
      blocked: z
        .enum(['taken', 'full'])
        .nullable()
        .meta({ description: 'Why this slot can no longer be accepted, if it cannot.' }),
    }),
  ),
  scheduled: z.object({ startsAt: z.iso.datetime(), endsAt: z.iso.datetime() }).nullable(),
  expiresAt: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  feedback: z.object({ rating: z.number().int(), text: z.string().nullable() }).nullable(),
  yourSide: z.string(),
  actions: z.array(z.string()),
  contact: z.object({ phone: z.string().nullable(), email: z.string().nullable() }).optional().meta({
    description: 'Only for the speaker, an admin, and the inviting teacher once the speaker accepted.',
  }),
});

const SpeakerTopicsSchema = z.object({
  speaker: z.object({
    id: z.uuid(),
    displayName: z.string(),
    category: z.string(),
    title: z.string().nullable(),
    regionCode: z.string(),
    languages: z.array(z.string()),
    serviceRegionCodes: z.array(z.string()),
    serviceRadiusKm: z.number().nullable(),
    weeklyAvailability: z.unknown(),
    vettedUntil: z.string().nullable(),
  }),
  topics: z.array(z.record(z.string(), z.unknown())),
});

const ReportSchema = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    term: z.record(z.string(), z.unknown()),
    generatedAt: z.iso.datetime(),
    suppressionThreshold: z.number().int(),
    rows: z.array(z.record(z.string(), z.unknown()).and(z.object({ location: LatLng.nullable() }))),
  })
  .meta({
    description:
      'Figures per region; a count under the suppression threshold, and a figure hidden with it so that the total cannot give it back, is null and named in the row’s `suppressed`.',
  });

/** How both report endpoints read their query, as the report pages and exports read it. */
const reportQueryRules =
  'Without `region` and `term`: the token owner’s own region and the current term. A value that does not parse, a ' +
  'region code that does not exist, or a term before 2000 or not yet begun is refused with 400 `invalid_request`, ' +
  '`fields` naming the parameter. A region outside the owner’s jurisdiction is refused with 403 `out_of_scope`.';

const hsdsPage = (item: string) =>
  z
    .object({
      total_items: z.number().int(),
      total_pages: z.number().int(),
      page_number: z.number().int(),
      size: z.number().int(),
      first_page: z.boolean(),
      last_page: z.boolean(),
      empty: z.boolean(),
      contents: z.array(z.record(z.string(), z.unknown())).meta({
        description: `HSDS 3.0 ${item} (https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/${item}.json).`,
      }),
    })
    .meta({ description: 'An HSDS 3.0 page.' });

const fen = (what: string) =>
  z
    .number()
    .int()
    .meta({ description: `${what}, in fen (1/100 yuan).` });

const BookingCreatedSchema = z.object({
  id: z.uuid(),
  status: z.string(),
  seats: z.number().int(),
  promisedPricePerPupil: fen('The price per pupil the venue’s commitments promise on the session date'),
  promisedPricePerChaperone: fen('The price per accompanying adult promised'),
});

const SessionFullSchema = z.object({
  error: z.literal('session_full'),
  message: z.string(),
  waitlistAvailable: z.boolean(),
});

const ProgramInactiveSchema = z.object({
  error: z.literal('program_inactive'),
  message: z.string(),
  fields: z.record(z.string(), z.string()),
});

const AlreadyBookedSchema = z.object({
  error: z.literal('already_booked'),
  message: z.string(),
  fields: z.record(z.string(), z.string()),
  existing: z
    .array(
      z.object({
        id: z.uuid(),
        pupils: z.number().int(),
        status: z.string(),
        needsSchoolApproval: z
          .boolean()
          .meta({ description: 'A request that waits for the school admin before the venue sees it.' }),
      }),
    )
    .meta({ description: 'The school’s live bookings in the session, oldest first.' }),
});

const AlreadyInvitedSchema = z.object({
  error: z.literal('already_invited'),
  message: z.string(),
  fields: z.record(z.string(), z.string()),
  existing: z
    .array(
      z.object({
        id: z.uuid(),
        status: z.string(),
        sentAt: z.iso.datetime({ offset: true }),
        teacher: z.string().meta({ description: 'The teacher of the school who sent it.' }),
      }),
    )
    .meta({
      description:
        'The school’s invitations to the speaker for the topic that wait for an answer, oldest first.',
    }),
});

const BookingViewSchema = z.object({
  id: z.uuid(),
  status: z.string(),
  sessionId: z.uuid(),
  venueId: z.uuid(),
  schoolId: z.uuid(),
  title: z.string(),
  venueName: z.string(),
  schoolName: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  grade: z.number().int(),
  pupils: z.number().int(),
  chaperones: z.number().int(),
  pupilsWithDisabilities: z.number().int(),
  leftBehindPupils: z.number().int(),
  seats: z.number().int(),
  needsSchoolApproval: z.boolean(),
  holdUntil: z.iso.datetime().nullable(),
  promisedPricePerPupil: z.number().int().nullable(),
  promisedPricePerChaperone: z.number().int().nullable(),
  attendedPupils: z.number().int().nullable(),
  attendedChaperones: z.number().int().nullable(),
  chargedPricePerPupil: z.number().int().nullable(),
  chargedPricePerChaperone: z.number().int().nullable(),
  priceFlagged: z.boolean(),
  cancelledBy: z.string().nullable(),
  reason: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  notes: z.string().nullable(),
  feedback: z
    .object({ rating: z.number().int(), text: z.string(), at: z.iso.datetime() })
    .nullable()
    .meta({ description: 'The school’s rating (1–5) and words after an attended trip; null until given.' }),
  actions: z.array(z.string()),
});

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({
      description:
        'IETF Idempotency-Key: a retry with the same key and body gets the first answer; another body answers 422; ' +
        'while the first request is running, 409. Keys are per person and kept at least 24 hours.',
    }),
});

const bookingActions = [
  [
    'cancel',
    BookingReasonSchema,
    'Cancel (school or venue) with a reason; frees the seats and promotes the waitlist.',
  ],
  ['approve', z.object({}), 'The school admin approves a request that needs the school’s approval.'],
  ['confirm', z.object({}), 'The venue confirms.'],
  ['decline', OptionalReasonSchema, 'The venue declines, with an optional reason.'],
  [
    'attendance',
    AttendanceSchema,
    'After the visit: who came and what was charged; a charge above the promise flags the booking.',
  ],
  [
    'feedback',
    FeedbackSchema,
    'After an attended visit, the school (teacher or school admin) rates it 1–5 with optional words, once.',
  ],
] as const;

const PublicSessionSchema = z.object({
  id: z.uuid(),
  venueId: z.uuid(),
  programId: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  capacity: z.number().int(),
  seatsLeft: z
    .number()
    .int()
    .meta({
      description:
        'Seats not held by a live booking: capacity minus seats held. Before the session’s green-channel release this ' +
        'includes the green-channel seats that only priority schools may book, so another school may be offered ' +
        'fewer (a booking for more answers 409 session_full).',
    }),
  seatsOpen: z
    .number()
    .int()
    .meta({
      description:
        'Seats the caller’s school may book: every seat left for a priority school; for any other school, or a call ' +
        'without a token, not the green-channel seats held back until their release. A booking up to this many is ' +
        'not refused for want of seats (unless others take them first).',
    }),
  openDay: z.boolean(),
  bookingOpensAt: z.iso
    .datetime()
    .meta({ description: 'From when schools can request seats (the venue’s booking window).' }),
  bookingClosesAt: z.iso.datetime().meta({
    description: 'Until when schools can request seats; after it a booking answers 422 booking_closed.',
  }),
});

const OperatorSessionSchema = z.object({
  id: z.uuid(),
  venueId: z.uuid(),
  programId: z.uuid(),
  seriesId: z.uuid().nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  capacity: z.number().int(),
  seatsHeld: z.number().int(),
  seatsLeft: z.number().int(),
  greenChannelSeats: z.number().int(),
  greenReleaseAt: z.iso.datetime().nullable(),
  greenSeatsHeld: z
    .number()
    .int()
    .optional()
    .meta({
      description:
        'Of the green-channel seats, those priority schools’ bookings hold (requested, approved or confirmed; at ' +
        'most greenChannelSeats). For the venue’s operators only: GET leaves it out for anyone else.',
    }),
  openDay: z.boolean(),
  title: z.string().nullable(),
  cancelled: z.boolean(),
});

const SessionExistsSchema = z.object({
  error: z.literal('session_exists'),
  message: z.string(),
  fields: z.record(z.string(), z.string()),
  existing: OperatorSessionSchema.meta({
    description: 'The live session of the program that already starts in that minute.',
  }),
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
  standardPricePerPupil: fen('Standard price per pupil'),
  standardPricePerChaperone: fen('Standard price per accompanying adult'),
  delivery: z.enum(['onsite', 'outreach']),
  language: z.enum(['zh', 'mn']),
  active: z.boolean(),
});

const Facets = z
  .record(z.string(), z.record(z.string(), z.number().int()))
  .meta({ description: 'For each filter, `{ value: count }` of the results under the other filters.' });

const VenueItemSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  type: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  location: LatLng.nullable().meta({
    description:
      'WGS-84. Null when the place is unknown: the venue sits at the autonomous region (150000) until an auditor verifies it, and is ranked last by distance.',
  }),
  locationApproximate: z.boolean(),
  access: z.object({
    kind: z
      .string()
      .meta({ description: '`free`, `discounted` or `standard`, from the commitments in force today.' }),
    summary: z
      .string()
      .meta({ description: 'The commitments in plain words, e.g. 中小学生免费、陪同教师免费.' }),
  }),
  accessible: z.boolean(),
  languages: z.array(z.string()),
  themes: z.array(z.string()),
  verifiedAt: z.string().nullable(),
  verificationOverdue: z.boolean(),
  distanceKm: z.number().optional().meta({ description: 'From `near` (or the teacher’s school), in km.' }),
  room: z
    .object({
      firstStartsAt: z.string().meta({ description: 'The first session of those days with room.' }),
      seatsOpen: z.number().int().meta({ description: 'Seats in it open to the searcher.' }),
      sessions: z.number().int().meta({ description: 'Sessions of those days with room for `seats`.' }),
    })
    .optional()
    .meta({ description: 'With `availableFrom`: when the venue has room for `seats` on those days.' }),
});

const IdOrSlugParams = z.object({ idOrSlug: z.string().max(120) });

const invitationActions = [
  ['accept', AcceptSchema, 'Accept one of the proposed slots.'],
  ['decline', ReasonSchema, 'Decline with a reason.'],
  ['counter', CounterSchema, 'Propose up to three other slots.'],
  ['cancel', ReasonSchema, 'Cancel with a reason (either side).'],
  ['complete', CompleteSchema, 'Record the teacher’s feedback after the talk.'],
] as const;

export const endpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/api/v1/venues',
    operationId: 'searchVenues',
    tag: 'catalogue',
    summary:
      'Search the catalogue: words, pinyin or initials; filters with counts; distance; free seats on a date.',
    description:
      'A bearer token of a teacher makes their school the default `near` point. `complete: false` means the ' +
      'search index was not ready and the answer came from PostgreSQL alone (results may be incomplete). ' +
      '`availableFrom`/`seats` count the seats the caller’s school may book: green-channel seats held back before ' +
      'their release count only for a priority school’s teacher.',
    auth: 'public',
    query: VenueQuerySchema,
    responses: {
      200: {
        description: 'A page of venues.',
        schema: z.object({
          items: z.array(VenueItemSchema),
          total: z.number().int(),
          facets: Facets,
          tookMs: z.number(),
          page: z.number().int(),
          pageSize: z.number().int(),
          complete: z.boolean(),
        }),
      },
    },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/venues/{idOrSlug}',
    operationId: 'getVenue',
    tag: 'catalogue',
    summary: 'A published venue: profile, programs, commitments in force, upcoming sessions with seats left.',
    description:
      'Each session has `seatsLeft`, the seats not held by a live booking, and `seatsOpen`, those the caller’s ' +
      'school may book now: all of them for a priority school; for another school, or a call without a token, not ' +
      'the green-channel seats held back until their release, which `greenHeld` gives as `{ seats, releaseAt }` ' +
      '(null when none are). `seats` of GET /api/v1/venues counts seats the same way as `seatsOpen`. ' +
      '`smallestGroup` is the seats the smallest request takes (the program’s minGroupSize pupils and the adults ' +
      'the chaperone ratio asks of them): with fewer `seatsOpen`, a request can only join the waitlist.',
    auth: 'public',
    params: IdOrSlugParams,
    responses: { 200: { description: 'The venue.', schema: z.record(z.string(), z.unknown()) } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/speakers',
    operationId: 'searchSpeakers',
    tag: 'speakers',
    summary:
      'Published speakers by words, category, topic, region and distance (never a phone number or e-mail).',
    auth: 'public',
    query: SpeakerQuerySchema,
    responses: {
      200: {
        description: 'A page of speakers.',
        schema: z
          .object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number().int() })
          .loose(),
      },
    },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/speakers/{id}',
    operationId: 'getSpeaker',
    tag: 'speakers',
    summary: 'A published speaker’s public profile and topics; contact details never.',
    auth: 'public',
    params: IdParams,
    responses: { 200: { description: 'The speaker.', schema: z.record(z.string(), z.unknown()) } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/regions',
    operationId: 'listRegions',
    tag: 'catalogue',
    summary: 'The autonomous region, its 12 盟市 and 103 旗县 (GB/T 2260) with venue and speaker counts.',
    auth: 'public',
    responses: {
      200: {
        description: 'Every region.',
        schema: z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number().int() }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/speakers/{id}/topics',
    operationId: 'getSpeakerTopics',
    tag: 'speakers',
    summary: 'A published speaker’s topic menu (never contact details).',
    auth: 'public',
    params: IdParams,
    responses: { 200: { description: 'The speaker and their topics.', schema: SpeakerTopicsSchema } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/invitations',
    operationId: 'createInvitation',
    tag: 'invitations',
    summary: 'Invite a speaker (speakerId + topicId) or request a venue’s outreach program (programId).',
    auth: 'token',
    headers: IdempotencyHeaders,
    body: z.union([InvitationInputSchema, OutreachInputSchema]),
    responses: {
      201: { description: 'Created.', schema: IdStatusSchema },
      409: {
        description:
          'The school already has an invitation to the speaker for the topic (or a request for the outreach ' +
          'program) that waits for an answer (pending or countered) and the body does not say ' +
          '`anotherInvitation: true` (`already_invited`, with the invitations it has); or the same Idempotency-Key ' +
          'is in flight.',
        schema: z.union([AlreadyInvitedSchema, ApiErrorSchema]),
      },
    },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/invitations/{id}',
    operationId: 'getInvitation',
    tag: 'invitations',
    summary: 'One invitation, for its two sides and admins.',
    auth: 'token',
    params: IdParams,
    responses: { 200: { description: 'The invitation.', schema: InvitationViewSchema } },
    errors: [401, 404],
  },
  ...invitationActions.map(
    ([action, body, summary]): Endpoint => ({
      method: 'post',
      path: `/api/v1/invitations/{id}/${action}`,
      operationId: `${action}Invitation`,
      tag: 'invitations',
      summary,
      auth: 'token',
      params: IdParams,
      body,
      responses: { 200: { description: 'The invitation’s new status.', schema: IdStatusSchema } },
      errors: [400, 401, 403, 404, 409],
    }),
  ),
  {
    method: 'post',
    path: '/api/v1/bookings',
    operationId: 'createBooking',
    tag: 'bookings',
    summary:
      'Book seats for a class at a session (teachers and school admins); `waitlist: true` joins the waitlist.',
    auth: 'token',
    headers: IdempotencyHeaders,
    body: BookingInputSchema,
    responses: {
      201: {
        description: 'Booked (requested, approved or confirmed) or waitlisted.',
        schema: BookingCreatedSchema,
      },
      409: {
        description:
          'The seats are gone (`session_full`); the school already has a live booking (requested, approved, ' +
          'confirmed or waitlisted) in the session and the body does not say `anotherGroup: true` ' +
          '(`already_booked`, with the bookings it has); the venue has switched the session’s program off ' +
          '(`program_inactive`, nothing written); or the same Idempotency-Key is in flight.',
        schema: z.union([SessionFullSchema, AlreadyBookedSchema, ProgramInactiveSchema, ApiErrorSchema]),
      },
    },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/bookings/{id}',
    operationId: 'getBooking',
    tag: 'bookings',
    summary: 'One booking as its parties see it (counts only, never pupils’ names; prices in fen).',
    auth: 'token',
    params: IdParams,
    responses: { 200: { description: 'The booking.', schema: BookingViewSchema } },
    errors: [401, 404],
  },
  ...bookingActions.map(
    ([action, body, summary]): Endpoint => ({
      method: 'post',
      path: `/api/v1/bookings/{id}/${action}`,
      operationId: `${action}Booking`,
      tag: 'bookings',
      summary,
      auth: 'token',
      params: IdParams,
      body,
      responses: {
        200: {
          description: 'The booking’s new status.',
          schema: IdStatusSchema.extend({
            priceFlagged: z.boolean().optional(),
            // Attendance only: the figures sent were the ones recorded, so nothing was written.
            unchanged: z.boolean().optional(),
          }),
        },
      },
      errors: [400, 401, 403, 404, 409, 422],
    }),
  ),
  {
    method: 'get',
    path: '/api/v1/sessions',
    operationId: 'listSessions',
    tag: 'sessions',
    summary: 'Bookable sessions of published venues, from now to 90 days ahead by default (public).',
    auth: 'public',
    query: SessionQuerySchema,
    responses: {
      200: {
        description: 'A page of sessions with the seats left.',
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
    summary: 'Add a session to one of the operator’s programs.',
    auth: 'token',
    body: SessionApiSchema,
    responses: {
      201: { description: 'The session.', schema: OperatorSessionSchema },
      409: {
        description:
          'The program already has a live session starting in that minute (`session_exists`, with it): a retry or a ' +
          'double submission adds nothing.',
        schema: SessionExistsSchema,
      },
    },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}',
    operationId: 'getSession',
    tag: 'sessions',
    summary: 'One session with its seats (public).',
    auth: 'public',
    params: IdParams,
    responses: { 200: { description: 'The session.', schema: OperatorSessionSchema } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/sessions/{id}',
    operationId: 'updateSession',
    tag: 'sessions',
    summary: 'Change a session (its venue’s operators). A capacity below the seats held answers 409.',
    auth: 'token',
    params: IdParams,
    body: SessionPatchSchema,
    responses: {
      200: { description: 'The session as changed.', schema: OperatorSessionSchema },
      409: {
        description:
          'A capacity below the seats held (`capacity_below_held`), new times for a session schools booked ' +
          '(`session_has_bookings`), or a start in the minute of another live session of the program ' +
          '(`session_exists`, with it).',
        schema: z.union([SessionExistsSchema, ApiErrorSchema]),
      },
    },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'post',
    path: '/api/v1/programs',
    operationId: 'createProgram',
    tag: 'programs',
    summary: 'Add a program to a venue the operator runs (prices in fen).',
    auth: 'token',
    body: ProgramApiSchema,
    responses: { 201: { description: 'The program.', schema: ProgramSchema } },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: 'patch',
    path: '/api/v1/programs/{id}',
    operationId: 'updateProgram',
    tag: 'programs',
    summary:
      'Change a program of the operator’s venue (prices in fen). Bookings already made keep what they were made with; the form of delivery changes only while no session or request hangs from it (409).',
    auth: 'token',
    params: IdParams,
    body: ProgramPatchSchema,
    responses: { 200: { description: 'The program.', schema: ProgramSchema } },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/v1/reports/coverage',
    operationId: 'getCoverageReport',
    tag: 'reports',
    summary: 'Coverage per 盟市 and 旗县 for a term (auditors, scoped to their region).',
    description: reportQueryRules,
    auth: 'token',
    query: ReportQuerySchema,
    responses: { 200: { description: 'The coverage report.', schema: ReportSchema } },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/reports/compliance',
    operationId: 'getComplianceReport',
    tag: 'reports',
    summary: 'Commitment compliance per venue and region for a term (auditors, scoped to their region).',
    description: reportQueryRules,
    auth: 'token',
    query: ReportQuerySchema,
    responses: { 200: { description: 'The compliance report.', schema: ReportSchema } },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/hsds/services',
    operationId: 'getHsdsServices',
    tag: 'open data (HSDS 3.0)',
    summary: 'The published programs as Open Referral HSDS 3.0 services (one-to-one fields), page by page.',
    auth: 'public',
    query: HsdsPagingSchema,
    responses: { 200: { description: 'A page of services.', schema: hsdsPage('service_list') } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/hsds/services/{id}',
    operationId: 'getHsdsService',
    tag: 'open data (HSDS 3.0)',
    summary:
      'One service, fully nested: location with address, languages, the commitments in force as cost options.',
    auth: 'public',
    params: IdParams,
    responses: {
      200: {
        description: 'HSDS 3.0 service (schema/compiled/service_with_definitions.json).',
        schema: z.record(z.string(), z.unknown()),
      },
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/hsds/organizations',
    operationId: 'getHsdsOrganizations',
    tag: 'open data (HSDS 3.0)',
    summary: 'The published venues as HSDS 3.0 organizations, page by page.',
    auth: 'public',
    query: HsdsPagingSchema,
    responses: { 200: { description: 'A page of organizations.', schema: hsdsPage('organization_list') } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tag: 'accounts',
    summary:
      'Who the token belongs to: id, name, roles with what each is attached to, and their permissions.',
    auth: 'token',
    responses: {
      200: {
        description: 'The token’s owner (no contact details).',
        schema: z.object({
          id: z.uuid(),
          name: z.string(),
          tokenId: z.uuid(),
          roles: z.array(z.record(z.string(), z.unknown())),
          permissions: z.array(z.string()),
        }),
      },
    },
    errors: [401],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'meta',
    summary: 'This document.',
    auth: 'public',
    responses: {
      200: { description: 'The OpenAPI 3.1 document.', schema: z.record(z.string(), z.unknown()) },
    },
  },
];
