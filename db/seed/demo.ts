import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { count, eq, inArray } from 'drizzle-orm';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { liveStatuses } from '#app/domain/bookings/machine.ts';
import { holdDeadline } from '#app/domain/bookings/rules.ts';
import { RegionPlacer } from '#app/domain/catalogue/placement.ts';
import { uniqueSlug } from '#app/domain/catalogue/slug.server.ts';
import { audienceForGrade, type CommitmentTerms, expectedPrice } from '#app/domain/commitments/pricing.ts';
import { formatWhen } from '#app/domain/speakers/invitations.server.ts';
import { DAY, daytimeDeadline, HOUR, shanghaiDay, shanghaiParts, shanghaiTime } from '#app/utils/time.ts';
import type { Database } from '../client.ts';
import type { Role, SchoolLevel, SpeakerCategory, VenueType } from '../schema/enums.ts';
import { speakerCategories, venueTypes } from '../schema/enums.ts';
import {
  accessCommitments,
  auditLog,
  bookings,
  invitationSlots,
  invitations,
  memberships,
  notifications,
  programs,
  type Region,
  regions,
  schools,
  sessions,
  speakers,
  speakerTopics,
  users,
  venues,
} from '../schema/index.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_DOMAIN,
  DEMO_PASSWORD,
  DEMO_PREFECTURE,
  DEMO_SCHOOL_NAME,
  DEMO_VENUE_NAME,
} from './demo-accounts.ts';
import { Random } from './random.ts';
import {
  FEEDBACK_WORDS,
  GENERATED_COUNTS,
  GIVEN_NAMES,
  MONGOLIAN_NAMES,
  MUSEUM_PROGRAMS,
  SCHOOL_PATTERNS,
  SPEAKER_TITLES,
  SPEAKER_TOPICS,
  SURNAMES,
  TOWNS,
  VENUE_TEMPLATES,
} from './vocabulary.ts';

const VENUES_CSV = fileURLToPath(new URL('./data/venues-real-nmg.csv', import.meta.url));
const DIRECTORY_SOURCE = '国家博物馆名录';
const PASTORAL_PREFECTURES = new Set(['150500', '150700', '152200', '152500', '152900']);
const ROADS = [
  '新华大街',
  '人民路',
  '团结路',
  '草原路',
  '文化路',
  '科技路',
  '迎宾路',
  '民族街',
  '健康街',
  '锡林大街',
];
const BATCH = 500;

export interface SeedOptions {
  /** Sessions are placed relative to this instant: the past 12 weeks and the next 10. */
  now: Date;
  onProgress?: (step: string) => void;
  /** Seed of the generator; the same seed and day give the same data. */
  seed?: number;
}

export interface SeedSummary {
  venues: number;
  museums: number;
  programs: number;
  sessions: number;
  openDays: number;
  commitments: number;
  schools: number;
  speakers: number;
  topics: number;
  bookings: number;
  invitations: number;
  users: number;
}

