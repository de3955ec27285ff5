import { and, asc, count, eq, gt, gte, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import { isAdmin, memberSchoolIds } from '#app/domain/accounts/roles.ts';
import { auditorsCovering } from '#app/domain/bureau/regions.server.ts';
import { sendNotice } from '#app/domain/notices/notices.server.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { themeWords } from '#db/schema/enums.ts';
import {
  invitations,
  regions,
  type Speaker,
  schools,
  speakerMonthLoads,
  speakers,
  speakerTopics,
} from '#db/schema/index.ts';
import { likeContaining } from '#db/sql.ts';
import { recordAudit, regionOfSpeaker } from '../audit/audit.server.ts';
import { latestVettingDay, servesPlace } from './rules.ts';
import type { ProfileInput, TopicInput, TopicMenuQuery } from './schemas.ts';

export interface Viewer {
  id: string;
  roles: readonly RoleMembership[];
}

export interface ChangeMeta {
  now: Date;
  requestId?: string | null;
  ip?: string | null;
}

/**
 * Every column of a speaker except the private ones. Queries that others may see select these, never the whole row,
 * so that phone and e-mail cannot reach a page, an API answer, a notice or a file by accident (DESIGN.md rule 6).
 */
export const publicSpeakerColumns = {
  id: speakers.id,
  displayName: speakers.displayName,
  category: speakers.category,
  title: speakers.title,
  bio: speakers.bio,
  regionCode: speakers.regionCode,
  serviceRegionCodes: speakers.serviceRegionCodes,
  serviceRadiusKm: speakers.serviceRadiusKm,
  languages: speakers.languages,
  weeklyAvailability: speakers.weeklyAvailability,
  blackoutDates: speakers.blackoutDates,
  monthlyCap: speakers.monthlyCap,
  needs: speakers.needs,
  status: speakers.status,
  vettedUntil: speakers.vettedUntil,
};

export type PublicSpeaker = Pick<Speaker, keyof typeof publicSpeakerColumns>;

export interface SpeakerContact {
  phone: string | null;
  email: string | null;
}

/** The speaker profile a person speaks as, if any. */
export function ownSpeakerId(viewer: Viewer | null | undefined): string | null {
  return viewer?.roles.find((r) => r.role === 'speaker' && r.speakerId)?.speakerId ?? null;
}

export function speaksAs(viewer: Viewer | null | undefined, speakerId: string): boolean {
  return Boolean(viewer?.roles.some((r) => r.role === 'speaker' && r.speakerId === speakerId));
}

/**
 * Whether a person may see a speaker's phone and e-mail: the speaker, an admin, or the teacher of an invitation the
 * speaker accepted (scheduled or held). Nobody else — not the school's admin, not an auditor, not the public.
 */
export async function maySeeSpeakerContact(
  db: Database,
  viewer: Viewer | null | undefined,
  speakerId: string,
  invitationId?: string,
): Promise<boolean> {
  if (!viewer) return false;
  if (isAdmin(viewer) || speaksAs(viewer, speakerId)) return true;
  const schoolIds = memberSchoolIds(viewer);
  if (schoolIds.length === 0) return false;
  const [accepted] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.speakerId, speakerId),
        eq(invitations.teacherId, viewer.id),
        inArray(invitations.schoolId, schoolIds),
        inArray(invitations.status, ['scheduled', 'completed']),
        invitationId ? eq(invitations.id, invitationId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(accepted);
}

/** The phone and e-mail, selected only for those allowed; null for everyone else. */
export async function speakerContactFor(
  db: Database,
  viewer: Viewer | null | undefined,
  speakerId: string,
  invitationId?: string,
): Promise<SpeakerContact | null> {
  if (!(await maySeeSpeakerContact(db, viewer, speakerId, invitationId))) return null;
  const [row] = await db
    .select({ phone: speakers.phone, email: speakers.email })
    .from(speakers)
    .where(eq(speakers.id, speakerId));
  return row ?? null;
}

export async function getPublicSpeaker(db: Database, speakerId: string): Promise<PublicSpeaker | null> {
  const [row] = await db.select(publicSpeakerColumns).from(speakers).where(eq(speakers.id, speakerId));
  return row ?? null;
}

export type ProfileResult =
  /** `revetting`: the name, category or title the bureau vetted changed, so the badge was withdrawn until re-vetted. */
  | { ok: true; revetting: boolean }
  | { ok: false; error: 'forbidden' | 'not_found' | 'unknown_region' }
  /** A monthly cap below the talks already scheduled in a month from this one on (the first such month). */
  | { ok: false; error: 'cap_below_scheduled'; month: string; engagements: number }
  /** Hours on a weekday too short for the speaker's shortest talk: no school could ever invite them then. */
  | {
      ok: false;
      error: 'window_too_short';
      windows: { index: number; minutes: number }[];
      shortestTalk: number;
    };

/** Minutes between two clock times of one day (09:00, 09:45). */
function minutesBetween(from: string, to: string): number {
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  return at(to) - at(from);
}

function mayEdit(viewer: Viewer, speakerId: string): boolean {
  return isAdmin(viewer) || speaksAs(viewer, speakerId);
}

/** The speaker's own profile, contact details included (they are the speaker's own). */
export async function getOwnProfile(db: Database, viewer: Viewer, speakerId: string) {
  if (!mayEdit(viewer, speakerId)) return null;
  const [speaker] = await db
    .select({
      ...publicSpeakerColumns,
      phone: speakers.phone,
      email: speakers.email,
      calendarToken: speakers.calendarToken,
      regionName: regions.name,
    })
    .from(speakers)
    .innerJoin(regions, eq(regions.code, speakers.regionCode))
    .where(eq(speakers.id, speakerId));
  if (!speaker) return null;
  const topics = await db
    .select()
    .from(speakerTopics)
    .where(eq(speakerTopics.speakerId, speakerId))
    .orderBy(asc(speakerTopics.createdAt), asc(speakerTopics.title), asc(speakerTopics.id));
  return { speaker, topics };
}

/**
 * Saves the profile. Moving to another 旗县 puts the home point at its seat: the exact address is never asked for,
 * distances need only a rough point.
 */
export async function updateProfile(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  input: ProfileInput,
  meta: ChangeMeta,
): Promise<ProfileResult> {
  if (!mayEdit(viewer, speakerId)) return { ok: false, error: 'forbidden' };
  return db.transaction(async (tx) => {
    // NO KEY UPDATE: the scheduling trigger's FOR SHARE waits for it (rule 2 below); an invitation's foreign key does not.
    const [before] = await tx.select().from(speakers).where(eq(speakers.id, speakerId)).for('no key update');
    if (!before) return { ok: false, error: 'not_found' } as const;
    // Rule 2: talks already scheduled stay within the cap. The row lock above and the scheduling trigger's FOR SHARE
    // (migration 0018) make a talk scheduled meanwhile either counted here or refused under the new cap.
    if (input.monthlyCap < before.monthlyCap) {
      const [over] = await tx
        .select({ month: speakerMonthLoads.month, engagements: speakerMonthLoads.engagements })
        .from(speakerMonthLoads)
        .where(
          and(
            eq(speakerMonthLoads.speakerId, speakerId),
            gte(speakerMonthLoads.month, `${shanghaiDay(meta.now).slice(0, 7)}-01`),
            gt(speakerMonthLoads.engagements, input.monthlyCap),
          ),
        )
        .orderBy(asc(speakerMonthLoads.month))
        .limit(1);
      if (over) return { ok: false, error: 'cap_below_scheduled', ...over } as const;
    }
    const codes = [...new Set([input.regionCode, ...input.serviceRegionCodes])];
    const known = await tx
      .select({ code: regions.code, lat: regions.lat, lng: regions.lng })
      .from(regions)
      .where(inArray(regions.code, codes));
    if (known.length !== codes.length) return { ok: false, error: 'unknown_region' } as const;
    const [shortest] = await tx
      .select({ minutes: sql<number | null>`min(${speakerTopics.durationMinutes})` })
      .from(speakerTopics)
      .where(and(eq(speakerTopics.speakerId, speakerId), eq(speakerTopics.active, true)));
    const shortestTalk = shortest?.minutes ?? null;
    if (shortestTalk !== null) {
      const tooShort = input.weeklyAvailability
        .map((w, index) => ({ index, minutes: minutesBetween(w.from, w.to) }))
        .filter((w) => w.minutes < shortestTalk);
      if (tooShort.length)
        return { ok: false, error: 'window_too_short', windows: tooShort, shortestTalk } as const;
    }
    const home =
      before.regionCode === input.regionCode && before.homeLat !== null
        ? { homeLat: before.homeLat, homeLng: before.homeLng }
        : (() => {
            const seat = known.find((r) => r.code === input.regionCode);
            return { homeLat: seat?.lat ?? null, homeLng: seat?.lng ?? null };
          })();
    // The vetting badge vouches for who the speaker says they are: a new name, category or title (an honour claimed)
    // is vetted again before the badge shows. The region's auditors are told.
    const revetting =
      before.vettedUntil !== null &&
      (before.displayName !== input.displayName ||
        before.category !== input.category ||
        before.title !== input.title);
    const [after] = await tx
      .update(speakers)
      // A day already past blocks nothing: it is not kept (the form shows the days still ahead, and says so).
      .set({
        ...input,
        blackoutDates: input.blackoutDates.filter((day) => day >= shanghaiDay(meta.now)),
        ...home,
        ...(revetting ? { vettedUntil: null, vettedBy: null } : {}),
        updatedAt: meta.now,
      })
      .where(eq(speakers.id, speakerId))
      .returning();
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'speaker.update',
      entityType: 'speaker',
      entityId: speakerId,
      regionCode: input.regionCode,
      before,
      after,
      requestId: meta.requestId,
      ip: meta.ip,
    });
    if (revetting) {
      for (const userId of await auditorsCovering(tx, before.regionCode)) {
        await sendNotice(tx, {
          userId,
          kind: 'speakerIdentityChanged',
          params: { speaker: input.displayName, before: before.displayName },
          link: `/speakers/vetting#s-${speakerId}`,
          dedupeKey: `speaker:${speakerId}:revet:${meta.now.getTime()}:${userId}`,
        });
      }
    }
    return { ok: true, revetting } as const;
  });
}

