// THE ONE PLACE where every route of app/routes says who may use it. The matrix test (matrix.test.ts) asks each
// route as every persona, for the world's own record and for someone else's, and fails for a route missing here.
//
// Adding a route: add a row keyed by its route id (`routes/<file name without extension>`):
//   kind  'page' (browser; anonymous is sent to sign-in), 'api' (bearer token; 401/403/404 JSON) or 'file'
//         (reached by a secret in the URL: the persona does not matter, the secret does).
//   path  the path for the world's own record, and `other` for someone else's record (a different school's
//         invitation, a region outside the auditor's, …). Routes without a record have only `own`.
//   get / post  who may, for `own` and for `other`: a list of personas, 'everyone', 'signed-in' or 'nobody'.
//         Omit `post` when the route has no action. A POST is sent with an empty body: allowed personas must get past
//         authorization (any answer but 401/403/404 or a redirect to sign-in), denied ones must be refused.
//   why   one line, when the rule is not obvious.
//   writeMethod  'PATCH' for an API route that writes with PATCH: the `post` cells then apply to that verb.
import type { AuthzWorld, Persona } from './world.ts';

export type Who = readonly Persona[] | 'everyone' | 'signed-in' | 'nobody';
export interface Cells {
  own: Who;
  other?: Who;
}
export interface RouteRule {
  kind: 'page' | 'api' | 'file';
  path: string | ((w: AuthzWorld) => { own: string; other?: string });
  get?: Cells;
  post?: Cells;
  /** The API's writing verb when it is not POST (the `post` cells then speak of it). */
  writeMethod?: 'PATCH' | 'DELETE';
  /** A POST body shaped well enough to get past validation, so that the ownership check decides. */
  postBody?: (w: AuthzWorld, variant: 'own' | 'other') => Record<string, unknown>;
  why?: string;
}

/** A slot id no invitation has: accepting it changes nothing, but only a party gets as far as being told so. */
const NO_SLOT = '00000000-0000-4000-8000-000000000000';

const bureau: Persona[] = ['auditor', 'auditorOutside', 'admin'];
const schoolStaff: Persona[] = ['teacher', 'schoolAdmin', 'admin'];
/** A report page scoped to a region: the world's 呼和浩特市 and 包头市 outside it. */
const region = (path: string) => () => ({
  own: `${path}${path.includes('?') ? '&' : '?'}region=150100`,
  other: `${path}${path.includes('?') ? '&' : '?'}region=150200`,
});
const regionCells: Cells = { own: ['auditor', 'admin'], other: ['auditorOutside', 'admin'] };