interface MuseumRow {
  序号: string;
  博物馆名称: string;
  性质: string;
  质量等级: string;
  是否免费开放: string;
  '藏品数（件/套）': string;
  '参观人数（万人次）': string;
  '教育活动（次）': string;
  定级: string;
  地址: string;
  联系方式: string;
  官网链接: string;
  directory_row: string;
  source: string;
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The 旗县 of a 盟市's seat: the one whose point lies nearest the 盟市's own (the seat's) point. */
function seatOf(prefecture: Region, counties: readonly Region[]): Region {
  const away = (c: Region) =>
    ((c.lat ?? 0) - (prefecture.lat ?? 0)) ** 2 + ((c.lng ?? 0) - (prefecture.lng ?? 0)) ** 2;
  return counties.reduce((best, c) => (away(c) < away(best) ? c : best));
}

function gradeRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const SCHOOL_GRADES: Record<SchoolLevel, [number, number]> = {
  kindergarten: [0, 0],
  primary: [1, 6],
  junior: [7, 9],
  senior: [10, 12],
  nine_year: [1, 9],
  twelve_year: [1, 12],
  special: [1, 9],
};

/**
 * Visitors of a year, given in 万人次 by the directory, as a reader takes them in: 233.5万人次 stays, 0.0531万人次 is
 * about 530人次 (a small museum's figure written in tens of thousands reads as nonsense).
 */
function visitorsText(tenThousands: number): string {
  if (tenThousands >= 1) return `${tenThousands}万人次`;
  return `${Math.max(10, Math.round(tenThousands * 1000) * 10)}人次`;
}

function museumType(name: string): VenueType {
  if (name.includes('纪念馆')) return 'memorial';
  if (name.includes('艺术博物馆') || name.includes('美术馆')) return 'art_gallery';
  return 'museum';
}

export async function isSeeded(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(venues);
  return (row?.n ?? 0) > 0;
}

/** Loads the demo into an empty database; returns false (and changes nothing) when venues exist already. */
export async function seedDemoIfEmpty(db: Database, options: SeedOptions): Promise<boolean> {
  if (await isSeeded(db)) return false;
  await seedDemo(db, options);
  return true;
}

/** Lines of the start-up banner: the demo logins, when the demo accounts exist. */
export async function describeDemoAccounts(db: Database): Promise<string[]> {
  const found = await db
    .select({ email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_ACCOUNTS.map((a) => a.email),
      ),
    );
  const present = new Set(found.map((f) => f.email));
  return DEMO_ACCOUNTS.filter((a) => present.has(a.email)).map(
    (a) => `  ${a.role.padEnd(15)} ${a.email.padEnd(28)} password: ${DEMO_PASSWORD}`,
  );
}

/** The whole demo in one transaction: all of it or nothing. */
export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const progress = options.onProgress ?? (() => {});
  const random = new Random(options.seed ?? 20261129);
  const uuid = () => uuidFrom(random);
  const now = options.now;
  const today = shanghaiDay(now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const allRegions = await tx.select().from(regions);
    if (allRegions.length === 0) throw new Error('regions are missing: run the migrations first');
    const regionByCode = new Map(allRegions.map((r) => [r.code, r]));
    const counties = allRegions.filter((r) => r.level === 'county' && r.lat != null);
    const prefectures = allRegions.filter((r) => r.level === 'prefecture');
    const prefectureOf = (code: string) => `${code.slice(0, 4)}00`;
    const placer = new RegionPlacer(allRegions);
    const slugs = new Set<string>();
    const names = new Set<string>();
    const summary: SeedSummary = {
      venues: 0,
      museums: 0,
      programs: 0,
      sessions: 0,
      openDays: 0,
      commitments: 0,
      schools: 0,
      speakers: 0,
      topics: 0,
      bookings: 0,
      invitations: 0,
      users: 0,
    };

    // ---- Venues: the real museum directory, then generated venues of every type.
    progress('venues: 157 museums from the national museum directory');
    type VenueRow = typeof venues.$inferInsert & { id: string };
    const venueRows: VenueRow[] = [];
    const freeVenue = new Map<string, boolean>();
    const museumRows = parse(readFileSync(VENUES_CSV), {
      columns: true,
      skip_empty_lines: true,
    }) as MuseumRow[];
    const details = new Map(
      museumRows
        .filter((r) => !r.source.includes(DIRECTORY_SOURCE))
        .map((r) => [r.directory_row, r] as const),
    );
    const verifiedWithin = (days: number) => new Date(now.getTime() - random.int(5, days) * DAY);
    for (const row of museumRows.filter((r) => r.source.includes(DIRECTORY_SOURCE))) {
      const extra = details.get(row.序号);
      const address = extra?.地址 && extra.地址 !== '未明确' ? extra.地址 : '';
      const place = placer.place(row.博物馆名称, address);
      const region = regionByCode.get(place.regionCode) as Region;
      const grade = row.质量等级 && row.质量等级 !== '未定级' ? `国家${row.质量等级}博物馆，` : '';
      const visitors = Number(row['参观人数（万人次）']);
      const id = uuid();
      venueRows.push({
        id,
        slug: uniqueSlug(row.博物馆名称, slugs),
        name: row.博物馆名称,
        type: museumType(row.博物馆名称),
        regionCode: place.regionCode,
        address,
        lat: place.lat,
        lng: place.lng,
        locationApproximate: true,
        description:
          `${row.博物馆名称}位于${region.name}，${grade}馆藏文物${row['藏品数（件/套）']}件（套），` +
          `年举办教育活动${row['教育活动（次）']}次${visitors > 0 ? `，接待观众约${visitorsText(visitors)}` : ''}。` +
          '欢迎学校组织学生参观学习，团体请提前预约。',
        themes: ['历史文化', ...random.sample(['民族团结', '草原文化', '红色教育', '非遗传承'], 2)],
        grades: gradeRange(1, 12),
        accessible: row.质量等级 === '一级' || row.质量等级 === '二级' || random.chance(0.5),
        accessibilityNotes: '',
        languages:
          PASTORAL_PREFECTURES.has(prefectureOf(place.regionCode)) && random.chance(0.5)
            ? ['zh', 'mn']
            : ['zh'],
        openingHours: '周二至周日 9:00–17:00（16:00 停止入馆），周一闭馆',
        phone: extra?.联系方式 && extra.联系方式 !== '未明确' ? extra.联系方式 : '',
        website: extra?.官网链接 && extra.官网链接 !== '未明确' ? extra.官网链接 : '',
        qualityGrade: row.质量等级 || null,
        ownership: row.性质 || null,
        source: `国家文物局《全国博物馆名录》2024年度 序号 ${row.序号}（经 sunyifei1220/museum-frontend）`,
        status: 'published',
        verifiedAt: verifiedWithin(random.chance(0.12) ? 500 : 300),
        autoConfirm: random.chance(0.3),
        emergencyContact: '',
      });
      freeVenue.set(id, row.是否免费开放 === '是');
      names.add(row.博物馆名称);
    }
    summary.museums = venueRows.length;

    progress('venues: generated venues of every type across the 12 盟市');
    const countiesByPrefecture = prefectures.map((p) => counties.filter((c) => c.parentCode === p.code));
    let cursor = 0;
    for (const [typeIndex, type] of venueTypes.entries()) {
      const template = VENUE_TEMPLATES[type];
      for (let made = 0; made < GENERATED_COUNTS[type]; cursor++) {
        // Walk the 盟市 in turn so every type appears across the region.
        const group = countiesByPrefecture[(cursor + typeIndex) % countiesByPrefecture.length] as Region[];
        const prefecture = regionByCode.get(prefectureOf((group[0] as Region).code)) as Region;
        const usePrefecture = random.chance(0.25);
        // A venue named after its 盟市 (呼和浩特市儿童活动中心) stands in the 盟市's seat, not in an outlying 旗县.
        const county = usePrefecture
          ? seatOf(prefecture, group)
          : (group[(cursor * 7 + typeIndex * 3) % group.length] as Region);
        const placeName = usePrefecture ? prefecture.name : county.name;
        const name = random.pick(template.names).replace('{place}', placeName);
        if (names.has(name)) continue;
        names.add(name);
        made++;
        const anchor = usePrefecture ? prefecture : county;
        const point = random.near(anchor.lat as number, anchor.lng as number, 12);
        const themes = [...template.themes.slice(0, 2), ...random.sample(template.themes.slice(2), 1)];
        const id = uuid();
        venueRows.push({
          id,
          slug: uniqueSlug(name, slugs),
          name,
          type,
          regionCode: county.code,
          address: `${prefecture.name}${county.name}${random.pick(ROADS)}${random.int(1, 199)}号`,
          lat: point.lat,
          lng: point.lng,
          locationApproximate: false,
          description: `${name}${template.sentence.replace('{region}', county.name)}。可接待学校团体，节假日另有公益开放活动。`,
          themes,
          grades: gradeRange(template.grades[0], template.grades[1]),
          accessible: random.chance(0.6),
          accessibilityNotes: random.chance(0.5) ? '设有无障碍坡道和无障碍卫生间，可借用轮椅。' : '',
          languages: PASTORAL_PREFECTURES.has(prefecture.code) && random.chance(0.5) ? ['zh', 'mn'] : ['zh'],
          openingHours: '周一至周五 8:30–17:30，团体参观请提前预约',
          phone: `0471-${random.int(3000000, 6999999)}`,
          // A bare number: the trip sheet prints it under its own label, in either language.
          emergencyContact: `0471-${random.int(3000000, 6999999)}`,
          source: 'demo',
          status: 'published',
          verifiedAt: random.chance(0.1) ? null : verifiedWithin(random.chance(0.15) ? 520 : 330),
          autoConfirm: random.chance(0.4),
        });
        freeVenue.set(id, template.price[1] === 0 || random.chance(0.55));
      }
    }
    await insertInBatches(venueRows, (batch) => tx.insert(venues).values(batch));
    summary.venues = venueRows.length;

    // ---- Access commitments (免费/优惠开放承诺).
    progress('commitments: free and discounted entry');
    const commitmentRows: (typeof accessCommitments.$inferInsert & CommitmentTerms)[] = [];
    const commitmentsByVenue = new Map<string, CommitmentTerms[]>();
    for (const venue of venueRows) {
      const free = freeVenue.get(venue.id) ?? false;
      const ending = random.chance(0.08)
        ? shanghaiDay(new Date(now.getTime() + random.int(10, 55) * DAY))
        : null;
      const audiencesForVenue = ['preschool', 'primary', 'junior', 'senior'] as const;
      const list: CommitmentTerms[] = [];
      const discountKind = random.chance(0.7) ? 'percent_off' : 'fixed_price';
      for (const audience of audiencesForVenue) {
        if (!free && venue.source === 'demo' && random.chance(0.15)) continue;
        list.push({
          id: uuid(),
          audience,
          kind: free ? 'free' : discountKind,
          percentOff: free || discountKind !== 'percent_off' ? null : random.pick([30, 50]),
          fixedPrice: free || discountKind !== 'fixed_price' ? null : random.pick([500, 1000]),
          validFrom: '2025-01-01',
          validTo: ending,
          status: 'active',
        });
      }
      list.push({
        id: uuid(),
        audience: 'chaperone',
        kind: 'free',
        percentOff: null,
        fixedPrice: null,
        validFrom: '2025-01-01',
        validTo: ending,
        status: 'active',
      });
      commitmentsByVenue.set(venue.id, list);
      for (const c of list) {
        commitmentRows.push({
          ...c,
          venueId: venue.id,
          conditions: free ? '学校团体凭介绍信预约，陪同教师免费' : '学校团体提前三天预约',
          sourceUrl: '',
          decidedAt: venue.verifiedAt ?? null,
        });
      }
    }
    await insertInBatches(commitmentRows, (batch) => tx.insert(accessCommitments).values(batch));
    summary.commitments = commitmentRows.length;

    // ---- Programs.
    progress('programs: on-site and outreach (进校园)');
    type ProgramRow = typeof programs.$inferInsert & {
      id: string;
      grades: number[];
      durationMinutes: number;
    };
    const programRows: ProgramRow[] = [];
    const programsByVenue = new Map<string, ProgramRow[]>();
    for (const venue of venueRows) {
      const template = VENUE_TEMPLATES[venue.type as VenueType];
      const titles = venue.type === 'museum' && venue.source !== 'demo' ? MUSEUM_PROGRAMS : template.programs;
      const list: ProgramRow[] = [];
      const price = () => Math.round(random.int(template.price[0], template.price[1]) / 5) * 5 * 100;
      for (const title of random.sample(titles, random.int(1, 3))) {
        const [lo, hi] = template.grades;
        const from = random.int(lo, Math.max(lo, hi - 4));
        list.push({
          id: uuid(),
          venueId: venue.id,
          title,
          summary: `${title}：${venue.name}为中小学生设计的${random.pick(['讲解', '体验', '探究', '实践'])}课程，含现场讲解与动手环节。`,
          grades: gradeRange(from, Math.min(hi, from + random.int(3, 8))),
          themes: venue.themes as string[],
          durationMinutes: random.pick([60, 90, 120]),
          minGroupSize: 10,
          maxGroupSize: random.pick([40, 50, 60]),
          standardPricePerPupil: venue.type === 'museum' && freeVenue.get(venue.id) ? 0 : price(),
          standardPricePerChaperone: 0,
          delivery: 'onsite',
          language: (venue.languages as string[]).includes('mn') && random.chance(0.3) ? 'mn' : 'zh',
        });
      }
      if (random.chance(0.2)) {
        const base = list[0] as ProgramRow;
        list.push({
          ...base,
          id: uuid(),
          title: `${base.title}（进校园）`,
          delivery: 'outreach',
          durationMinutes: 60,
        });
      }
      programsByVenue.set(venue.id, list);
      programRows.push(...list);
    }
    await insertInBatches(programRows, (batch) => tx.insert(programs).values(batch));
    summary.programs = programRows.length;

    // ---- Schools: urban and rural in every 旗县, senior and special-education schools per 盟市.
    progress('schools: urban and rural, with pupil and left-behind counts');
    type SchoolRow = typeof schools.$inferInsert & { id: string; level: SchoolLevel; pupils: number };
    const schoolRows: SchoolRow[] = [];
    const schoolNames = new Set<string>();
    const addSchool = (
      name: string,
      level: SchoolLevel,
      region: Region,
      rural: boolean,
      pupils: number,
      leftBehindShare: number,
      spreadKm: number,
    ) => {
      if (schoolNames.has(name)) return undefined;
      schoolNames.add(name);
      const point = random.near(region.lat as number, region.lng as number, spreadKm);
      const row: SchoolRow = {
        id: uuid(),
        code: String(2150000000 + schoolRows.length * 37 + random.int(0, 36)),
        name,
        level,
        regionCode: region.code,
        address: `${region.name}${rural ? random.pick(TOWNS) + (random.chance(0.5) ? '苏木' : '镇') : random.pick(ROADS)}`,
        lat: point.lat,
        lng: point.lng,
        pupils,
        leftBehindPupils: Math.round(pupils * leftBehindShare),
        rural,
        requiresApproval: random.chance(0.3),
      };
      schoolRows.push(row);
      return row;
    };
    const wuchuan = regionByCode.get('150125') as Region;
    const demoSchool = addSchool(DEMO_SCHOOL_NAME, 'nine_year', wuchuan, true, 320, 0.22, 25) as SchoolRow;
    demoSchool.requiresApproval = true;
    for (const [i, county] of counties.entries()) {
      const level: SchoolLevel = i % 3 === 2 ? 'junior' : 'primary';
      const pattern = random.pick(SCHOOL_PATTERNS[level]);
      addSchool(
        pattern.replace('{place}', county.name),
        level,
        county,
        false,
        random.int(600, 2400),
        random.int(1, 6) / 100,
        4,
      );
      if (i % 5 !== 4) {
        const ruralName = random
          .pick(SCHOOL_PATTERNS.rural)
          .replace('{place}', county.name)
          .replace('{town}', random.pick(TOWNS));
        addSchool(
          ruralName,
          random.chance(0.7) ? 'primary' : 'nine_year',
          county,
          true,
          random.int(60, 420),
          random.int(8, 35) / 100,
          45,
        );
      }
    }
    for (const prefecture of prefectures) {
      addSchool(
        `${prefecture.name}第一高级中学`,
        'senior',
        prefecture,
        false,
        random.int(1500, 3200),
        0.02,
        5,
      );
      addSchool(`${prefecture.name}特殊教育学校`, 'special', prefecture, false, random.int(60, 220), 0.05, 6);
      addSchool(
        `${prefecture.name}第一幼儿园`,
        'kindergarten',
        prefecture,
        false,
        random.int(200, 450),
        0.01,
        5,
      );
    }
    await insertInBatches(schoolRows, (batch) => tx.insert(schools).values(batch));
    summary.schools = schoolRows.length;
    const isPriority = (s: SchoolRow) =>
      Boolean(s.rural) ||
      s.level === 'special' ||
      (s.pupils > 0 && (s.leftBehindPupils ?? 0) * 10 >= s.pupils);

    // ---- Speakers and their topics.
    progress('speakers: 五老 and models with topics');
    type SpeakerRow = typeof speakers.$inferInsert & { id: string; monthlyCap: number; regionCode: string };
    const speakerRows: SpeakerRow[] = [];
    const topicRows: (typeof speakerTopics.$inferInsert & { id: string; durationMinutes: number })[] = [];
    for (let i = 0; i < 72; i++) {
      const category = speakerCategories[i % speakerCategories.length] as SpeakerCategory;
      const mongolian = random.chance(0.45);
      const displayName =
        i === 0
          ? '巴特尔'
          : mongolian
            ? random.pick(MONGOLIAN_NAMES)
            : random.pick(SURNAMES) + random.pick(GIVEN_NAMES);
      const home = i === 0 ? (regionByCode.get('150105') as Region) : random.pick(counties);
      const prefecture = prefectureOf(home.code);
      const vetted = i === 0 || random.chance(0.9);
      const id = uuid();
      const point = random.near(home.lat as number, home.lng as number, 5);
      speakerRows.push({
        id,
        displayName,
        category,
        title: random.pick(SPEAKER_TITLES[category]),
        bio: `${displayName}，${random.pick(SPEAKER_TITLES[category])}，长期在${regionByCode.get(prefecture)?.name ?? ''}各地学校义务宣讲，讲述亲历的故事，语言朴实生动，深受师生欢迎。`,
        regionCode: home.code,
        homeLat: point.lat,
        homeLng: point.lng,
        serviceRegionCodes: [prefecture],
        serviceRadiusKm: random.chance(0.3) ? random.pick([30, 50, 100]) : null,
        languages: mongolian && random.chance(0.6) ? ['zh', 'mn'] : ['zh'],
        weeklyAvailability: random
          .sample([1, 2, 3, 4, 5], random.int(2, 3))
          .sort()
          .map((weekday) => ({
            weekday,
            from: random.chance(0.5) ? '08:30' : '14:00',
            to: random.chance(0.5) ? '11:30' : '17:00',
          }))
          .map((w) => (w.from === '14:00' && w.to === '11:30' ? { ...w, to: '17:00' } : w)),
        blackoutDates: [],
        monthlyCap: random.int(2, 6),
        needs: random.chance(0.3) ? '年事已高，需学校派车接送' : '',
        phone: `139${String(10000000 + i * 7919).slice(0, 8)}`,
        email: `speaker${String(i + 1).padStart(3, '0')}@example.com`,
        status: 'published',
        verifiedAt: verifiedWithin(300),
        vettedUntil: vetted ? shanghaiDay(new Date(now.getTime() + random.int(120, 540) * DAY)) : null,
      });
      for (const title of random.sample(SPEAKER_TOPICS[category], random.int(1, 3))) {
        const from = random.pick([1, 4, 7]);
        topicRows.push({
          id: uuid(),
          speakerId: id,
          title,
          summary: `${displayName}结合亲身经历讲述“${title}”，可根据学生年龄调整内容，含互动问答。`,
          themes: random.sample(['红色教育', '民族团结', '劳动实践', '生态环保', '艺术审美', '历史文化'], 2),
          grades: gradeRange(from, Math.min(12, from + random.int(3, 8))),
          durationMinutes: random.pick([40, 45, 60, 90]),
          language: mongolian && random.chance(0.3) ? 'mn' : 'zh',
        });
      }
    }
    await insertInBatches(speakerRows, (batch) => tx.insert(speakers).values(batch));
    await insertInBatches(topicRows, (batch) => tx.insert(speakerTopics).values(batch));
    summary.speakers = speakerRows.length;
    summary.topics = topicRows.length;

    // ---- People: the demo accounts, and one teacher per school (no password: data only) for the bookings.
    progress('accounts: one demo account per role');
    const demoVenue = venueRows.find((v) => v.name === DEMO_VENUE_NAME) as VenueRow;
    const userRows: (typeof users.$inferInsert & { id: string })[] = [];
    const membershipRows: (typeof memberships.$inferInsert)[] = [];
    const demoUserIds = new Map<Role, string>();
    for (const account of DEMO_ACCOUNTS) {
      const id = uuid();
      demoUserIds.set(account.role, id);
      userRows.push({ id, email: account.email, name: account.name, mobile: account.mobile, passwordHash });
      const target =
        account.role === 'teacher' || account.role === 'school_admin'
          ? { schoolId: demoSchool.id }
          : account.role === 'venue_operator'
            ? { venueId: demoVenue.id }
            : account.role === 'speaker'
              ? { speakerId: (speakerRows[0] as SpeakerRow).id }
              : account.role === 'auditor'
                ? { regionCode: DEMO_PREFECTURE }
                : {};
      membershipRows.push({ userId: id, role: account.role, ...target });
    }
    const teacherOfSchool = new Map<string, string>([[demoSchool.id, demoUserIds.get('teacher') as string]]);
    for (const [i, school] of schoolRows.entries()) {
      if (teacherOfSchool.has(school.id)) continue;
      const id = uuid();
      teacherOfSchool.set(school.id, id);
      userRows.push({
        id,
        email: `teacher${String(i).padStart(3, '0')}@school.${DEMO_DOMAIN}`,
        // A person's name, as a teacher signs (赵老师): the school is named beside it wherever it is shown.
        name: `${SURNAMES[i % SURNAMES.length]}老师`,
      });
      membershipRows.push({ userId: id, role: 'teacher', schoolId: school.id });
    }
    await insertInBatches(userRows, (batch) => tx.insert(users).values(batch));
    const nameOfUser = new Map(userRows.map((u) => [u.id, u.name ?? '']));
    await insertInBatches(membershipRows, (batch) => tx.insert(memberships).values(batch));
    summary.users = userRows.length;

    // ---- Sessions over the past 12 weeks and the next 10, open days, and the bookings that fill them.
    progress('sessions: the past 12 weeks and the next 10, with open days');
    type SessionRow = typeof sessions.$inferInsert & {
      id: string;
      capacity: number;
      startsAt: Date;
      seatsHeld: number;
      seatsHeldGeneral: number;
      greenChannelSeats: number;
    };
    const sessionRows: SessionRow[] = [];
    const sessionProgram = new Map<string, ProgramRow>();
    const { year, month, day, weekday } = shanghaiParts(now);
    const mondayOffset = (weekday + 6) % 7;
    const at = (week: number, dow: number, hour: number, minute: number) =>
      shanghaiTime(year, month, day - mondayOffset + week * 7 + (dow - 1), hour, minute);
    for (const venue of venueRows) {
      const list = (programsByVenue.get(venue.id) ?? []).filter((p) => p.delivery === 'onsite');
      const template = VENUE_TEMPLATES[venue.type as VenueType];
      for (const [index, program] of list.entries()) {
        const dow = random.int(2, 5);
        const [hour, minute] = random.chance(0.5) ? [9, 30] : [14, 30];
        const capacity = Math.round(random.int(template.capacity[0], template.capacity[1]) / 10) * 10;
        const firstWeek = index === 0 ? -12 : 0;
        for (let week = firstWeek; week < 10; week++) {
          const startsAt = at(week, dow, hour, minute);
          if (week >= 0 && startsAt.getTime() < now.getTime() + 2 * HOUR) continue;
          const green = week >= 0 && random.chance(0.3) ? Math.max(5, Math.round(capacity * 0.15)) : 0;
          const row: SessionRow = {
            id: uuid(),
            programId: program.id,
            venueId: venue.id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + program.durationMinutes * 60_000),
            capacity,
            seatsHeld: 0,
            seatsHeldGeneral: 0,
            greenChannelSeats: green,
            greenReleaseAt: green ? new Date(startsAt.getTime() - 3 * DAY) : null,
          };
          sessionRows.push(row);
          sessionProgram.set(row.id, program);
        }
      }
      const first = list[0];
      if (first) {
        const startsAt = at(random.int(1, 9), 6, 9, 0);
        const row: SessionRow = {
          id: uuid(),
          programId: first.id,
          venueId: venue.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 7 * HOUR),
          capacity: Math.round(random.int(150, 400) / 10) * 10,
          seatsHeld: 0,
          seatsHeldGeneral: 0,
          greenChannelSeats: 0,
          openDay: true,
          title: `${venue.name}开放日`,
        };
        sessionRows.push(row);
        sessionProgram.set(row.id, first);
        summary.openDays++;
      }
    }