export type TopicResult =
  | { ok: true; id: string }
  | { ok: false; error: 'forbidden' | 'not_found' }
  /** Another of the speaker's topics has this title already (a second press of "add", most often). */
  | { ok: false; error: 'duplicate_title'; existingId: string };

/** Adds a topic (topicId null) or changes one of the speaker's own. */
export async function saveTopic(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  topicId: string | null,
  input: TopicInput,
  meta: ChangeMeta,
): Promise<TopicResult> {
  if (!mayEdit(viewer, speakerId)) return { ok: false, error: 'forbidden' };
  if (topicId !== null && !isUuid(topicId)) return { ok: false, error: 'not_found' };
  return db.transaction(async (tx) => {
    // The speaker's row first, then the topic's (the order an invitation's foreign keys take them), and FOR NO KEY
    // UPDATE, which a foreign key check does not wait for: two presses of "add" take turns, and the second finds the
    // first below.
    await tx
      .select({ id: speakers.id })
      .from(speakers)
      .where(eq(speakers.id, speakerId))
      .for('no key update');
    let before: typeof speakerTopics.$inferSelect | undefined;
    if (topicId) {
      [before] = await tx
        .select()
        .from(speakerTopics)
        .where(and(eq(speakerTopics.id, topicId), eq(speakerTopics.speakerId, speakerId)))
        .for('update');
      if (!before) return { ok: false, error: 'not_found' } as const;
    }
    // One title once per speaker, compared as read (case and spaces aside).
    const [same] = await tx
      .select({ id: speakerTopics.id })
      .from(speakerTopics)
      .where(
        and(
          eq(speakerTopics.speakerId, speakerId),
          sql`lower(regexp_replace(${speakerTopics.title}, '[[:space:]]+', '', 'g')) = lower(regexp_replace(${input.title}, '[[:space:]]+', '', 'g'))`,
          topicId ? ne(speakerTopics.id, topicId) : undefined,
        ),
      )
      .limit(1);
    if (same) return { ok: false, error: 'duplicate_title', existingId: same.id } as const;
    const [after] = topicId
      ? await tx.update(speakerTopics).set(input).where(eq(speakerTopics.id, topicId)).returning()
      : await tx
          .insert(speakerTopics)
          .values({ ...input, speakerId })
          .returning();
    if (!after) throw new Error('topic write returned nothing');
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: topicId ? 'speaker_topic.update' : 'speaker_topic.create',
      entityType: 'speaker_topic',
      entityId: after.id,
      regionCode: regionOfSpeaker(speakerId),
      before,
      after,
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return { ok: true, id: after.id } as const;
  });
}