export const classification: Record<string, RouteRule> = {
  root: { kind: 'page', path: '/', get: { own: 'everyone' }, why: 'the layout; pages below decide' },
  'routes/_index': { kind: 'page', path: '/', get: { own: 'everyone' } },
  'routes/$': {
    kind: 'page',
    path: '/no-such-page',
    get: { own: 'nobody' },
    why: 'answers 404 to everyone (that is its job)',
  },
  'routes/api.$': {
    kind: 'api',
    path: '/api/v1/no-such-endpoint',
    get: { own: 'nobody' },
    post: { own: 'nobody' },
    why: 'answers a JSON 404 to everyone (that is its job)',
  },
  'routes/lang': {
    kind: 'page',
    path: '/lang',
    get: { own: 'everyone' },
    post: { own: 'everyone' },
    why: 'switching the language is anyone’s',
  },
  'routes/login': { kind: 'page', path: '/login', get: { own: 'everyone' }, post: { own: 'everyone' } },
  'routes/signup': { kind: 'page', path: '/signup', get: { own: 'everyone' }, post: { own: 'everyone' } },
  'routes/logout': {
    kind: 'page',
    path: '/logout',
    get: { own: 'everyone' },
    post: { own: 'everyone' },
    why: 'GET only asks; POST ends one’s own session (the matrix signs in again after it)',
  },
  'routes/join.$token': {
    kind: 'page',
    path: (w) => ({ own: `/join/${w.usedInviteToken}`, other: `/join/${'0'.repeat(64)}` }),
    get: { own: 'everyone', other: 'everyone' },
    post: { own: 'everyone', other: 'everyone' },
    why: 'the invitation link is the credential; a used or unknown one joins nobody (410)',
  },
  'routes/privacy': { kind: 'page', path: '/privacy', get: { own: 'everyone' } },
  'routes/forgot': {
    kind: 'page',
    path: '/forgot',
    get: { own: 'everyone' },
    post: { own: 'everyone' },
    why: 'asking for a reset link is anyone’s; the answer never says whether the account exists',
  },
  'routes/reset.$token': {
    kind: 'page',
    path: (w) => ({ own: `/reset/${w.resetToken}`, other: `/reset/${'0'.repeat(64)}` }),
    get: { own: 'everyone', other: 'everyone' },
    post: { own: 'everyone', other: 'everyone' },
    why: 'the reset link is the credential; an unknown or used one sets nothing (410)',
  },
  'routes/account': {
    kind: 'page',
    path: '/account',
    get: { own: 'signed-in' },
    post: { own: 'signed-in' },
  },
  'routes/inbox': { kind: 'page', path: '/inbox', get: { own: 'signed-in' }, post: { own: 'signed-in' } },
  'routes/info-reports': {
    kind: 'page',
    path: '/info-reports',
    get: { own: 'signed-in' },
    post: { own: 'signed-in' },
    why: 'each person sees the reports of their own schools and venues only (the domain scopes the list)',
  },
  'routes/outreach': { kind: 'page', path: '/outreach', get: { own: 'everyone' } },
  'routes/speakers.topics': { kind: 'page', path: '/speakers/topics', get: { own: 'everyone' } },
  'routes/search': { kind: 'page', path: '/search?q=博物馆', get: { own: 'everyone' } },
  'routes/venues.$slug': {
    kind: 'page',
    path: (w) => ({ own: `/venues/${w.ownVenueSlug}`, other: '/venues/no-such-venue' }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a published venue’s page is public; an unknown slug answers 404',
  },
  'routes/speakers._index': { kind: 'page', path: '/speakers', get: { own: 'everyone' } },
  'routes/speakers.$id': {
    kind: 'page',
    path: (w) => ({ own: `/speakers/${w.speaker.id}`, other: `/speakers/${w.topic.id}` }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a published speaker’s public page (no contact details); an id that is no speaker answers 404',
  },
  'routes/regions.$code': {
    kind: 'page',
    path: () => ({ own: '/regions/150100', other: '/regions/999999' }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'the public catalogue of a region; an unknown code answers 404',
  },
  'routes/api.v1.venues._index': { kind: 'api', path: '/api/v1/venues?q=博物馆', get: { own: 'everyone' } },
  'routes/api.v1.venues.$idOrSlug': {
    kind: 'api',
    path: (w) => ({ own: `/api/v1/venues/${w.venue.id}`, other: '/api/v1/venues/no-such-venue' }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a published venue is public; an unknown one answers 404',
  },
  'routes/api.v1.speakers._index': { kind: 'api', path: '/api/v1/speakers', get: { own: 'everyone' } },
  'routes/api.v1.speakers.$id._index': {
    kind: 'api',
    path: (w) => ({ own: `/api/v1/speakers/${w.speaker.id}`, other: `/api/v1/speakers/${w.topic.id}` }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a published speaker’s public profile; an id that is no speaker answers 404',
  },
  'routes/api.v1.regions': { kind: 'api', path: '/api/v1/regions', get: { own: 'everyone' } },
  'routes/invites': {
    kind: 'page',
    path: '/invites',
    get: { own: ['schoolAdmin', 'admin'] },
    post: { own: ['schoolAdmin', 'admin'] },
  },
  'routes/admin': { kind: 'page', path: '/admin', get: { own: ['admin'] }, why: 'layout of the admin desk' },
  'routes/admin._index': { kind: 'page', path: '/admin', get: { own: ['admin'] } },
  'routes/admin.users.$id': {
    kind: 'page',
    path: (w) => ({ own: `/admin/users/${w.ids.teacher}` }),
    get: { own: ['admin'] },
    post: { own: ['admin'] },
  },

  // Invitations (issue 6): the parties are the inviting teacher and their school's admins, and the host (speaker or
  // the venue's operators); admins see all. Someone else's invitation answers 404.
  'routes/invitations._index': { kind: 'page', path: '/invitations', get: { own: schoolStaff } },
  'routes/invitations.new': {
    kind: 'page',
    path: (w) => ({
      own: `/invitations/new?topic=${w.topic.id}&school=${w.school.id}`,
      other: `/invitations/new?topic=${w.topic.id}&school=${w.otherSchool.id}`,
    }),
    get: { own: ['teacher', 'schoolAdmin'], other: 'nobody' },
    post: { own: ['teacher', 'schoolAdmin'], other: 'nobody' },
    postBody: (w, variant) => ({
      schoolId: variant === 'own' ? w.school.id : w.otherSchool.id,
      date1: '2030-03-20',
      time1: '09:30',
      audienceSize: '60',
      grades: '7',
      place: '礼堂',
    }),
    why: 'only teachers of a school invite for it: the school in the query and in the form is checked',
  },
  'routes/invitations.$id._index': {
    kind: 'page',
    path: (w) => ({ own: `/invitations/${w.invitation.id}`, other: `/invitations/${w.otherInvitation.id}` }),
    get: { own: ['teacher', 'schoolAdmin', 'speaker', 'admin'], other: ['admin'] },
    post: { own: ['teacher', 'schoolAdmin', 'speaker'], other: 'nobody' },
    postBody: () => ({ intent: 'accept', slot: NO_SLOT }),
    why: 'admins may read any invitation, but only its parties act on it',
  },
  'routes/invitations.$id.letter': {
    kind: 'page',
    path: (w) => ({
      own: `/invitations/${w.invitation.id}/letter`,
      other: `/invitations/${w.otherInvitation.id}/letter`,
    }),
    get: { own: ['teacher', 'schoolAdmin', 'speaker', 'admin'], other: 'nobody' },
    why: 'a letter of thanks exists only for a held talk; the other invitation is still pending',
  },
  'routes/invitations.$id.calendar[.ics]': {
    kind: 'page',
    path: (w) => ({
      own: `/invitations/${w.invitation.id}/calendar.ics`,
      other: `/invitations/${w.otherInvitation.id}/calendar.ics`,
    }),
    get: { own: ['teacher', 'schoolAdmin', 'speaker', 'admin'], other: 'nobody' },
    why: 'only a scheduled or held talk has a calendar entry; the other invitation is still pending',
  },
  'routes/console.outreach._index': {
    kind: 'page',
    path: '/console/outreach',
    get: { own: ['operator'] },
    post: { own: ['operator'] },
    why: 'the desk of a venue’s operators; an admin operates no venue',
  },
  'routes/console.outreach.$id': {
    kind: 'page',
    path: (w) => ({
      own: `/console/outreach/${w.outreach.id}`,
      other: `/console/outreach/${w.otherInvitation.id}`,
    }),
    get: { own: ['operator', 'admin'], other: ['operator', 'admin'] },
    why: 'only redirects operators to /invitations/:id, which checks the party itself',
  },
  'routes/report-issue.$venueSlug': {
    kind: 'page',
    path: (w) => ({ own: `/report-issue/${w.ownVenueSlug}`, other: `/report-issue/${w.otherVenue.slug}` }),
    get: { own: schoolStaff, other: schoolStaff },
    post: { own: schoolStaff, other: schoolStaff },
    why: 'any school may report wrong information about any published venue',
  },

  // Speakers (issue 6).
  'routes/speaker._index': {
    kind: 'page',
    path: '/speaker',
    get: { own: ['speaker'] },
    post: { own: ['speaker'] },
    why: 'the speaker’s own desk; an admin has no speaker profile',
  },
  'routes/speaker.profile': {
    kind: 'page',
    path: '/speaker/profile',
    get: { own: ['speaker'] },
    post: { own: ['speaker'] },
    why: 'the speaker’s own desk; an admin has no speaker profile',
  },
  'routes/speaker.topics': {
    kind: 'page',
    path: '/speaker/topics',
    get: { own: ['speaker'] },
    post: { own: ['speaker'] },
    why: 'the speaker’s own desk; an admin has no speaker profile',
  },
  'routes/speaker.feed.$token': {
    kind: 'file',
    path: (w) => ({ own: `/speaker/feed/${w.feedToken}.ics`, other: `/speaker/feed/${'0'.repeat(64)}.ics` }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a calendar subscription: the secret in the URL is the credential',
  },
  'routes/speakers.vetting': {
    kind: 'page',
    path: '/speakers/vetting',
    get: { own: bureau },
    post: { own: bureau },
  },

  // The bureau desk (issue 7): auditors within their region, admins everywhere.
  'routes/bureau': { kind: 'page', path: region('/bureau'), get: regionCells, why: 'layout of the desk' },
  'routes/bureau._index': { kind: 'page', path: region('/bureau'), get: regionCells },
  'routes/bureau.compliance': { kind: 'page', path: region('/bureau/compliance'), get: regionCells },
  'routes/bureau.coverage': { kind: 'page', path: region('/bureau/coverage'), get: regionCells },
  'routes/bureau.export.$file': {
    kind: 'page',
    path: region('/bureau/export/coverage.xlsx'),
    get: regionCells,
  },
  'routes/bureau.queue': { kind: 'page', path: '/bureau/queue', get: { own: bureau }, post: { own: bureau } },
  'routes/bureau.overdue': {
    kind: 'page',
    path: '/bureau/overdue',
    get: { own: bureau },
    post: { own: bureau },
  },
  'routes/bureau.info-reports': {
    kind: 'page',
    path: '/bureau/info-reports',
    get: { own: bureau },
    post: { own: bureau },
  },
  'routes/bureau.requests': {
    kind: 'page',
    path: '/bureau/requests',
    get: { own: bureau },
    post: { own: bureau },
    why: 'each auditor sees and decides only the requests of their region (IDOR tests)',
  },
  'routes/bureau.audit': { kind: 'page', path: '/bureau/audit', get: { own: bureau } },

  // The API: bearer tokens only.
  'routes/api.v1.me': { kind: 'api', path: '/api/v1/me', get: { own: 'signed-in' } },
  'routes/api.v1.reports.coverage': {
    kind: 'api',
    path: region('/api/v1/reports/coverage'),
    get: regionCells,
  },
  'routes/api.v1.reports.compliance': {
    kind: 'api',
    path: region('/api/v1/reports/compliance'),
    get: regionCells,
  },
  'routes/api.v1.speakers.$id.topics': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/speakers/${w.speaker.id}/topics`,
      other: `/api/v1/speakers/${w.topic.id}/topics`,
    }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a published speaker’s topics are public; an id that is no speaker answers 404',
  },
  'routes/api.v1.invitations': {
    kind: 'api',
    path: '/api/v1/invitations',
    post: { own: ['teacher', 'schoolAdmin', 'admin'] },
  },
  'routes/api.v1.invitations.$id': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/invitations/${w.invitation.id}`,
      other: `/api/v1/invitations/${w.otherInvitation.id}`,
    }),
    get: { own: ['teacher', 'schoolAdmin', 'speaker', 'admin'], other: ['admin'] },
  },
  'routes/api.v1.invitations.$id.$action': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/invitations/${w.invitation.id}/accept`,
      other: `/api/v1/invitations/${w.otherInvitation.id}/accept`,
    }),
    post: { own: ['teacher', 'schoolAdmin', 'speaker'], other: 'nobody' },
    postBody: () => ({ slot: NO_SLOT }),
    why: 'only the parties act on an invitation',
  },
  'routes/api.v1.openapi[.json]': {
    kind: 'api',
    path: '/api/v1/openapi.json',
    get: { own: 'everyone' },
    why: 'the API’s description is public',
  },
  'routes/api.v1.hsds.services': { kind: 'api', path: '/api/v1/hsds/services', get: { own: 'everyone' } },
  'routes/api.v1.hsds.organizations': {
    kind: 'api',
    path: '/api/v1/hsds/organizations',
    get: { own: 'everyone' },
  },
  'routes/api.v1.hsds.services.$id': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/hsds/services/${w.program.id}`,
      other: `/api/v1/hsds/services/${w.topic.id}`,
    }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'open data: a published program is anyone’s to read; an id that is no program answers 404',
  },

  // Field trips (issue 5).
  'routes/trips._index': { kind: 'page', path: '/trips', get: { own: schoolStaff } },
  'routes/trips.new': { kind: 'page', path: '/trips/new', get: { own: schoolStaff } },
  'routes/trips.$id': {
    kind: 'page',
    path: (w) => ({ own: `/trips/${w.booking.id}`, other: `/trips/${w.otherBooking.id}` }),
    get: { own: [...schoolStaff, 'operator'], other: ['admin'] },
    post: { own: ['teacher', 'schoolAdmin', 'operator'], other: 'nobody' },
    postBody: () => ({ intent: 'cancel', reason: '授权矩阵测试', confirm: 'yes' }),
    why: 'a booking’s parties (its school, its venue) and admins read it; only the parties act on it',
  },
  'routes/sessions.$id.book': {
    kind: 'page',
    path: (w) => ({ own: `/sessions/${w.session.id}/book`, other: `/sessions/${w.otherSession.id}/book` }),
    get: { own: schoolStaff, other: schoolStaff },
    post: { own: schoolStaff, other: schoolStaff },
    why: 'any school may book any venue’s session',
  },
  'routes/school.approvals': {
    kind: 'page',
    path: '/school/approvals',
    get: { own: ['schoolAdmin', 'admin'] },
    post: { own: ['schoolAdmin', 'admin'] },
  },
  'routes/school.calendar': { kind: 'page', path: '/school/calendar', get: { own: schoolStaff } },
  'routes/console.bookings._index': {
    kind: 'page',
    path: '/console/bookings',
    get: { own: ['operator', 'admin'] },
  },
  'routes/console.bookings.$id': {
    kind: 'page',
    path: (w) => ({
      own: `/console/bookings/${w.booking.id}`,
      other: `/console/bookings/${w.otherBooking.id}`,
    }),
    get: { own: ['operator', 'admin'], other: ['admin'] },
    post: { own: ['operator'], other: 'nobody' },
    postBody: () => ({ intent: 'cancel', reason: '授权矩阵测试', confirm: 'yes' }),
    why: 'admins may read a venue’s booking; only the venue acts on it',
  },
  'routes/console.bookings.sessions.$id': {
    kind: 'page',
    path: (w) => ({
      own: `/console/bookings/sessions/${w.session.id}`,
      other: `/console/bookings/sessions/${w.otherSession.id}`,
    }),
    get: { own: ['operator', 'admin'], other: ['admin'] },
  },
  'routes/api.v1.bookings': { kind: 'api', path: '/api/v1/bookings', post: { own: schoolStaff } },
  'routes/api.v1.bookings.$id': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/bookings/${w.booking.id}`,
      other: `/api/v1/bookings/${w.otherBooking.id}`,
    }),
    get: { own: [...schoolStaff, 'operator'], other: ['admin'] },
  },
  'routes/api.v1.bookings.$id.$action': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/bookings/${w.booking.id}/cancel`,
      other: `/api/v1/bookings/${w.otherBooking.id}/cancel`,
    }),
    post: { own: ['teacher', 'schoolAdmin', 'operator'], other: 'nobody' },
    postBody: () => ({ reason: '授权矩阵测试' }),
    why: 'only the parties act on a booking',
  },

  // The venue console (issue 5).
  'routes/console': {
    kind: 'page',
    path: '/console',
    get: { own: ['operator', 'admin'] },
    why: 'the layout',
  },
  'routes/console._index': {
    kind: 'page',
    path: () => ({ own: '/console?index', other: '/console?index' }),
    get: { own: ['operator', 'admin'], other: ['operator', 'admin'] },
    post: { own: ['operator', 'admin'], other: ['admin'] },
    postBody: (w, variant) => ({
      intent: 'renew-feed',
      venueId: variant === 'own' ? w.venue.id : w.otherVenue.id,
      confirm: 'yes',
    }),
    why: 'a new calendar address for a venue: its operators and admins; other = another venue’s feed',
  },
  'routes/console.profile': {
    kind: 'page',
    path: (w) => ({ own: '/console/profile', other: `/console/profile?venue=${w.otherVenue.id}` }),
    get: { own: ['operator'], other: 'nobody' },
    post: { own: ['operator'], other: 'nobody' },
    why: 'an operator edits only the venues they operate; an admin operates none',
  },
  'routes/console.programs': {
    kind: 'page',
    path: (w) => ({ own: '/console/programs', other: `/console/programs?venue=${w.otherVenue.id}` }),
    get: { own: ['operator'], other: 'nobody' },
    post: { own: ['operator'], other: 'nobody' },
  },
  'routes/console.programs_.$id': {
    kind: 'page',
    path: (w) => ({
      own: `/console/programs/${w.session.programId}`,
      other: `/console/programs/${w.otherSession.programId}`,
    }),
    get: { own: ['operator'], other: 'nobody' },
    post: { own: ['operator'], other: 'nobody' },
    why: 'an operator edits only the programs of the venues they operate; an admin operates none',
  },
  'routes/console.sessions': {
    kind: 'page',
    path: (w) => ({ own: '/console/sessions', other: `/console/sessions?venue=${w.otherVenue.id}` }),
    get: { own: ['operator'], other: 'nobody' },
    post: { own: ['operator'], other: 'nobody' },
  },
  'routes/console.commitments': {
    kind: 'page',
    path: (w) => ({ own: '/console/commitments', other: `/console/commitments?venue=${w.otherVenue.id}` }),
    get: { own: ['operator'], other: 'nobody' },
    post: { own: ['operator'], other: 'nobody' },
  },
  'routes/calendars': {
    kind: 'page',
    path: () => ({ own: '/calendars', other: '/calendars' }),
    get: { own: 'signed-in', other: 'signed-in' },
    post: { own: ['schoolAdmin', 'admin'], other: ['admin'] },
    postBody: (w, variant) => ({
      intent: 'renew-feed',
      kind: 'school',
      id: variant === 'own' ? w.school.id : w.otherSchool.id,
      confirm: 'yes',
    }),
    why: 'one’s own feed addresses; a new school address only by its school admins (or admins), other = another school',
  },
  'routes/calendar.school.$token': {
    kind: 'file',
    path: (w) => ({
      own: `/calendar/school/${w.schoolFeedToken}.ics`,
      other: `/calendar/school/${'0'.repeat(64)}.ics`,
    }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a calendar subscription: the secret in the URL is the credential',
  },
  'routes/calendar.venue.$token': {
    kind: 'file',
    path: (w) => ({
      own: `/calendar/venue/${w.venueFeedToken}.ics`,
      other: `/calendar/venue/${'0'.repeat(64)}.ics`,
    }),
    get: { own: 'everyone', other: 'nobody' },
    why: 'a calendar subscription: the secret in the URL is the credential',
  },
  'routes/bookings.$id.calendar[.ics]': {
    kind: 'page',
    path: (w) => ({
      own: `/bookings/${w.booking.id}/calendar.ics`,
      other: `/bookings/${w.otherBooking.id}/calendar.ics`,
    }),
    get: { own: [...schoolStaff, 'operator'], other: ['admin'] },
  },
  'routes/bookings.$id.trip-sheet[.pdf]': {
    kind: 'page',
    path: (w) => ({
      own: `/bookings/${w.booking.id}/trip-sheet.pdf`,
      other: `/bookings/${w.otherBooking.id}/trip-sheet.pdf`,
    }),
    get: { own: [...schoolStaff, 'operator'], other: ['admin'] },
  },
  'routes/api.v1.sessions': {
    kind: 'api',
    path: '/api/v1/sessions',
    get: { own: 'everyone' },
    post: { own: ['operator', 'admin'] },
    postBody: (w) => ({
      programId: w.session.programId,
      startsAt: '2030-04-01T01:00:00Z',
      endsAt: '2030-04-01T02:30:00Z',
      capacity: 40,
    }),
    why: 'the timetable is public; an operator adds sessions to their own venue’s programs (admins to any)',
  },
  'routes/api.v1.sessions.$id': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/sessions/${w.session.id}`,
      other: `/api/v1/sessions/${w.otherSession.id}`,
    }),
    get: { own: 'everyone', other: 'everyone' },
    post: { own: ['operator', 'admin'], other: ['admin'] },
    writeMethod: 'PATCH',
    why: 'sessions are public; only their venue’s operators (and admins) change them',
    postBody: () => ({ title: '授权矩阵测试' }),
  },
  'routes/api.v1.programs': {
    kind: 'api',
    path: () => ({ own: '/api/v1/programs', other: '/api/v1/programs' }),
    post: { own: ['operator', 'admin'], other: ['admin'] },
    postBody: (w, variant) => ({
      venueId: variant === 'own' ? w.venue.id : w.otherVenue.id,
      title: '矩阵测试课程',
      grades: [5],
      durationMinutes: 60,
      maxGroupSize: 40,
      delivery: 'onsite',
    }),
    why: 'an operator adds programs to their own venue only; admins to any',
  },
  'routes/api.v1.programs.$id': {
    kind: 'api',
    path: (w) => ({
      own: `/api/v1/programs/${w.session.programId}`,
      other: `/api/v1/programs/${w.otherSession.programId}`,
    }),
    post: { own: ['operator', 'admin'], other: ['admin'] },
    writeMethod: 'PATCH',
    postBody: () => ({ summary: '授权矩阵测试' }),
    why: 'an operator changes only their own venue’s programs; admins any',
  },
};
