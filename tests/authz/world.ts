// The small world the authorization matrix runs in: two schools, two venues, two speakers (from the speakers
// factory), an auditor of 呼和浩特市 (where everything of the world lies) and one of 包头市 (outside it), an admin, a
// person with no role, and a few records on each side: an invitation and an outreach request of the world's own
// teacher, an invitation of the other school's teacher, an invitation link, a speaker's calendar feed.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import { hashPassword, hashSecret } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { confirmBooking, createBooking } from '#app/domain/bookings/bookings.server.ts';
import {
  acceptSlot,
  completeInvitation,
  createInvitation,
  createOutreachRequest,
} from '#app/domain/speakers/invitations.server.ts';
import type { Database } from '#db/client.ts';
import {
  invitationSlots,
  invites,
  memberships,
  passwordResets,
  programs,
  schools,
  sessions,
  speakers,
  users,
  venues,
} from '#db/schema/index.ts';
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
  /** An open password reset link of an account of its own (no persona's password is ever at stake). */
  resetToken: string;
  /** A session at the operator's venue, booked by the world's teacher (confirmed). */
  session: { id: string; programId: string };
  booking: { id: string };
  /** A session at the other venue, booked by the other school's teacher. */
  otherSession: { id: string; programId: string };
  otherBooking: { id: string };
  /** The secrets of the world's school's and venue's calendar feeds. */
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

  const [resetOwner] = await db
    .insert(users)
    .values({ name: '重置链接的主人', email: 'reset-owner@example.cn' })
    .returning({ id: users.id });
  const resetToken = randomBytes(32).toString('hex');
  await db.insert(passwordResets).values({
    userId: resetOwner!.id,
    tokenHash: hashSecret(resetToken),
    expiresAt: new Date('2100-01-01T00:00:00Z'),
  });

  const [ownVenue] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
  const [otherVenueRow] = await db
    .select()
    .from(venues)
    .where(eq(venues.id, (await activeRoles(db, p.otherOperator.id))[0]!.venueId!));

  /** An on-site program and a session ten days ahead at a venue, and a booking of a class of 30 by a teacher. */
  const booked = async (venueId: string, teacher: typeof p.teacher) => {
    const [program] = await db
      .insert(programs)
      .values({ venueId, title: '馆内研学', grades: [3, 4, 5, 6], durationMinutes: 90, maxGroupSize: 60 })
      .returning();
    const startsAt = new Date(T0.getTime() + 10 * DAY_MS);
    const [session] = await db
      .insert(sessions)
      .values({
        programId: program!.id,
        venueId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        capacity: 120,
      })
      .returning();
    const result = await createBooking(
      db,
      teacher,
      {
        sessionId: session!.id,
        grade: 5,
        pupils: 30,
        chaperones: 3,
        pupilsWithDisabilities: 0,
        leftBehindPupils: 0,
        notes: '',
        waitlist: false,
        anotherGroup: false,
      },
      meta(),
    );
    if (!result.ok) throw new Error(`booking: ${result.error}`);
    const operator = venueId === w.venue.id ? p.operator : p.otherOperator;
    const confirmed = await confirmBooking(db, operator, result.id, meta());
    if (!confirmed.ok) throw new Error(`confirm: ${confirmed.error}`);
    return { session: { id: session!.id, programId: program!.id }, booking: { id: result.id } };
  };
  const ownTrip = await booked(w.venue.id, p.teacher);
  const otherTrip = await booked(otherVenueRow!.id, p.otherTeacher);
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
    resetToken,
    session: ownTrip.session,
    booking: ownTrip.booking,
    otherSession: otherTrip.session,
    otherBooking: otherTrip.booking,
    schoolFeedToken: (await db.select().from(schools).where(eq(schools.id, w.school.id)))[0]!.calendarToken,
    venueFeedToken: ownVenue!.calendarToken,
  };
}