/** A new secret for the calendar feed: the old address stops working (for a feed shared by mistake). */
export async function rotateCalendarToken(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  meta: ChangeMeta,
): Promise<boolean> {
  if (!mayEdit(viewer, speakerId)) return false;
  return db.transaction(async (tx) => {
    const rotated = await tx
      .update(speakers)
      .set({ calendarToken: sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')` })
      .where(eq(speakers.id, speakerId))
      .returning({ id: speakers.id });
    if (rotated.length === 0) return false;
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'speaker.rotate_calendar_token',
      entityType: 'speaker',
      entityId: speakerId,
      regionCode: regionOfSpeaker(speakerId),
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return true;
  });
}

/** The speaker whose feed a secret opens (the secret is compared by the database, never logged). */
export async function speakerByCalendarToken(db: Database, token: string) {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const [row] = await db
    .select({ id: speakers.id, displayName: speakers.displayName })
    .from(speakers)
    .where(eq(speakers.calendarToken, token));
  return row ?? null;
}

// ---- Vetting badge (set by a region's auditor)

function auditorRegions(viewer: Viewer): string[] {
  return viewer.roles.filter((r) => r.role === 'auditor' && r.regionCode).map((r) => r.regionCode as string);
}

function regionScope(viewer: Viewer): SQL | undefined {
  if (isAdmin(viewer)) return undefined;
  const codes = auditorRegions(viewer);
  if (codes.length === 0) return sql`false`;
  return or(
    ...codes.map((code) =>
      code.endsWith('0000')
        ? sql`left(${speakers.regionCode}, 2) = ${code.slice(0, 2)}`
        : code.endsWith('00')
          ? sql`left(${speakers.regionCode}, 4) = ${code.slice(0, 4)}`
          : eq(speakers.regionCode, code),
    ),
  );
}

/** Speakers of the auditor's region (and below), with their badges; no contact details. */
export async function listSpeakersForVetting(db: Database, viewer: Viewer) {
  return (
    db
      .select({
        id: speakers.id,
        displayName: speakers.displayName,
        category: speakers.category,
        title: speakers.title,
        regionCode: speakers.regionCode,
        regionName: regions.name,
        status: speakers.status,
        vettedUntil: speakers.vettedUntil,
      })
      .from(speakers)
      .innerJoin(regions, eq(regions.code, speakers.regionCode))
      // A profile refused with its role request is no speaker: nothing to vet, and not counted.
      .where(and(regionScope(viewer), ne(speakers.status, 'rejected')))
      .orderBy(sql`${speakers.vettedUntil} asc nulls first`, asc(speakers.displayName), asc(speakers.id))
  );
}

export type VettingError = 'forbidden' | 'not_found' | 'date_past' | 'date_too_far';
export type VettingResult = { ok: true } | { ok: false; error: VettingError };

/**
 * Sets the vetting badge to run until a day between today and latestVettingDay. Only an auditor of the speaker's
 * region or an admin.
 */
export async function setVetting(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  vettedUntil: string,
  meta: ChangeMeta,
): Promise<VettingResult> {
  const today = shanghaiDay(meta.now);
  if (vettedUntil < today) return { ok: false, error: 'date_past' };
  if (vettedUntil > latestVettingDay(today)) return { ok: false, error: 'date_too_far' };
  return writeVetting(db, viewer, speakerId, vettedUntil, meta);
}

/**
 * Withdraws the vetting badge: the speaker can be scheduled for no new talk until vetted again (talks already
 * scheduled stay). Only an auditor of the speaker's region or an admin.
 */
export function revokeVetting(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  meta: ChangeMeta,
): Promise<VettingResult> {
  return writeVetting(db, viewer, speakerId, null, meta);
}

function writeVetting(
  db: Database,
  viewer: Viewer,
  speakerId: string,
  vettedUntil: string | null,
  meta: ChangeMeta,
): Promise<VettingResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: speakers.id, regionCode: speakers.regionCode, vettedUntil: speakers.vettedUntil })
      .from(speakers)
      .where(and(eq(speakers.id, speakerId), regionScope(viewer), ne(speakers.status, 'rejected')))
      .for('update');
    if (!before) {
      const [exists] = await tx
        .select({ id: speakers.id })
        .from(speakers)
        .where(and(eq(speakers.id, speakerId), ne(speakers.status, 'rejected')));
      return { ok: false, error: exists ? 'forbidden' : 'not_found' } as const;
    }
    await tx
      .update(speakers)
      .set({ vettedUntil, vettedBy: viewer.id, updatedAt: meta.now })
      .where(eq(speakers.id, speakerId));
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'speaker.vet',
      entityType: 'speaker',
      entityId: speakerId,
      regionCode: before.regionCode,
      before: { vettedUntil: before.vettedUntil },
      after: { vettedUntil },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return { ok: true } as const;
  });
}

