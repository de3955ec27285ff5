// A small world for speaker and outreach tests: two schools, their teachers, a speaker, a venue, and one of each
import ICAL from 'ical.js';
// other role. Every person is a real row with real memberships, so the domain's own permission checks run.
import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import type { Viewer } from '#app/domain/speakers/speakers.server.ts';
import type { Database } from '#db/client.ts';
import type { Role } from '#db/schema/enums.ts';
import { memberships, programs, schools, speakers, speakerTopics, users, venues } from '#db/schema/index.ts';

/** Monday 4 March 2030, 10:00 in Asia/Shanghai. */
export const T0 = new Date('2030-03-04T02:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The speaker's private details: no answer, page, notice, e-mail or file may carry them to others. */
export const SPEAKER_PHONE = '13912345678';
export const SPEAKER_EMAIL = 'batu.private@example.org';

export interface World {
  school: { id: string };
  otherSchool: { id: string };
  speaker: { id: string };
  topic: { id: string };
  otherSpeaker: { id: string };
  otherTopic: { id: string };
  venue: { id: string; slug: string };
  program: { id: string };
  people: Record<
    | 'teacher'
    | 'schoolAdmin'
    | 'otherTeacher'
    | 'speaker'
    | 'otherSpeaker'
    | 'operator'
    | 'otherOperator'
    | 'auditor'
    | 'admin',
    Viewer & { email: string }
  >;
}

let counter = 0;

async function person(
  db: Database,
  name: string,
  role: Role,
  target: Partial<Pick<RoleMembership, 'schoolId' | 'venueId' | 'regionCode' | 'speakerId'>>,
): Promise<Viewer & { email: string }> {
  counter++;
  const email = `${role.replace('_', '-')}-${counter}@test.example`;
  const [user] = await db.insert(users).values({ email, name }).returning();
  if (!user) throw new Error('no user');
  await db.insert(memberships).values({ userId: user.id, role, ...target });
  return { id: user.id, email, roles: await activeRoles(db, user.id) };
}

export async function makeWorld(
  db: Database,
  speakerOverrides: Partial<typeof speakers.$inferInsert> = {},
): Promise<World> {
  const [school, otherSchool] = await db
    .insert(schools)
    .values([
      // 武川县, about 45 km north of Hohhot.
      {
        name: '哈达中心学校',
        level: 'nine_year',
        regionCode: '150125',
        pupils: 320,
        lat: 41.09,
        lng: 111.45,
      },
      { name: '赛罕区实验小学', level: 'primary', regionCode: '150105', pupils: 900, lat: 40.8, lng: 111.7 },
    ])
    .returning();
  const [speaker, otherSpeaker] = await db
    .insert(speakers)
    .values([
      {
        displayName: '巴特尔',
        category: 'veteran_soldier',
        regionCode: '150105',
        homeLat: 40.81,
        homeLng: 111.71,
        serviceRegionCodes: ['150100'],
        monthlyCap: 4,
        phone: SPEAKER_PHONE,
        email: SPEAKER_EMAIL,
        status: 'published',
        vettedUntil: '2099-12-31',
        ...speakerOverrides,
      },
      {
        displayName: '其木格',
        category: 'veteran_teacher',
        regionCode: '150102',
        homeLat: 40.85,
        homeLng: 111.66,
        serviceRegionCodes: ['150100'],
        monthlyCap: 4,
        phone: '13800000001',
        email: 'qimuge@example.org',
        status: 'published',
        vettedUntil: '2099-12-31',
      },
    ])
    .returning();
  const [topic, otherTopic] = await db
    .insert(speakerTopics)
    .values([
      {
        speakerId: speaker!.id,
        title: '我的从军岁月',
        themes: ['红色教育'],
        grades: [4, 5, 6, 7, 8, 9],
        durationMinutes: 60,
      },
      {
        speakerId: otherSpeaker!.id,
        title: '草原上的老师',
        themes: ['红色教育', '民族团结'],
        grades: [1, 2, 3, 4, 5, 6],
        durationMinutes: 45,
      },
    ])
    .returning();
  const [venue, otherVenue] = await db
    .insert(venues)
    .values([
      {
        slug: `science-${counter}`,
        name: '呼和浩特科技馆',
        type: 'science_museum',
        regionCode: '150105',
        lat: 40.82,
        lng: 111.72,
        status: 'published',
        outreachPerDay: 1,
      },
      {
        slug: `museum-${counter}`,
        name: '草原博物馆',
        type: 'museum',
        regionCode: '150102',
        lat: 40.84,
        lng: 111.66,
        status: 'published',
      },
    ])
    .returning();
  const [program] = await db
    .insert(programs)
    .values({
      venueId: venue!.id,
      title: '流动科技馆进校园',
      grades: [3, 4, 5, 6, 7, 8, 9],
      themes: ['科学探究'],
      durationMinutes: 90,
      maxGroupSize: 200,
      delivery: 'outreach',
    })
    .returning();
  const people = {
    teacher: await person(db, '王老师', 'teacher', { schoolId: school!.id }),
    schoolAdmin: await person(db, '李校长', 'school_admin', { schoolId: school!.id }),
    otherTeacher: await person(db, '赵老师', 'teacher', { schoolId: otherSchool!.id }),
    speaker: await person(db, '巴特尔', 'speaker', { speakerId: speaker!.id }),
    otherSpeaker: await person(db, '其木格', 'speaker', { speakerId: otherSpeaker!.id }),
    operator: await person(db, '张馆员', 'venue_operator', { venueId: venue!.id }),
    otherOperator: await person(db, '刘馆员', 'venue_operator', { venueId: otherVenue!.id }),
    auditor: await person(db, '赵科长', 'auditor', { regionCode: '150100' }),
    admin: await person(db, '管理员', 'admin', {}),
  };
  return {
    school: school!,
    otherSchool: otherSchool!,
    speaker: speaker!,
    topic: topic!,
    otherSpeaker: otherSpeaker!,
    otherTopic: otherTopic!,
    venue: venue!,
    program: program!,
    people,
  };
}

/** A slot `days` after T0 at the given Shanghai hour, lasting `minutes`. */
export function slotAt(days: number, hour = 10, minutes = 60) {
  const startsAt = new Date(T0.getTime() + days * DAY_MS + (hour - 10) * HOUR_MS);
  return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
}

/** Reads an iCalendar text back with a real parser: each event's uid, summary, status and instants. */
export function readCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zoneComponent = calendar.getFirstSubcomponent('vtimezone');
  const zone = zoneComponent ? new ICAL.Timezone(zoneComponent) : undefined;
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    if (zone) {
      event.startDate.zone = zone;
      event.endDate.zone = zone;
    }
    return {
      uid: event.uid,
      summary: event.summary,
      status: String(component.getFirstPropertyValue('status')),
      startsAt: event.startDate.toJSDate(),
      endsAt: event.endDate.toJSDate(),
    };
  });
}
