// The small world the authorization matrix runs in: two schools, two venues, two speakers (from the speakers
// factory), an auditor of 呼和浩特市 (where everything of the world lies) and one of 包头市 (outside it), an admin, a
// person with no role, and a few records on each side: an invitation and an outreach request of the world's own
// teacher, an invitation of the other school's teacher, an invitation link, a speaker's calendar feed.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import { hashPassword, hashSecret } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import {
  acceptSlot,
  completeInvitation,
  createInvitation,
  createOutreachRequest,
} from '#app/domain/speakers/invitations.server.ts';
import type { Database } from '#db/client.ts';
import { invitationSlots, invites, memberships, schools, speakers, users, venues } from '#db/schema/index.ts';
import { confirmedTrip } from '#tests/factories/console.ts';
import { DAY_MS, makeWorld, slotAt, T0, type World } from '#tests/factories/speakers.ts';

export const PASSWORD = 'matrix-password-2030';

/** Everyone the matrix asks as. `anonymous` sends no cookie and no token. */
export const personas = [
  'anonymous',
  'plain',
  'teacher',
  'schoolAdmin',
  'operator',
  'speaker',
  'auditor',
  'auditorOutside',
  'admin',
] as const;
export type Persona = (typeof personas)[number];

export interface AuthzWorld extends World {
  emails: Record<Exclude<Persona, 'anonymous'>, string>;
  ids: Record<Exclude<Persona, 'anonymous'>, string>;
  tokens: Record<Exclude<Persona, 'anonymous'>, string>;
  otherVenue: { id: string; slug: string };
  ownVenueSlug: string;
  /** The world's teacher's invitation to the world's speaker: held and completed. */
  invitation: { id: string };
  /** The other school's teacher's invitation to the other speaker: pending. */
  otherInvitation: { id: string };
  /** The world's teacher's outreach request to the operator's venue. */
  outreach: { id: string };
  /** The speaker's calendar feed token. */
  feedToken: string;
  /** A used invitation link (using it again changes nothing). */
  usedInviteToken: string;
  /** A confirmed trip of the world's school at the world's venue, and one of the other school at the other venue. */
  trip: { bookingId: string; sessionId: string };
  otherTrip: { bookingId: string };
  /** The calendar feed secrets of the world's school and venue. */
  schoolFeedToken: string;
  venueFeedToken: string;
}

export async function makeAuthzWorld(db: Database): Promise<AuthzWorld> {
  const w = await makeWorld(db);
  const passwordHash = await hashPassword(PASSWORD);
  const [outsider] = await db
    .insert(users)
    .values({ email: `auditor-baotou-${randomBytes(3).toString('hex')}@test.example`, name: '包头审核员' })
    .returning();
  await db.insert(memberships).values({ userId: outsider!.id, role: 'auditor', regionCode: '150200' });
  const [plain] = await db
    .insert(users)
    .values({ email: `plain-${randomBytes(3).toString('hex')}@test.example`, name: '普通用户' })
    .returning();
  await db.update(users).set({ passwordHash });

  const p = w.people;
  const emails = {
    plain: plain!.email!,
    teacher: p.teacher.email,
    schoolAdmin: p.schoolAdmin.email,
    operator: p.operator.email,
    speaker: p.speaker.email,
    auditor: p.auditor.email,
    auditorOutside: outsider!.email!,
    admin: p.admin.email,
  };
  const ids = {
    plain: plain!.id,
    teacher: p.teacher.id,
    schoolAdmin: p.schoolAdmin.id,
    operator: p.operator.id,
    speaker: p.speaker.id,
    auditor: p.auditor.id,
    auditorOutside: outsider!.id,
    admin: p.admin.id,
  };
  const tokens = {} as AuthzWorld['tokens'];
  for (const [persona, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
    tokens[persona] = (await createApiToken(db, id, 'matrix', { userId: null })).token;
  }

  const meta = (now = T0) => ({ now, expiryDays: 7, publicUrl: 'http://localhost' });
  const invite = (teacher: typeof p.teacher, speaker: { id: string }, topic: { id: string }, grade: number) =>
    createInvitation(
      db,
      teacher,
      {
        speakerId: speaker.id,
        topicId: topic.id,
        slots: [slotAt(7), slotAt(8)],
        audienceSize: 100,
        grades: [grade],
        place: '礼堂',
        notes: '',
      },
      meta(),
    );
  const own = await invite(p.teacher, w.speaker, w.topic, 7);
  if (!own.ok) throw new Error(`invitation: ${own.error}`);
  const [slot] = await db.select().from(invitationSlots).where(eq(invitationSlots.invitationId, own.id));
  const accepted = await acceptSlot(db, p.speaker, own.id, slot!.id, meta());
  if (!accepted.ok) throw new Error(`accept: ${accepted.error}`);
  const done = await completeInvitation(
    db,
    p.teacher,
    own.id,
    { rating: 5, feedback: '很好' },
    meta(new Date(slot!.endsAt.getTime() + DAY_MS)),
  );
  if (!done.ok) throw new Error(`complete: ${done.error}`);
  const other = await invite(p.otherTeacher, w.otherSpeaker, w.otherTopic, 3);
  if (!other.ok) throw new Error(`other invitation: ${other.error}`);
  const outreach = await createOutreachRequest(
    db,
    p.teacher,
    {
      programId: w.program.id,
      slots: [slotAt(10)],
      audienceSize: 100,
      grades: [7],
      place: '操场',
      notes: '',
    },
    meta(),
  );
  if (!outreach.ok) throw new Error(`outreach: ${outreach.error}`);

  const feedToken = randomBytes(32).toString('hex');
  await db.update(speakers).set({ calendarToken: feedToken }).where(eq(speakers.id, w.speaker.id));

  const usedInviteToken = randomBytes(32).toString('hex');
  await db.insert(invites).values({
    tokenHash: hashSecret(usedInviteToken),
    role: 'teacher',
    schoolId: w.school.id,
    createdBy: p.schoolAdmin.id,
    expiresAt: new Date(T0.getTime() + 7 * DAY_MS),
    usedAt: T0,
    usedBy: p.teacher.id,
  });

  const otherVenueId = (await activeRoles(db, p.otherOperator.id))[0]!.venueId!;
  const trip = await confirmedTrip(db, {
    venueId: w.venue.id,
    schoolId: w.school.id,
    teacherId: p.teacher.id,
  });
  const otherTrip = await confirmedTrip(db, {
    venueId: otherVenueId,
    schoolId: w.otherSchool.id,
    teacherId: p.otherTeacher.id,
  });
  const schoolFeedToken = randomBytes(32).toString('hex');
  await db.update(schools).set({ calendarToken: schoolFeedToken }).where(eq(schools.id, w.school.id));
  const venueFeedToken = randomBytes(32).toString('hex');
  await db.update(venues).set({ calendarToken: venueFeedToken }).where(eq(venues.id, w.venue.id));

  const [ownVenue] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
  const [otherVenueRow] = await db.select().from(venues).where(eq(venues.id, otherVenueId));
  return {
    ...w,
    emails,
    ids,
    tokens,
    otherVenue: { id: otherVenueRow!.id, slug: otherVenueRow!.slug },
    ownVenueSlug: ownVenue!.slug,
    invitation: { id: own.id },
    otherInvitation: { id: other.id },
    outreach: { id: outreach.id },
    feedToken,
    usedInviteToken,
    trip: { bookingId: trip.booking.id, sessionId: trip.session.id },
    otherTrip: { bookingId: otherTrip.booking.id },
    schoolFeedToken,
    venueFeedToken,
  };
}