// ---- The topic menu (点课)

export interface SchoolPlace {
  id: string;
  name: string;
  address: string;
  regionCode: string;
  lat: number | null;
  lng: number | null;
}

/**
 * The school a teacher or school admin acts for: the one asked for when it is theirs, else their first (the one the
 * booking form books for), with whether it is a priority school (green-channel seats are open to it).
 */
export async function schoolOf(
  db: Database,
  viewer: Viewer | null | undefined,
  schoolId?: string,
): Promise<(SchoolPlace & { isPriority: boolean }) | null> {
  const ids = (viewer?.roles ?? [])
    .filter((r) => (r.role === 'teacher' || r.role === 'school_admin') && r.schoolId)
    .map((r) => r.schoolId as string);
  const id = schoolId ? (ids.includes(schoolId) ? schoolId : undefined) : ids[0];
  if (!id) return null;
  const [school] = await db
    .select({
      id: schools.id,
      name: schools.name,
      address: schools.address,
      regionCode: schools.regionCode,
      lat: schools.lat,
      lng: schools.lng,
      isPriority: schools.isPriority,
    })
    .from(schools)
    .where(eq(schools.id, id));
  return school ?? null;
}

/** Whether a published speaker's service area takes in the school (their home stays here; only the answer leaves). */
export async function speakerServesSchool(
  db: Database,
  speakerId: string,
  school: SchoolPlace,
): Promise<boolean> {
  if (!isUuid(speakerId)) return false;
  const [area] = await db
    .select({
      serviceRegionCodes: speakers.serviceRegionCodes,
      serviceRadiusKm: speakers.serviceRadiusKm,
      homeLat: speakers.homeLat,
      homeLng: speakers.homeLng,
    })
    .from(speakers)
    .where(and(eq(speakers.id, speakerId), eq(speakers.status, 'published')));
  return area ? servesPlace(area, school) : false;
}

