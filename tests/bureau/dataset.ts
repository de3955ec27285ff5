import { eq, sql } from 'drizzle-orm';
// A small, explicit data set for the bureau's reports, built row by row so that every figure has a known answer.
// 赤峰市 (150400) and 包头市 (150200); "now" is in the February holiday, so the default term is 2026-autumn
// (2026-09-01 .. 2027-01-31, Asia/Shanghai) and "free" is judged on its last day.
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import type { AuditAction } from '#app/domain/audit/actions.ts';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import type { Audience, BookingStatus, CommitmentKind, SchoolLevel, VenueType } from '#db/schema/enums.ts';
import {
  accessCommitments,
  bookings,
  invitations,
  memberships,
  programs,
  schools,
  sessions,
  speakers,
  speakerTopics,
  users,
  venueChanges,
  venues,
} from '#db/schema/index.ts';

export const NOW = shanghaiTime(2027, 2, 10, 10, 0);
export const PASSWORD = 'test-password-2026';

type Point = { lat: number; lng: number };
const HONGSHAN: Point = { lat: 42.2946, lng: 118.9476 };
const ARUKORQIN: Point = { lat: 43.8699, lng: 120.0594 };
const CHIFENG_SEAT: Point = { lat: 42.2559, lng: 118.8808 };
const DONGHE: Point = { lat: 40.575, lng: 110.0381 };