    progress('bookings: trips this term and upcoming requests');
    const venueById = new Map(venueRows.map((v) => [v.id, v]));
    const schoolsByPrefecture = new Map<string, SchoolRow[]>();
    for (const school of schoolRows) {
      const key = prefectureOf(school.regionCode);
      schoolsByPrefecture.set(key, [...(schoolsByPrefecture.get(key) ?? []), school]);
    }
    const bookingRows: (typeof bookings.$inferInsert)[] = [];
    // Ratings after about half the trips, from a generator of their own so that every other figure stays as it was.
    const feedbackRandom = new Random((options.seed ?? 20261129) + 1);
    const feedbackOf = (session: SessionRow) => {
      if (!feedbackRandom.chance(0.5)) return { feedbackRating: null, feedbackText: null, feedbackAt: null };
      const rating = feedbackRandom.pick([5, 5, 5, 4, 4, 4, 3, 2]);
      return {
        feedbackRating: rating,
        feedbackText: feedbackRandom.chance(0.6) ? feedbackRandom.pick(FEEDBACK_WORDS[rating] ?? ['']) : '',
        feedbackAt: new Date(Math.min(now.getTime(), session.endsAt.getTime() + DAY)),
      };
    };
    const fitsGrades = (school: SchoolRow, program: ProgramRow) => {
      const [lo, hi] = SCHOOL_GRADES[school.level];
      return program.grades.filter((g) => g >= lo && g <= hi);
    };
    const book = (
      session: SessionRow,
      school: SchoolRow,
      teacherId: string,
      status: (typeof bookings.$inferInsert)['status'],
      rng: Random = random,
    ) => {
      const program = sessionProgram.get(session.id) as ProgramRow;
      const grades = fitsGrades(school, program);
      if (grades.length === 0) return false;
      const grade = rng.pick(grades);
      const pupils = Math.min(rng.int(18, 45), Math.max(0, Math.floor(school.pupils / 4)));
      if (pupils < 5) return false;
      const chaperones = Math.ceil(pupils / (grade <= 6 ? 10 : 15)) + rng.int(0, 1);
      const seats = pupils + chaperones;
      const holds = status === 'requested' || status === 'school_approved' || status === 'confirmed';
      const priority = isPriority(school);
      if (holds) {
        const greenOpen = session.greenReleaseAt == null || (session.greenReleaseAt as Date) <= now;
        const limit = priority || greenOpen ? session.capacity : session.capacity - session.greenChannelSeats;
        const general = priority ? 0 : seats;
        if (session.seatsHeld + seats > session.capacity || session.seatsHeldGeneral + general > limit)
          return false;
        session.seatsHeld += seats;
        session.seatsHeldGeneral += general;
      }
      const commitments = commitmentsByVenue.get(session.venueId) ?? [];
      const sessionDay = shanghaiDay(session.startsAt);
      const pupilPrice = expectedPrice(
        commitments,
        audienceForGrade(grade),
        sessionDay,
        program.standardPricePerPupil ?? 0,
      );
      const chaperonePrice = expectedPrice(
        commitments,
        'chaperone',
        sessionDay,
        program.standardPricePerChaperone ?? 0,
      );
      const past = session.startsAt.getTime() < now.getTime();
      const overcharged = status === 'attended' && rng.chance(0.08);
      const charged = overcharged ? pupilPrice.price + rng.pick([1000, 1500, 2000]) : pupilPrice.price;
      const leftBehind = Math.min(
        pupils,
        Math.round((pupils * (school.leftBehindPupils ?? 0)) / Math.max(1, school.pupils)),
      );
      // Booked 7–30 days ahead, but never after "now": a session soon after the seed was booked at least two days
      // before it (so a confirmation or cancellation a day or two later is past too). No extra draw: the
      // random sequence, and so the rest of the demo, stays as it was.
      const daysAhead = rng.int(7, 30);
      const createdAt = new Date(
        Math.min(session.startsAt.getTime() - daysAhead * DAY, now.getTime() - 2 * DAY - daysAhead * HOUR),
      );
      bookingRows.push({
        id: uuidFrom(rng),
        sessionId: session.id,
        venueId: session.venueId,
        schoolId: school.id,
        teacherId,
        status,
        grade,
        pupils,
        chaperones,
        pupilsWithDisabilities: school.level === 'special' ? Math.min(pupils, rng.int(5, 12)) : rng.int(0, 2),
        leftBehindPupils: leftBehind,
        seats,
        priority,
        needsSchoolApproval: Boolean(school.requiresApproval),
        // The teacher who booked leads the group, as the booking form proposes: a person's name, not a role.
        contactName: nameOfUser.get(teacherId) ?? '',
        contactPhone: `138${String(rng.int(10000000, 99999999))}`,
        notes: '',
        // Answered 12 h before the session at the latest, as the domain sets it (one too close to answer is
        // confirmed below).
        holdUntil:
          status === 'requested' || status === 'school_approved'
            ? holdDeadline(now, rng.int(24, 70), session.startsAt)
            : null,
        commitmentId: pupilPrice.commitmentId,
        standardPricePerPupil: program.standardPricePerPupil ?? 0,
        standardPricePerChaperone: program.standardPricePerChaperone ?? 0,
        promisedPricePerPupil: pupilPrice.price,
        promisedPricePerChaperone: chaperonePrice.price,
        attendedPupils: status === 'attended' ? pupils - rng.int(0, 3) : status === 'no_show' ? 0 : null,
        attendedChaperones: status === 'attended' ? chaperones : status === 'no_show' ? 0 : null,
        chargedPricePerPupil: status === 'attended' ? charged : null,
        chargedPricePerChaperone: status === 'attended' ? chaperonePrice.price : null,
        priceFlagged: status === 'attended' && charged > pupilPrice.price,
        cancelledBy: status === 'cancelled' ? 'school' : null,
        reason: status === 'cancelled' ? rng.pick(['天气原因', '学校活动调整', '交通安排变化']) : null,
        approvedAt: school.requiresApproval && status !== 'requested' ? createdAt : null,
        confirmedAt:
          status === 'confirmed' || (past && status !== 'cancelled')
            ? new Date(createdAt.getTime() + DAY)
            : null,
        cancelledAt: status === 'cancelled' ? new Date(createdAt.getTime() + 2 * DAY) : null,
        attendanceRecordedAt:
          past && (status === 'attended' || status === 'no_show')
            ? new Date(Math.min(now.getTime(), session.endsAt.getTime()))
            : null,
        ...(past && status === 'attended' ? feedbackOf(session) : {}),
        createdAt,
        updatedAt: createdAt,
      });
      // A request made days ago for a session too close to answer now was answered long since: the venue confirmed
      // it (a fresh demo must not start by lapsing requests no teacher could have sent this late).
      const row = bookingRows[bookingRows.length - 1] as (typeof bookingRows)[number];
      if ((status === 'requested' || status === 'school_approved') && !row.holdUntil) {
        row.status = 'confirmed';
        row.approvedAt = school.requiresApproval ? createdAt : null;
        row.confirmedAt = new Date(createdAt.getTime() + DAY);
      }
      return true;
    };
    for (const session of sessionRows) {
      const venue = venueById.get(session.venueId) as VenueRow;
      const pool = schoolsByPrefecture.get(prefectureOf(venue.regionCode)) ?? [];
      if (pool.length === 0) continue;
      const past = session.startsAt.getTime() < now.getTime();
      const roll = random.next();
      if (past && roll < 0.35) {
        const school = random.pick(pool);
        const status = roll < 0.3 ? 'attended' : roll < 0.32 ? 'no_show' : 'cancelled';
        book(session, school, teacherOfSchool.get(school.id) as string, status);
      } else if (!past && roll < 0.12) {
        const school = random.pick(pool);
        const status = roll < 0.07 ? 'confirmed' : roll < 0.1 ? 'requested' : 'school_approved';
        book(
          session,
          school,
          teacherOfSchool.get(school.id) as string,
          school.requiresApproval || status !== 'school_approved' ? status : 'confirmed',
        );
      }
    }
    // The demo teacher's own trips: two this term, one confirmed ahead, one waiting for the venue.
    const demoTeacher = demoUserIds.get('teacher') as string;
    const hohhotSessions = sessionRows.filter(
      (s) =>
        prefectureOf((venueById.get(s.venueId) as VenueRow).regionCode) === DEMO_PREFECTURE && !s.openDay,
    );
    const pastHohhot = hohhotSessions.filter((s) => s.startsAt < now);
    const futureHohhot = hohhotSessions.filter((s) => s.startsAt > new Date(now.getTime() + 3 * DAY));
    let demoTrips = 0;
    for (const [list, status] of [
      [pastHohhot, 'attended'],
      [pastHohhot.slice(40), 'attended'],
      [futureHohhot, 'confirmed'],
      [futureHohhot.slice(60), 'school_approved'],
    ] as const) {
      for (const session of list) {
        if (book(session, demoSchool, demoTeacher, status)) {
          demoTrips++;
          break;
        }
      }
    }
    if (demoTrips < 4) throw new Error('the demo teacher could not be given its trips');
    // The demo operator's desk: the two latest visits to the demo venue took place, confirmed, and wait for the operator
    // to record attendance. Other schools' groups (the demo teacher's trips stay as they are), from a generator of their
    // own so that every other figure stays as it was.
    const visitRandom = new Random((options.seed ?? 20261129) + 2);
    const heldVisits = sessionRows
      .filter((s) => s.venueId === demoVenue.id && !s.openDay && s.startsAt < now)
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
    const visitingSchools = (schoolsByPrefecture.get(DEMO_PREFECTURE) ?? []).filter(
      (s) => s.id !== demoSchool.id,
    );
    // A school has one live group in a session (school_has_no_live_booking), unless it asks for another.
    const live = new Set<string>(liveStatuses);
    const hasLiveGroup = (session: SessionRow, school: SchoolRow) =>
      bookingRows.some(
        (b) => b.sessionId === session.id && b.schoolId === school.id && live.has(b.status ?? ''),
      );
    const visited = new Set<string>();
    for (const session of heldVisits) {
      if (visited.size === 2) break;
      const school = visitingSchools.find(
        (candidate) =>
          !visited.has(candidate.id) &&
          book(session, candidate, teacherOfSchool.get(candidate.id) as string, 'confirmed', visitRandom),
      );
      if (school) visited.add(school.id);
    }
    if (visited.size < 2) throw new Error('the demo operator could not be given visits to record');
    // And a group ahead, confirmed, whatever today's date makes of the draws above: the desk always has a session
    // with seats held (its groups, a capacity that cannot go below them).
    const aheadVisits = sessionRows
      .filter(
        (s) => s.venueId === demoVenue.id && !s.openDay && s.startsAt.getTime() > now.getTime() + 3 * DAY,
      )
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const aheadBooked = aheadVisits.some((session) =>
      visitingSchools.some(
        (candidate) =>
          !visited.has(candidate.id) &&
          !hasLiveGroup(session, candidate) &&
          book(session, candidate, teacherOfSchool.get(candidate.id) as string, 'confirmed', visitRandom),
      ),
    );
    if (!aheadBooked) throw new Error('the demo operator could not be given a group ahead');
    // The demo school admin's desk: at least two of the demo teacher's requests wait for the school's approval, topped
    // up from the same generator when the draws above left fewer (the demo school requires approval).
    let awaitingApproval = bookingRows.filter(
      (b) => b.schoolId === demoSchool.id && b.status === 'requested' && b.needsSchoolApproval,
    ).length;
    for (const session of futureHohhot) {
      if (awaitingApproval >= 2) break;
      if (
        !hasLiveGroup(session, demoSchool) &&
        book(session, demoSchool, demoTeacher, 'requested', visitRandom)
      )
        awaitingApproval++;
    }
    if (awaitingApproval < 2) throw new Error('the demo school admin could not be given requests to approve');
    await insertInBatches(sessionRows, (batch) => tx.insert(sessions).values(batch));
    await insertInBatches(bookingRows, (batch) => tx.insert(bookings).values(batch));
    summary.sessions = sessionRows.length;
    summary.bookings = bookingRows.length;