/** A speaker serves a region when their area and the region overlap (either contains the other), or by distance. */
function servesRegionSql(code: string): SQL {
  return sql`(
    (cardinality(${speakers.serviceRegionCodes}) = 0 and ${speakers.serviceRadiusKm} is null)
    or exists (
      select 1 from unnest(${speakers.serviceRegionCodes}) as area(code)
      where area.code = ${code}
        or (area.code like '%0000' and left(area.code, 2) = left(${code}, 2))
        or (area.code like '%00' and left(area.code, 4) = left(${code}, 4))
        or (${code} like '%0000' and left(area.code, 2) = left(${code}, 2))
        or (${code} like '%00' and left(area.code, 4) = left(${code}, 4))
    )
    or (${speakers.serviceRadiusKm} is not null and exists (
      select 1 from ${regions} as seat
      where seat.code = ${code}
        and distance_km(seat.lat, seat.lng, ${speakers.homeLat}, ${speakers.homeLng}) <= ${speakers.serviceRadiusKm}
    ))
  )`;
}

export const MENU_PAGE_SIZE = 24;

/** Published, active topics whose speaker can be booked; filtered as the menu's URL says. */
export async function topicMenu(
  db: Database,
  query: TopicMenuQuery,
  options: { school: SchoolPlace | null; now: Date },
) {
  const { school } = options;
  let origin: { lat: number; lng: number } | null =
    school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
  if (!origin && query.region) {
    const [seat] = await db
      .select({ lat: regions.lat, lng: regions.lng })
      .from(regions)
      .where(eq(regions.code, query.region));
    if (seat?.lat != null && seat.lng != null) origin = { lat: seat.lat, lng: seat.lng };
  }
  // Measured to the seat of the speaker's 旗县, as in the directory, never to their home: distances from a few
  // places (a school, region seats) would otherwise give away where an elderly volunteer lives.
  const distance = origin
    ? sql<
        number | null
      >`distance_km(${origin.lat}::float8, ${origin.lng}::float8, ${regions.lat}, ${regions.lng})`
    : sql<number | null>`null::float8`;
  const where = and(
    eq(speakers.status, 'published'),
    eq(speakerTopics.active, true),
    query.q
      ? or(
          ilike(speakerTopics.title, likeContaining(query.q)),
          ilike(speakerTopics.summary, likeContaining(query.q)),
          ilike(speakers.displayName, likeContaining(query.q)),
        )
      : undefined,
    query.theme ? sql`${query.theme} = any(${speakerTopics.themes})` : undefined,
    query.grade !== undefined ? sql`${query.grade}::int = any(${speakerTopics.grades})` : undefined,
    query.language ? eq(speakerTopics.language, query.language) : undefined,
    query.region ? servesRegionSql(query.region) : undefined,
    query.km && origin ? sql`${distance} <= ${query.km}` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: speakerTopics.id,
        title: speakerTopics.title,
        summary: speakerTopics.summary,
        themes: speakerTopics.themes,
        grades: speakerTopics.grades,
        durationMinutes: speakerTopics.durationMinutes,
        language: speakerTopics.language,
        speakerId: speakers.id,
        speakerName: speakers.displayName,
        category: speakers.category,
        speakerTitle: speakers.title,
        regionCode: speakers.regionCode,
        regionName: regions.name,
        /** The seat of the speaker's 旗县, for the map: never the home point. */
        regionLat: regions.lat,
        regionLng: regions.lng,
        needs: speakers.needs,
        vettedUntil: speakers.vettedUntil,
        serviceRegionCodes: speakers.serviceRegionCodes,
        serviceRadiusKm: speakers.serviceRadiusKm,
        homeLat: speakers.homeLat,
        homeLng: speakers.homeLng,
        distanceKm: distance,
      })
      .from(speakerTopics)
      .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
      .innerJoin(regions, eq(regions.code, speakers.regionCode))
      .where(where)
      .orderBy(
        ...(origin ? [sql`${distance} asc nulls last`] : []),
        asc(speakerTopics.title),
        asc(speakerTopics.id),
      )
      .limit(MENU_PAGE_SIZE)
      .offset((query.page - 1) * MENU_PAGE_SIZE),
    db
      .select({ n: count() })
      .from(speakerTopics)
      .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
      .innerJoin(regions, eq(regions.code, speakers.regionCode))
      .where(where),
  ]);
  const today = shanghaiDay(options.now);
  const topics = rows.map(
    ({ serviceRegionCodes, serviceRadiusKm, homeLat, homeLng, distanceKm, ...topic }) => ({
      ...topic,
      vetted: topic.vettedUntil !== null && topic.vettedUntil >= today,
      distanceKm: distanceKm === null ? null : Math.round(Number(distanceKm)),
      servesSchool: school
        ? servesPlace({ serviceRegionCodes, serviceRadiusKm, homeLat, homeLng }, school)
        : null,
    }),
  );
  return { topics, total: Number(total?.n ?? 0), hasOrigin: origin !== null };
}