let counter = 0;
function id(prefix: number): string {
  counter++;
  return `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export interface BureauDataset {
  users: Record<
    | 'auditorChifeng'
    | 'auditorBaotou'
    | 'auditorHongshan'
    | 'auditorProvince'
    | 'operatorV1'
    | 'operatorV3'
    | 'teacherA'
    | 'teacherB'
    | 'teacherC'
    | 'teacherD'
    | 'teacherE'
    | 'teacherF'
    | 'teacherG'
    | 'teacherH'
    | 'speakerS1',
    { id: string; email: string }
  >;
  schools: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H', { id: string; name: string }>;
  venues: Record<'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6' | 'V7', { id: string; name: string; slug: string }>;
  commitments: Record<'V1primary' | 'V2primary' | 'V3primary' | 'V5primary' | 'V6primary', string>;
  bookings: Record<string, string>;
  changes: Record<'c1' | 'c2' | 'c3' | 'c4', string>;
  pendingCommitments: Record<'k1' | 'k2', string>;
  speakers: Record<'S1' | 'S2' | 'S3', string>;
}

/** Builds the data set into an empty (migrated, regions loaded) database. */
export async function buildBureauDataset(db: Database): Promise<BureauDataset> {
  const passwordHash = await hashPassword(PASSWORD);

  const userSpecs: [keyof BureauDataset['users'], string][] = [
    ['auditorChifeng', '赤峰审核员'],
    ['auditorBaotou', '包头审核员'],
    ['auditorHongshan', '红山审核员'],
    ['auditorProvince', '自治区审核员'],
    ['operatorV1', '红山馆员'],
    ['operatorV3', '东河馆员'],
    ['teacherA', 'A校教师'],
    ['teacherB', 'B校教师'],
    ['teacherC', 'C校教师'],
    ['teacherD', 'D校教师'],
    ['teacherE', 'E校教师'],
    ['teacherF', 'F校教师'],
    ['teacherG', 'G校教师'],
    ['teacherH', 'H校教师'],
    ['speakerS1', '乌云'],
  ];
  const userMap = {} as BureauDataset['users'];
  for (const [key, name] of userSpecs) {
    const email = `${key.toLowerCase()}@bureau.test`;
    const [row] = await db
      .insert(users)
      .values({ id: id(1), email, name, passwordHash })
      .returning();
    userMap[key] = { id: row?.id as string, email };
  }

  const schoolSpecs: [
    keyof BureauDataset['schools'],
    string,
    SchoolLevel,
    string,
    number,
    number,
    boolean,
    Point,
  ][] = [
    ['A', 'A红山实验小学', 'primary', '150402', 800, 40, false, { lat: 42.3, lng: 118.96 }],
    ['B', 'B红山乡村小学', 'primary', '150402', 120, 30, true, { lat: 42.4, lng: 119.1 }],
    ['C', 'C阿旗第一中学', 'junior', '150421', 600, 12, false, ARUKORQIN],
    ['D', 'D赤峰特殊教育学校', 'special', '150400', 90, 0, false, CHIFENG_SEAT],
    ['G', 'G阿旗牧区小学', 'primary', '150421', 300, 45, true, { lat: 43.9, lng: 120.1 }],
    ['H', 'H红山第二小学', 'primary', '150402', 3, 0, false, { lat: 42.2561, lng: 118.881 }],
    ['E', 'E东河区实验小学', 'primary', '150202', 1000, 20, false, DONGHE],
    ['F', 'F包头乡村小学', 'primary', '150202', 200, 10, true, { lat: 40.7, lng: 110.3 }],
  ];
  const schoolMap = {} as BureauDataset['schools'];
  for (const [key, name, level, regionCode, pupils, leftBehind, rural, point] of schoolSpecs) {
    const schoolId = id(2);
    await db.insert(schools).values({
      id: schoolId,
      name,
      level,
      regionCode,
      pupils,
      leftBehindPupils: leftBehind,
      rural,
      lat: point.lat,
      lng: point.lng,
    });
    schoolMap[key] = { id: schoolId, name };
    const teacher = userMap[`teacher${key}` as keyof BureauDataset['users']];
    await db.insert(memberships).values({ userId: teacher.id, role: 'teacher', schoolId });
  }

  const venueSpecs: [
    keyof BureauDataset['venues'],
    string,
    VenueType,
    string,
    'published' | 'pending',
    Date | null,
    Point,
  ][] = [
    ['V1', '红山博物馆', 'museum', '150402', 'published', shanghaiTime(2026, 6, 1), HONGSHAN],
    ['V2', '阿旗科技馆', 'science_museum', '150421', 'published', shanghaiTime(2025, 6, 1), ARUKORQIN],
    ['V3', '东河纪念馆', 'memorial', '150202', 'published', null, DONGHE],
    ['V4', '红山新馆', 'museum', '150402', 'pending', null, { lat: 42.31, lng: 118.97 }],
    [
      'V5',
      '东河图书馆',
      'library',
      '150202',
      'published',
      shanghaiTime(2026, 3, 1),
      { lat: 40.58, lng: 110.05 },
    ],
    // Right beside school H: were its lapsed free entry counted, it would be H's nearest free venue.
    ['V6', '赤峰市青少年宫', 'youth_palace', '150400', 'published', null, { lat: 42.2562, lng: 118.8812 }],
    // Beside school F; free only from 2027-02-01, after the term.
    [
      'V7',
      '东河科技馆',
      'science_museum',
      '150202',
      'published',
      shanghaiTime(2027, 1, 1),
      { lat: 40.701, lng: 110.301 },
    ],
  ];
  const venueMap = {} as BureauDataset['venues'];
  const programOf = {} as Record<keyof BureauDataset['venues'], string>;
  for (const [key, name, type, regionCode, status, verifiedAt, point] of venueSpecs) {
    const venueId = id(3);
    const slug = `venue-${key.toLowerCase()}`;
    await db.insert(venues).values({
      id: venueId,
      slug,
      name,
      type,
      regionCode,
      address: `${name}地址`,
      lat: point.lat,
      lng: point.lng,
      status,
      verifiedAt,
    });
    venueMap[key] = { id: venueId, name, slug };
    const programId = id(4);
    await db.insert(programs).values({
      id: programId,
      venueId,
      title: `${name}讲解`,
      grades: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      durationMinutes: 90,
      maxGroupSize: 60,
      standardPricePerPupil: 2000,
    });
    programOf[key] = programId;
  }
  await db.insert(memberships).values([
    { userId: userMap.operatorV1.id, role: 'venue_operator', venueId: venueMap.V1.id },
    { userId: userMap.operatorV3.id, role: 'venue_operator', venueId: venueMap.V3.id },
    { userId: userMap.auditorChifeng.id, role: 'auditor', regionCode: '150400' },
    { userId: userMap.auditorBaotou.id, role: 'auditor', regionCode: '150200' },
    { userId: userMap.auditorHongshan.id, role: 'auditor', regionCode: '150402' },
    { userId: userMap.auditorProvince.id, role: 'auditor', regionCode: '150000' },
  ]);

  const commitment = async (
    venue: keyof BureauDataset['venues'],
    audience: Audience,
    kind: CommitmentKind,
    terms: { percentOff?: number; fixedPrice?: number; validFrom?: string; validTo?: string | null },
    extra: { status?: 'active' | 'pending'; replacesId?: string; proposedBy?: string } = {},
  ) => {
    const commitmentId = id(5);
    await db.insert(accessCommitments).values({
      id: commitmentId,
      venueId: venueMap[venue].id,
      audience,
      kind,
      percentOff: terms.percentOff ?? null,
      fixedPrice: terms.fixedPrice ?? null,
      validFrom: terms.validFrom ?? '2025-01-01',
      validTo: terms.validTo ?? null,
      status: extra.status ?? 'active',
      replacesId: extra.replacesId ?? null,
      proposedBy: extra.proposedBy ?? null,
      createdAt: shanghaiTime(2027, 2, 1),
    });
    return commitmentId;
  };
  const V1primary = await commitment('V1', 'primary', 'free', {});
  await commitment('V1', 'junior', 'free', {});
  await commitment('V1', 'chaperone', 'free', {});
  const V2primary = await commitment('V2', 'primary', 'percent_off', {
    percentOff: 50,
    validTo: '2027-03-15',
  });
  const V3primary = await commitment('V3', 'primary', 'free', {});
  await commitment('V3', 'junior', 'free', {});
  const V5primary = await commitment('V5', 'primary', 'fixed_price', {
    fixedPrice: 500,
    validTo: '2027-02-28',
  });
  await commitment('V6', 'junior', 'free', { validTo: '2027-01-30' });
  const V6primary = await commitment('V6', 'primary', 'percent_off', {
    percentOff: 30,
    validTo: '2027-06-30',
  });
  await commitment('V7', 'primary', 'free', { validFrom: '2027-02-01' });
  const k1 = await commitment(
    'V5',
    'primary',
    'fixed_price',
    { fixedPrice: 400, validFrom: '2027-03-01' },
    { status: 'pending', replacesId: V5primary },
  );
  const k2 = await commitment(
    'V2',
    'junior',
    'free',
    {},
    { status: 'pending', proposedBy: userMap.operatorV1.id },
  );

  const bookingIds: Record<string, string> = {};
  const session = async (
    venue: keyof BureauDataset['venues'],
    startsAt: Date,
    options: { green?: number; cancelled?: boolean } = {},
  ) => {
    const sessionId = id(6);
    await db.insert(sessions).values({
      id: sessionId,
      programId: programOf[venue],
      venueId: venueMap[venue].id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity: 120,
      greenChannelSeats: options.green ?? 0,
      greenReleaseAt: options.green ? new Date(startsAt.getTime() - 3 * 86_400_000) : null,
      cancelledAt: options.cancelled ? new Date(startsAt.getTime() - 86_400_000) : null,
    });
    return sessionId;
  };
  const book = async (
    name: string,
    spec: {
      school: keyof BureauDataset['schools'];
      venue: keyof BureauDataset['venues'];
      sessionId?: string;
      startsAt?: Date;
      status: BookingStatus;
      pupils: number;
      attendedPupils?: number | null;
      chaperones: number;
      leftBehind?: number;
      disabled?: number;
      commitmentId: string | null;
      promised: number;
      charged?: number | null;
      promisedChaperone?: number;
      chargedChaperone?: number | null;
      flagged?: boolean;
      priority?: boolean;
    },
  ) => {
    const sessionId = spec.sessionId ?? (await session(spec.venue, spec.startsAt as Date));
    const attended = spec.status === 'attended';
    const bookingId = id(7);
    const seats = spec.pupils + spec.chaperones;
    // A booking that holds seats and its session's counters change together (the rule of migration 0003).
    await db.transaction(async (tx) => {
      if (['requested', 'school_approved', 'confirmed'].includes(spec.status)) {
        await tx
          .update(sessions)
          .set({
            seatsHeld: sql`${sessions.seatsHeld} + ${seats}`,
            seatsHeldGeneral: spec.priority
              ? sessions.seatsHeldGeneral
              : sql`${sessions.seatsHeldGeneral} + ${seats}`,
          })
          .where(eq(sessions.id, sessionId));
      }
      await tx.insert(bookings).values({
        id: bookingId,
        sessionId,
        venueId: venueMap[spec.venue].id,
        schoolId: schoolMap[spec.school].id,
        teacherId: userMap[`teacher${spec.school}` as keyof BureauDataset['users']].id,
        status: spec.status,
        grade: 4,
        pupils: spec.pupils,
        chaperones: spec.chaperones,
        seats: spec.pupils + spec.chaperones,
        pupilsWithDisabilities: spec.disabled ?? 0,
        leftBehindPupils: spec.leftBehind ?? 0,
        priority: spec.priority ?? false,
        contactName: '带队教师',
        contactPhone: '13800000000',
        commitmentId: spec.commitmentId,
        standardPricePerPupil: 2000,
        standardPricePerChaperone: 0,
        promisedPricePerPupil: spec.promised,
        promisedPricePerChaperone: spec.promisedChaperone ?? 0,
        attendedPupils: attended
          ? spec.attendedPupils === undefined
            ? spec.pupils
            : spec.attendedPupils
          : null,
        attendedChaperones: attended ? spec.chaperones : null,
        chargedPricePerPupil: attended ? (spec.charged ?? spec.promised) : null,
        chargedPricePerChaperone: attended ? (spec.chargedChaperone ?? spec.promisedChaperone ?? 0) : null,
        priceFlagged: spec.flagged ?? false,
      });
    });
    bookingIds[name] = bookingId;
    return bookingId;
  };

  const at = shanghaiTime;
  await book('b1', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2026, 10, 10, 9, 30),
    status: 'attended',
    pupils: 40,
    attendedPupils: 38,
    chaperones: 4,
    leftBehind: 2,
    disabled: 1,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b2', {
    school: 'A',
    venue: 'V2',
    startsAt: at(2026, 10, 20, 9, 30),
    status: 'attended',
    pupils: 30,
    chaperones: 3,
    leftBehind: 1,
    commitmentId: V2primary,
    promised: 1000,
    charged: 2000,
    flagged: true,
  });
  const green1 = await session('V1', at(2026, 11, 5, 9, 30), { green: 10 });
  await book('b3', {
    school: 'B',
    venue: 'V1',
    sessionId: green1,
    status: 'attended',
    pupils: 25,
    attendedPupils: null,
    chaperones: 3,
    leftBehind: 8,
    commitmentId: V1primary,
    promised: 0,
    priority: true,
  });
  await book('b4', {
    school: 'D',
    venue: 'V1',
    startsAt: at(2026, 11, 6, 9, 30),
    status: 'attended',
    pupils: 4,
    chaperones: 2,
    disabled: 4,
    commitmentId: V1primary,
    promised: 0,
    priority: true,
  });
  await book('b5', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2027, 1, 25, 9, 30),
    status: 'confirmed',
    pupils: 35,
    chaperones: 4,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b6', {
    school: 'B',
    venue: 'V2',
    startsAt: at(2026, 10, 1, 9, 30),
    status: 'cancelled',
    pupils: 20,
    chaperones: 2,
    commitmentId: V2primary,
    promised: 1000,
    priority: true,
  });
  await book('b7', {
    school: 'E',
    venue: 'V3',
    startsAt: at(2026, 10, 15, 9, 30),
    status: 'attended',
    pupils: 50,
    attendedPupils: 48,
    chaperones: 5,
    leftBehind: 3,
    disabled: 1,
    commitmentId: V3primary,
    promised: 0,
    charged: 500,
    flagged: true,
  });
  await book('b8', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2026, 4, 10, 9, 30),
    status: 'attended',
    pupils: 20,
    chaperones: 2,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b9', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2026, 9, 1, 0, 30),
    status: 'attended',
    pupils: 22,
    chaperones: 2,
    leftBehind: 1,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b10', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2026, 8, 31, 23, 30),
    status: 'attended',
    pupils: 18,
    chaperones: 2,
    commitmentId: V1primary,
    promised: 0,
  });
  const green4 = await session('V3', at(2027, 1, 31, 23, 0), { green: 6 });
  await book('b11', {
    school: 'G',
    venue: 'V3',
    sessionId: green4,
    status: 'attended',
    pupils: 30,
    chaperones: 3,
    leftBehind: 6,
    commitmentId: V3primary,
    promised: 0,
    priority: true,
  });
  await book('b12', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2027, 2, 1, 0, 30),
    status: 'attended',
    pupils: 26,
    chaperones: 2,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b13', {
    school: 'A',
    venue: 'V1',
    startsAt: at(2026, 12, 1, 9, 30),
    status: 'no_show',
    pupils: 30,
    chaperones: 3,
    commitmentId: V1primary,
    promised: 0,
  });
  await book('b14', {
    school: 'E',
    venue: 'V5',
    startsAt: at(2026, 11, 10, 9, 30),
    status: 'attended',
    pupils: 40,
    chaperones: 4,
    commitmentId: V5primary,
    promised: 500,
  });
  await book('b15', {
    school: 'A',
    venue: 'V6',
    startsAt: at(2026, 12, 5, 9, 30),
    status: 'attended',
    pupils: 30,
    attendedPupils: 28,
    chaperones: 3,
    leftBehind: 2,
    commitmentId: V6primary,
    promised: 1400,
  });
  await book('b16', {
    school: 'A',
    venue: 'V6',
    startsAt: at(2026, 10, 8, 9, 30),
    status: 'attended',
    pupils: 10,
    chaperones: 1,
    commitmentId: null,
    promised: 2000,
    charged: 2500,
    promisedChaperone: 0,
    chargedChaperone: 500,
    flagged: true,
  });
  const green2 = await session('V1', at(2026, 12, 10, 9, 30), { green: 8 });
  await book('b17', {
    school: 'D',
    venue: 'V1',
    sessionId: green2,
    status: 'confirmed',
    pupils: 5,
    chaperones: 1,
    commitmentId: V1primary,
    promised: 0,
    priority: true,
  });
  await book('b18', {
    school: 'A',
    venue: 'V1',
    sessionId: green2,
    status: 'confirmed',
    pupils: 20,
    chaperones: 2,
    commitmentId: V1primary,
    promised: 0,
  });
  await session('V1', at(2026, 12, 12, 9, 30), { green: 12, cancelled: true });
  await session('V1', at(2026, 5, 12, 9, 30), { green: 9 });

  // Speakers: S1 (红山, verified) gives talks; S2 (阿旗) waits for verification; S3 (包头) is overdue.
  const speakerRow = async (
    name: string,
    regionCode: string,
    status: 'published' | 'pending',
    verifiedAt: Date | null,
  ) => {
    const speakerId = id(8);
    await db.insert(speakers).values({
      id: speakerId,
      displayName: name,
      category: 'veteran_teacher',
      regionCode,
      status,
      verifiedAt,
      vettedUntil: '2027-12-31',
      monthlyCap: 6,
      createdAt: shanghaiTime(2027, 2, 2),
    });
    const topicId = id(9);
    await db
      .insert(speakerTopics)
      .values({ id: topicId, speakerId, title: `${name}的故事`, grades: [4, 5, 6], durationMinutes: 60 });
    return { speakerId, topicId };
  };
  const s1 = await speakerRow('乌云', '150402', 'published', shanghaiTime(2026, 8, 1));
  const s2 = await speakerRow('张老', '150421', 'pending', null);
  const s3 = await speakerRow('包头讲师', '150202', 'published', shanghaiTime(2025, 1, 5));
  await db
    .insert(memberships)
    .values({ userId: userMap.speakerS1.id, role: 'speaker', speakerId: s1.speakerId });
  const talk = async (
    speaker: { speakerId: string; topicId: string },
    school: keyof BureauDataset['schools'],
    startsAt: Date,
    status: 'completed' | 'scheduled',
    audience: number,
  ) => {
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    await db.insert(invitations).values({
      kind: 'speaker',
      speakerId: speaker.speakerId,
      topicId: speaker.topicId,
      schoolId: schoolMap[school].id,
      teacherId: userMap[`teacher${school}` as keyof BureauDataset['users']].id,
      status,
      audienceSize: audience,
      grades: [4, 5],
      place: '礼堂',
      scheduledStartsAt: startsAt,
      scheduledEndsAt: endsAt,
      expiresAt: new Date(startsAt.getTime() - 7 * 86_400_000),
      completedAt: status === 'completed' ? endsAt : null,
    });
  };
  await talk(s1, 'A', at(2026, 10, 12, 9, 0), 'completed', 200);
  await talk(s1, 'B', at(2026, 12, 3, 9, 0), 'completed', 80);
  await talk(s1, 'A', at(2027, 3, 5, 9, 0), 'scheduled', 120);
  await talk(s1, 'A', at(2026, 5, 10, 9, 0), 'completed', 90);
  await talk(s3, 'E', at(2026, 11, 11, 9, 0), 'completed', 150);

  const change = async (venue: keyof BureauDataset['venues'], changes: Record<string, unknown>) => {
    const changeId = id(10);
    await db.insert(venueChanges).values({
      id: changeId,
      venueId: venueMap[venue].id,
      proposedBy: venue === 'V1' ? userMap.operatorV1.id : userMap.operatorV3.id,
      changes,
      createdAt: shanghaiTime(2027, 2, 3),
    });
    return changeId;
  };
  const c1 = await change('V1', { name: '红山区博物馆', address: '红山区新华路1号', lat: 42.3, lng: 118.95 });
  const c2 = await change('V3', { type: 'museum' });
  const c3 = await change('V1', { name: '', openingHours: '全天' });
  const c4 = await change('V1', { regionCode: '150202' });

  const audit = (action: AuditAction, regionCode: string | null, actor: string | null) =>
    recordAudit(db, { actorUserId: actor, action, entityType: 'venue', entityId: null, regionCode });
  await audit('venue.update', '150402', userMap.operatorV1.id);
  await audit('venue.update', '150202', userMap.operatorV3.id);
  await audit('auth.sign_in', null, userMap.teacherA.id);

  return {
    users: userMap,
    schools: schoolMap,
    venues: venueMap,
    commitments: { V1primary, V2primary, V3primary, V5primary, V6primary },
    bookings: bookingIds,
    changes: { c1, c2, c3, c4 },
    pendingCommitments: { k1, k2 },
    speakers: { S1: s1.speakerId, S2: s2.speakerId, S3: s3.speakerId },
  };
}

/** Names that belong to 包头市 (150200) only: none may reach an auditor of 赤峰市. */
export const BAOTOU_ONLY_NAMES = [
  'E东河区实验小学',
  'F包头乡村小学',
  '东河纪念馆',
  '东河图书馆',
  '东河科技馆',
  '包头讲师',
  '东河区',
];