    // ---- Speaker engagements: talks given this term, one scheduled ahead and one pending for the demo speaker.
    progress('invitations: talks given this term and invitations waiting for an answer');
    const invitationRows: (typeof invitations.$inferInsert & { id: string })[] = [];
    const slotRows: (typeof invitationSlots.$inferInsert)[] = [];
    const topicsBySpeaker = new Map<string, typeof topicRows>();
    for (const topic of topicRows) {
      topicsBySpeaker.set(topic.speakerId, [...(topicsBySpeaker.get(topic.speakerId) ?? []), topic]);
    }
    // A talk starts when one of the speaker's weekly windows opens (the k-th of the week, in weekday order), as the
    // invitation rules ask of every proposed time: the demo speaker's page must not contradict their own hours.
    const windowStart = (speaker: SpeakerRow, week: number, k: number) => {
      const windows = [...(speaker.weeklyAvailability ?? [])].sort(
        (a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from),
      );
      const window = windows[k % windows.length];
      if (!window) throw new Error(`demo speaker ${speaker.displayName} has no weekly hours`);
      const [hour, minute] = window.from.split(':').map(Number) as [number, number];
      return at(week, window.weekday, hour, minute);
    };
    for (const [i, speaker] of speakerRows.entries()) {
      if (!speaker.vettedUntil) continue;
      const pool = schoolsByPrefecture.get(prefectureOf(speaker.regionCode)) ?? [];
      const talks = i === 0 ? 2 : random.int(0, 2);
      for (let n = 0; n < talks && pool.length > 0; n++) {
        const school = random.pick(pool);
        const topic = random.pick(topicsBySpeaker.get(speaker.id) ?? []);
        // One talk per speaker per fortnight: no overlap, well under any monthly cap.
        const startsAt = windowStart(speaker, -2 - n * 4 - (i % 2), n + i);
        const endsAt = new Date(startsAt.getTime() + topic.durationMinutes * 60_000);
        const id = uuid();
        invitationRows.push({
          id,
          kind: 'speaker',
          speakerId: speaker.id,
          topicId: topic.id,
          schoolId: school.id,
          teacherId: teacherOfSchool.get(school.id) as string,
          status: 'completed',
          audienceSize: random.int(40, 300),
          grades: topic.grades as number[],
          place: `${school.name}礼堂`,
          scheduledStartsAt: startsAt,
          scheduledEndsAt: endsAt,
          expiresAt: new Date(startsAt.getTime() - 7 * DAY),
          completedAt: endsAt,
          feedbackRating: random.int(4, 5),
          feedbackText: '学生听得很认真，讲得生动感人。',
          createdAt: new Date(startsAt.getTime() - 14 * DAY),
          updatedAt: endsAt,
        });
        slotRows.push({ invitationId: id, proposedBy: 'teacher', startsAt, endsAt, status: 'accepted' });
      }
    }
    const demoSpeaker = speakerRows[0] as SpeakerRow;
    const demoTopic = (topicsBySpeaker.get(demoSpeaker.id) ?? [])[0];
    if (demoTopic) {
      const scheduledStart = windowStart(demoSpeaker, 2, 0);
      const scheduledId = uuid();
      invitationRows.push({
        id: scheduledId,
        kind: 'speaker',
        speakerId: demoSpeaker.id,
        topicId: demoTopic.id,
        schoolId: demoSchool.id,
        teacherId: demoTeacher,
        status: 'scheduled',
        audienceSize: 120,
        grades: demoTopic.grades as number[],
        place: `${DEMO_SCHOOL_NAME}礼堂`,
        scheduledStartsAt: scheduledStart,
        scheduledEndsAt: new Date(scheduledStart.getTime() + demoTopic.durationMinutes * 60_000),
        expiresAt: new Date(now.getTime() - DAY),
        createdAt: new Date(now.getTime() - 3 * DAY),
        updatedAt: new Date(now.getTime() - 2 * DAY),
      });
      slotRows.push({
        invitationId: scheduledId,
        proposedBy: 'teacher',
        startsAt: scheduledStart,
        endsAt: new Date(scheduledStart.getTime() + demoTopic.durationMinutes * 60_000),
        status: 'accepted',
      });
      const pendingId = uuid();
      const other = (schoolsByPrefecture.get(DEMO_PREFECTURE) ?? []).find(
        (s) => s.id !== demoSchool.id,
      ) as SchoolRow;
      invitationRows.push({
        id: pendingId,
        kind: 'speaker',
        speakerId: demoSpeaker.id,
        topicId: demoTopic.id,
        schoolId: other.id,
        teacherId: teacherOfSchool.get(other.id) as string,
        status: 'pending',
        audienceSize: 80,
        grades: demoTopic.grades as number[],
        place: `${other.name}多功能厅`,
        notes: '希望结合学校的民族团结主题班会。',
        expiresAt: daytimeDeadline(new Date(now.getTime() + 5 * DAY), now),
        createdAt: new Date(now.getTime() - 2 * DAY),
        updatedAt: new Date(now.getTime() - 2 * DAY),
      });
      for (const [week, k] of [
        [3, 0],
        [3, 1],
        [4, 0],
      ] as const) {
        const startsAt = windowStart(demoSpeaker, week, k);
        slotRows.push({
          invitationId: pendingId,
          proposedBy: 'teacher',
          startsAt,
          endsAt: new Date(startsAt.getTime() + demoTopic.durationMinutes * 60_000),
        });
      }
    }
    // The operator's outreach desk (进校园) starts with a program of the demo venue and the demo school's request for it.
    const outreachProgramId = uuid();
    await tx.insert(programs).values({
      id: outreachProgramId,
      venueId: demoVenue.id,
      title: '流动博物馆进校园',
      summary: `${DEMO_VENUE_NAME}把复制文物、草原文化展板和讲解员带进学校，含文物触摸和互动问答。`,
      grades: gradeRange(3, 9),
      themes: ['历史文化', '民族团结'],
      durationMinutes: 90,
      minGroupSize: 20,
      maxGroupSize: 300,
      delivery: 'outreach',
    });
    summary.programs++;
    const outreachId = uuid();
    invitationRows.push({
      id: outreachId,
      kind: 'outreach',
      venueId: demoVenue.id,
      programId: outreachProgramId,
      schoolId: demoSchool.id,
      teacherId: demoTeacher,
      status: 'pending',
      audienceSize: 180,
      grades: [4, 5, 6],
      place: `${DEMO_SCHOOL_NAME}操场`,
      notes: '全校四到六年级参加，学校可提供投影和音响。',
      expiresAt: daytimeDeadline(new Date(now.getTime() + 6 * DAY), now),
      createdAt: new Date(now.getTime() - DAY),
      updatedAt: new Date(now.getTime() - DAY),
    });
    for (const [week, dow] of [
      [3, 3],
      [3, 5],
    ] as const) {
      const startsAt = at(week, dow, 9, 0);
      slotRows.push({
        invitationId: outreachId,
        proposedBy: 'teacher',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      });
    }
    await insertInBatches(invitationRows, (batch) => tx.insert(invitations).values(batch));
    await insertInBatches(slotRows, (batch) => tx.insert(invitationSlots).values(batch));
    summary.invitations = invitationRows.length;
    // Each waiting invitation comes with the notice its host got when it was sent (as the domain writes it, without
    // the e-mail), so the demo speaker's and operator's inboxes agree with their desks.
    const nameOfSchool = new Map(schoolRows.map((school) => [school.id, school.name]));
    const titleOf = new Map([
      ...topicRows.map((topic) => [topic.id, topic.title] as const),
      [outreachProgramId, '流动博物馆进校园'] as const,
    ]);
    const hostNameOf = new Map([
      ...speakerRows.map((speaker) => [speaker.id, speaker.displayName] as const),
      ...venueRows.map((venue) => [venue.id, venue.name] as const),
    ]);
    const receivedNotices: (typeof notifications.$inferInsert)[] = [];
    for (const invitation of invitationRows.filter((row) => row.status === 'pending')) {
      const speakerInvitation = invitation.kind === 'speaker';
      const hosts = membershipRows.filter((m) =>
        speakerInvitation
          ? m.role === 'speaker' && m.speakerId === invitation.speakerId
          : m.role === 'venue_operator' && m.venueId === invitation.venueId,
      );
      for (const { userId } of hosts) {
        receivedNotices.push({
          userId,
          kind: speakerInvitation ? 'invitation_received' : 'outreach_received',
          params: {
            title: titleOf.get((invitation.topicId ?? invitation.programId) as string) ?? '',
            host: hostNameOf.get((invitation.speakerId ?? invitation.venueId) as string) ?? '',
            school: nameOfSchool.get(invitation.schoolId) ?? '',
            teacher: nameOfUser.get(invitation.teacherId) ?? '',
            deadline: formatWhen(invitation.expiresAt),
          },
          link: speakerInvitation ? `/invitations/${invitation.id}` : `/console/outreach/${invitation.id}`,
          dedupeKey: `invitation:${invitation.id}:received:${userId}`,
          createdAt: invitation.createdAt,
        });
      }
    }
    await insertInBatches(receivedNotices, (batch) => tx.insert(notifications).values(batch));

    await tx.insert(auditLog).values({
      action: 'demo.seed',
      entityType: 'database',
      after: { ...summary, day: today },
    });
    // The venue operator's console starts with the demo venue verified and running.
    await tx.update(venues).set({ autoConfirm: false }).where(eq(venues.id, demoVenue.id));
    progress(
      `done: ${summary.venues} venues (${summary.museums} museums from the directory), ${summary.programs} programs, ` +
        `${summary.sessions} sessions (${summary.openDays} open days), ${summary.schools} schools, ` +
        `${summary.speakers} speakers, ${summary.bookings} bookings`,
    );
    return summary;
  });
}
