import { eq, inArray } from 'drizzle-orm';
import type { AuditEntityType } from '#app/domain/audit/entities.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import type { Audience, CommitmentKind, Role } from '#db/schema/enums.ts';
import {
  accessCommitments,
  apiTokens,
  authSessions,
  bookings,
  infoReports,
  invitations,
  invites,
  memberships,
  programs,
  regions,
  schools,
  sessionSeries,
  sessions,
  speakers,
  speakerTopics,
  users,
  venues,
} from '#db/schema/index.ts';

/** A page an auditor can open for what an entry is about. */
export type AuditSubjectPage =
  | { kind: 'venue'; slug: string }
  | { kind: 'speaker'; id: string }
  /** A venue, speaker or commitment waiting for a decision: its card in the verification queue. */
  | { kind: 'queue'; id: string }
  | { kind: 'info_report'; id: string; open: boolean }
  /** A role someone asked for, waiting on /bureau/requests. */
  | { kind: 'requests' };

/**
 * What an audit entry is about, by name: a venue, a program and its venue, a session's venue and time, a booking's
 * school, a person's name. Never a contact detail (a speaker's phone or e-mail, a booking's contact) and nothing about
 * a child.
 */
export interface AuditSubject {
  name: string;
  /** Where or whose: the venue of a program, the school of a booking or an invitation, a token's owner. */
  context: string | null;
  /** When: a session's or a booking's start, an invitation's agreed time. */
  at: Date | null;
  /** The role of a membership or an invitation link. */
  role: Role | null;
  /** The region of an auditor's role, named on the page in the reader's language. */
  place: { code: string; name: string } | null;
  /** The terms of a commitment. */
  terms: {
    audience: Audience;
    kind: CommitmentKind;
    percentOff: number | null;
    fixedPrice: number | null;
  } | null;
  page: AuditSubjectPage | null;
}

const subject = (name: string, more: Partial<Omit<AuditSubject, 'name'>> = {}): AuditSubject => ({
  name,
  context: null,
  at: null,
  role: null,
  place: null,
  terms: null,
  page: null,
  ...more,
});

function venuePage(venue: { slug: string; status: string }): AuditSubjectPage | null {
  return venue.status === 'published' ? { kind: 'venue', slug: venue.slug } : null;
}

function speakerPage(speaker: { id: string; status: string }): AuditSubjectPage | null {
  if (speaker.status === 'published') return { kind: 'speaker', id: speaker.id };
  return speaker.status === 'pending' ? { kind: 'queue', id: speaker.id } : null;
}

type Lookup = (db: Database, ids: string[]) => Promise<[string, AuditSubject][]>;