/** Themes and regions for the menu's filters. */
export async function menuFilters(db: Database) {
  // A theme of the list, or one that at least two published speakers wrote in themselves: one speaker's own words
  // (or a slip of the keyboard) stay on their topic and do not become an option for everyone at once.
  const used = db
    .selectDistinct({
      theme: sql<string>`unnest(${speakerTopics.themes})`.as('theme'),
      speakerId: speakerTopics.speakerId,
    })
    .from(speakerTopics)
    .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
    .where(and(eq(speakerTopics.active, true), eq(speakers.status, 'published')))
    .as('used');
  const [themes, regionRows] = await Promise.all([
    db
      .select({ theme: used.theme })
      .from(used)
      .groupBy(used.theme)
      .having(or(sql`count(*) >= 2`, inArray(used.theme, [...themeWords]))),
    db
      .select({
        code: regions.code,
        name: regions.name,
        level: regions.level,
        parentCode: regions.parentCode,
      })
      .from(regions)
      .where(ne(regions.level, 'province'))
      .orderBy(asc(regions.code)),
  ]);
  return { themes: themes.map((t) => t.theme).sort(), regions: regionRows };
}

/** One speaker's active topics (API and the invitation form). */
export async function speakerTopicsOf(db: Database, speakerId: string) {
  return db
    .select({
      id: speakerTopics.id,
      title: speakerTopics.title,
      summary: speakerTopics.summary,
      themes: speakerTopics.themes,
      grades: speakerTopics.grades,
      durationMinutes: speakerTopics.durationMinutes,
      language: speakerTopics.language,
    })
    .from(speakerTopics)
    .where(and(eq(speakerTopics.speakerId, speakerId), eq(speakerTopics.active, true)))
    .orderBy(asc(speakerTopics.title), asc(speakerTopics.id));
}