/** One query per entity type, for the ids of one page of the log. */
const lookups: Partial<Record<AuditEntityType, Lookup>> = {
  venue: async (db, ids) =>
    (
      await db
        .select({ id: venues.id, name: venues.name, slug: venues.slug, status: venues.status })
        .from(venues)
        .where(inArray(venues.id, ids))
    ).map((v) => [
      v.id,
      subject(v.name, { page: v.status === 'pending' ? { kind: 'queue', id: v.id } : venuePage(v) }),
    ]),

  program: async (db, ids) =>
    (
      await db
        .select({
          id: programs.id,
          title: programs.title,
          venue: venues.name,
          slug: venues.slug,
          status: venues.status,
        })
        .from(programs)
        .innerJoin(venues, eq(venues.id, programs.venueId))
        .where(inArray(programs.id, ids))
    ).map((p) => [p.id, subject(p.title, { context: p.venue, page: venuePage(p) })]),

  session: async (db, ids) =>
    (
      await db
        .select({
          id: sessions.id,
          startsAt: sessions.startsAt,
          title: sessions.title,
          program: programs.title,
          venue: venues.name,
          slug: venues.slug,
          status: venues.status,
        })
        .from(sessions)
        .innerJoin(programs, eq(programs.id, sessions.programId))
        .innerJoin(venues, eq(venues.id, sessions.venueId))
        .where(inArray(sessions.id, ids))
    ).map((s) => [
      s.id,
      subject(s.venue, { context: s.title ?? s.program, at: s.startsAt, page: venuePage(s) }),
    ]),

  session_series: async (db, ids) =>
    (
      await db
        .select({
          id: sessionSeries.id,
          program: programs.title,
          venue: venues.name,
          slug: venues.slug,
          status: venues.status,
        })
        .from(sessionSeries)
        .innerJoin(programs, eq(programs.id, sessionSeries.programId))
        .innerJoin(venues, eq(venues.id, programs.venueId))
        .where(inArray(sessionSeries.id, ids))
    ).map((s) => [s.id, subject(s.program, { context: s.venue, page: venuePage(s) })]),

  // The school that booked, the venue and the session's time: never the contact person or the pupils.
  booking: async (db, ids) =>
    (
      await db
        .select({
          id: bookings.id,
          school: schools.name,
          venue: venues.name,
          startsAt: sessions.startsAt,
        })
        .from(bookings)
        .innerJoin(schools, eq(schools.id, bookings.schoolId))
        .innerJoin(venues, eq(venues.id, bookings.venueId))
        .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
        .where(inArray(bookings.id, ids))
    ).map((b) => [b.id, subject(b.school, { context: b.venue, at: b.startsAt })]),

  commitment: async (db, ids) =>
    (
      await db
        .select({
          id: accessCommitments.id,
          audience: accessCommitments.audience,
          kind: accessCommitments.kind,
          percentOff: accessCommitments.percentOff,
          fixedPrice: accessCommitments.fixedPrice,
          status: accessCommitments.status,
          venue: venues.name,
          slug: venues.slug,
          venueStatus: venues.status,
        })
        .from(accessCommitments)
        .innerJoin(venues, eq(venues.id, accessCommitments.venueId))
        .where(inArray(accessCommitments.id, ids))
    ).map((c) => [
      c.id,
      subject(c.venue, {
        terms: { audience: c.audience, kind: c.kind, percentOff: c.percentOff, fixedPrice: c.fixedPrice },
        page:
          c.status === 'pending'
            ? { kind: 'queue', id: c.id }
            : venuePage({ slug: c.slug, status: c.venueStatus }),
      }),
    ]),

  info_report: async (db, ids) =>
    (
      await db
        .select({ id: infoReports.id, status: infoReports.status, venue: venues.name })
        .from(infoReports)
        .innerJoin(venues, eq(venues.id, infoReports.venueId))
        .where(inArray(infoReports.id, ids))
    ).map((r) => [
      r.id,
      subject(r.venue, { page: { kind: 'info_report', id: r.id, open: r.status === 'open' } }),
    ]),

  // Public columns only: a speaker's phone and e-mail are never read here.
  speaker: async (db, ids) =>
    (
      await db
        .select({ id: speakers.id, name: speakers.displayName, status: speakers.status })
        .from(speakers)
        .where(inArray(speakers.id, ids))
    ).map((s) => [s.id, subject(s.name, { page: speakerPage(s) })]),

  speaker_topic: async (db, ids) =>
    (
      await db
        .select({
          id: speakerTopics.id,
          title: speakerTopics.title,
          speakerId: speakers.id,
          speaker: speakers.displayName,
          status: speakers.status,
        })
        .from(speakerTopics)
        .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
        .where(inArray(speakerTopics.id, ids))
    ).map((s) => [
      s.id,
      subject(s.title, {
        context: s.speaker,
        page: s.status === 'published' ? { kind: 'speaker', id: s.speakerId } : null,
      }),
    ]),

  // Who was invited (a speaker by the name they show, or a venue's outreach) and the inviting school.
  invitation: async (db, ids) =>
    (
      await db
        .select({
          id: invitations.id,
          speaker: speakers.displayName,
          venue: venues.name,
          school: schools.name,
          at: invitations.scheduledStartsAt,
        })
        .from(invitations)
        .innerJoin(schools, eq(schools.id, invitations.schoolId))
        .leftJoin(speakers, eq(speakers.id, invitations.speakerId))
        .leftJoin(venues, eq(venues.id, invitations.venueId))
        .where(inArray(invitations.id, ids))
    ).map((i) => [i.id, subject(i.speaker ?? i.venue ?? '—', { context: i.school, at: i.at })]),

  // The school a teacher link is for and the role it gives, never the address it was sent to.
  invite: async (db, ids) =>
    (
      await db
        .select({ id: invites.id, role: invites.role, school: schools.name })
        .from(invites)
        .innerJoin(schools, eq(schools.id, invites.schoolId))
        .where(inArray(invites.id, ids))
    ).map((i) => [i.id, subject(i.school, { role: i.role })]),

  membership: async (db, ids) =>
    (
      await db
        .select({
          id: memberships.id,
          role: memberships.role,
          status: memberships.status,
          person: users.name,
          school: schools.name,
          venue: venues.name,
          speaker: speakers.displayName,
          regionCode: regions.code,
          regionName: regions.name,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .leftJoin(schools, eq(schools.id, memberships.schoolId))
        .leftJoin(venues, eq(venues.id, memberships.venueId))
        .leftJoin(speakers, eq(speakers.id, memberships.speakerId))
        .leftJoin(regions, eq(regions.code, memberships.regionCode))
        .where(inArray(memberships.id, ids))
    ).map((m) => [
      m.id,
      subject(m.person, {
        role: m.role,
        context: m.school ?? m.venue ?? m.speaker,
        place: m.regionCode && m.regionName ? { code: m.regionCode, name: m.regionName } : null,
        page: m.status === 'pending' ? { kind: 'requests' } : null,
      }),
    ]),

  school: async (db, ids) =>
    (
      await db.select({ id: schools.id, name: schools.name }).from(schools).where(inArray(schools.id, ids))
    ).map((s) => [s.id, subject(s.name)]),

  // A person by name only: their e-mail and mobile stay off this page.
  user: async (db, ids) =>
    (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map(
      (u) => [u.id, subject(u.name)],
    ),

  api_token: async (db, ids) =>
    (
      await db
        .select({ id: apiTokens.id, name: apiTokens.name, owner: users.name })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(inArray(apiTokens.id, ids))
    ).map((k) => [k.id, subject(k.name, { context: k.owner })]),

  auth_session: async (db, ids) =>
    (
      await db
        .select({ id: authSessions.id, owner: users.name })
        .from(authSessions)
        .innerJoin(users, eq(users.id, authSessions.userId))
        .where(inArray(authSessions.id, ids))
    ).map((s) => [s.id, subject(s.owner)]),
};

/**
 * The subjects of a page of log entries, keyed `type:id`. An entity since deleted, or of a type without a name (a
 * route, the database), has none: the page shows its id.
 */
export async function describeAuditSubjects(
  db: Database,
  entries: readonly { entityType: string; entityId: string | null }[],
): Promise<Map<string, AuditSubject>> {
  const idsByType = new Map<AuditEntityType, Set<string>>();
  for (const { entityType, entityId } of entries) {
    if (!Object.hasOwn(lookups, entityType) || !entityId || !isUuid(entityId)) continue;
    const type = entityType as AuditEntityType;
    idsByType.set(type, (idsByType.get(type) ?? new Set<string>()).add(entityId));
  }
  const found = await Promise.all(
    [...idsByType].map(async ([type, ids]) =>
      ((await lookups[type]?.(db, [...ids])) ?? []).map(([id, described]): [string, AuditSubject] => [
        auditSubjectKey(type, id),
        described,
      ]),
    ),
  );
  return new Map(found.flat());
}

export function auditSubjectKey(entityType: string, entityId: string): string {
  return `${entityType}:${entityId}`;
}