/**
 * Other speakers near the school who talk about the same themes (or are of the same kind), and who can be booked:
 * shown to a teacher whose invitation was declined or expired.
 */
export async function similarTopicsNearby(
  db: Database,
  options: { topicId: string; school: SchoolPlace; now: Date; limit?: number },
) {
  const [topic] = await db
    .select({ themes: speakerTopics.themes, speakerId: speakerTopics.speakerId, category: speakers.category })
    .from(speakerTopics)
    .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
    .where(eq(speakerTopics.id, options.topicId));
  if (!topic) return [];
  const { school } = options;
  // To the seat of the speaker's 旗县, as in the menu: never to their home.
  const distance =
    school.lat != null && school.lng != null
      ? sql<
          number | null
        >`distance_km(${school.lat}::float8, ${school.lng}::float8, ${regions.lat}, ${regions.lng})`
      : sql<number | null>`null::float8`;
  const themes = topic.themes.length ? topic.themes : [''];
  const rows = await db
    .select({
      id: speakerTopics.id,
      title: speakerTopics.title,
      speakerName: speakers.displayName,
      category: speakers.category,
      durationMinutes: speakerTopics.durationMinutes,
      distanceKm: distance,
    })
    .from(speakerTopics)
    .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
    .innerJoin(regions, eq(regions.code, speakers.regionCode))
    .where(
      and(
        eq(speakers.status, 'published'),
        eq(speakerTopics.active, true),
        ne(speakers.id, topic.speakerId),
        sql`${speakers.vettedUntil} >= ${shanghaiDay(options.now)}`,
        or(
          sql`${speakerTopics.themes} && array[${sql.join(
            themes.map((t) => sql`${t}`),
            sql`, `,
          )}]::text[]`,
          eq(speakers.category, topic.category),
        ),
        servesRegionSql(school.regionCode),
      ),
    )
    .orderBy(sql`${distance} asc nulls last`, asc(speakerTopics.title), asc(speakerTopics.id))
    .limit(options.limit ?? 5);
  return rows.map((r) => ({
    ...r,
    distanceKm: r.distanceKm === null ? null : Math.round(Number(r.distanceKm)),
  }));
}

/** A topic with what a teacher needs to invite its speaker: the speaker's week, badge and needs (no contact). */
export async function topicForInvitation(db: Database, topicId: string) {
  if (!isUuid(topicId)) return null;
  const [row] = await db
    .select({
      id: speakerTopics.id,
      title: speakerTopics.title,
      summary: speakerTopics.summary,
      grades: speakerTopics.grades,
      durationMinutes: speakerTopics.durationMinutes,
      language: speakerTopics.language,
      speaker: {
        id: speakers.id,
        displayName: speakers.displayName,
        category: speakers.category,
        title: speakers.title,
        needs: speakers.needs,
        weeklyAvailability: speakers.weeklyAvailability,
        blackoutDates: speakers.blackoutDates,
        vettedUntil: speakers.vettedUntil,
        serviceRegionCodes: speakers.serviceRegionCodes,
        serviceRadiusKm: speakers.serviceRadiusKm,
        homeLat: speakers.homeLat,
        homeLng: speakers.homeLng,
      },
    })
    .from(speakerTopics)
    .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
    .where(
      and(eq(speakerTopics.id, topicId), eq(speakerTopics.active, true), eq(speakers.status, 'published')),
    );
  return row ?? null;
}

/** The schools a teacher or school admin may invite for (to choose from when there are several). */
export async function schoolsOf(db: Database, viewer: Viewer) {
  const ids = viewer.roles
    .filter((r) => (r.role === 'teacher' || r.role === 'school_admin') && r.schoolId)
    .map((r) => r.schoolId as string);
  if (ids.length === 0) return [];
  return db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(inArray(schools.id, ids))
    .orderBy(asc(schools.name), asc(schools.id));
}
