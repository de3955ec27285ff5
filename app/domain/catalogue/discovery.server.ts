// Finding venues and speakers: the index answers with ids, the records come from PostgreSQL. Public: nothing here
// reads a speaker's phone or e-mail (publicSpeakerColumns) or a child's data.
import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  greenSeatsHeldBack,
  requestWindow,
  type SessionSeats,
  seatsOpenTo,
  smallestGroupSeats,
  windowState,
} from '#app/domain/bookings/rules.ts';
import { isVerificationOverdue } from '#app/domain/bureau/overdue.ts';
import {
  type AccessKind,
  accessKind,
  type CommitmentTerms,
  inForce,
} from '#app/domain/commitments/pricing.ts';
import { publicSpeakerColumns } from '#app/domain/speakers/speakers.server.ts';
import { formatYuan, type TFunction } from '#app/i18n/index.ts';
import { parseShanghaiDay, shanghaiDay } from '#app/utils/time.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import type { Audience } from '#db/schema/enums.ts';
import {
  accessCommitments,
  programs,
  regions,
  sessions,
  speakers,
  speakerTopics,
  venues,
} from '#db/schema/index.ts';
import { searchFor } from '#search/service.server.ts';
import { respelling, soundsLike } from '#search/text.ts';
import type { Facets, SearchRequest } from '#search/types.ts';
import type { SpeakerQuery, VenueQuery } from './discovery-schemas.ts';
import { isLocationUnknown } from './placement.ts';
import { getJieba } from './slug.server.ts';

export interface Point {
  lat: number;
  lng: number;
}

const PUPILS: Audience[] = ['preschool', 'primary', 'junior', 'senior'];

/**
 * Commitments in force today in plain words, grouped by price with the price first, e.g.
 * 免费：学龄前儿童、陪同教师；¥10：初中生 — a price after a list of groups read as belonging to the last one only.
 */
export function accessSummary(t: TFunction, commitments: CommitmentTerms[], day: string): string {
  const groups = new Map<string, { terms: CommitmentTerms; audiences: Audience[] }>();
  for (const c of commitments.filter((c) => inForce(c, day))) {
    // A fixed price of nothing is free, and said so with the other free groups.
    const free = c.kind === 'free' || (c.kind === 'fixed_price' && (c.fixedPrice ?? 0) === 0);
    const key = free ? 'free' : `${c.kind}:${c.percentOff ?? ''}:${c.fixedPrice ?? ''}`;
    const group = groups.get(key) ?? { terms: free ? { ...c, kind: 'free' } : c, audiences: [] };
    if (!group.audiences.includes(c.audience)) group.audiences.push(c.audience);
    groups.set(key, group);
  }
  const order = (a: Audience) => [...PUPILS, 'chaperone'].indexOf(a);
  const rank = (g: { terms: CommitmentTerms; audiences: Audience[] }) =>
    (g.terms.kind === 'free' ? -10 : 0) + Math.min(...g.audiences.map(order));
  const phrases = [...groups.values()]
    .sort((a, b) => rank(a) - rank(b))
    .map(({ terms, audiences }) => {
      const who = audienceWords(t, audiences);
      if (terms.kind === 'free') return t('commitment.group.free', { audience: who });
      if (terms.kind === 'percent_off')
        return t('commitment.group.percent_off', {
          audience: who,
          discount: (100 - (terms.percentOff ?? 0)) / 10,
          percent: terms.percentOff ?? 0,
        });
      return t('commitment.group.fixed_price', { audience: who, price: formatYuan(terms.fixedPrice ?? 0) });
    });
  return phrases.length ? phrases.join(t('commitment.group.separator')) : t('search.access.none');
}

function audienceWords(t: TFunction, audiences: Audience[]): string {
  const set = new Set(audiences);
  const words: string[] = [];
  const allSchool = set.has('primary') && set.has('junior') && set.has('senior');
  for (const a of [...PUPILS, 'chaperone'] as const) {
    if (!set.has(a)) continue;
    if (allSchool && (a === 'primary' || a === 'junior' || a === 'senior')) {
      if (a === 'primary') words.push(t('search.audience.pupils'));
    } else words.push(t(`audience.${a}`));
  }
  return words.join(t('search.andSeparator'));
}

/**
 * What the commitments in force say beyond their price: each different set of conditions and end date once, with the
 * groups it concerns — unless one set is all there is, when it concerns every group the summary names. Commitments
 * with neither conditions nor an end date have nothing to add.
 */
export function commitmentNotes(
  t: TFunction,
  commitments: (CommitmentTerms & { conditions: string | null })[],
  day: string,
): { key: string; audiences: string | null; conditions: string; validTo: string | null }[] {
  const inForceNow = commitments.filter((c) => inForce(c, day));
  const groups = new Map<string, { conditions: string; validTo: string | null; audiences: Audience[] }>();
  for (const c of inForceNow) {
    const conditions = c.conditions?.trim() ?? '';
    const key = `${c.validTo ?? ''}|${conditions}`;
    const group = groups.get(key) ?? { conditions, validTo: c.validTo, audiences: [] };
    if (!group.audiences.includes(c.audience)) group.audiences.push(c.audience);
    groups.set(key, group);
  }
  const alone = groups.size === 1;
  const first = (g: { audiences: Audience[] }) =>
    Math.min(...g.audiences.map((a) => [...PUPILS, 'chaperone'].indexOf(a)));
  return [...groups.entries()]
    .filter(([, g]) => g.conditions || g.validTo)
    .sort(([, a], [, b]) => first(a) - first(b))
    .map(([key, g]) => ({
      key,
      audiences: alone ? null : audienceWords(t, g.audiences),
      conditions: g.conditions,
      validTo: g.validTo,
    }));
}

/**
 * The free seats of a session as a school may take them, by the rule createBooking applies (seatsOpenTo): every one
 * for a priority school; for any other school, or someone not signed in, not the green-channel seats still held back
 * before their release — those are `greenHeld`, open to every school from `releaseAt`.
 */
export function seatsFor(
  session: SessionSeats,
  priority: boolean,
  now: Date,
): { seatsOpen: number; greenHeld: { seats: number; releaseAt: string } | null } {
  const seatsOpen = seatsOpenTo(session, priority, now);
  const held = priority ? 0 : greenSeatsHeldBack(session, now);
  return {
    seatsOpen,
    greenHeld:
      held > 0 && session.greenReleaseAt
        ? { seats: held, releaseAt: session.greenReleaseAt.toISOString() }
        : null,
  };
}

/** Where a venue has room on the days searched: its first such session, the seats open in it, and how many such. */
export interface RoomFound {
  firstStartsAt: string;
  seatsOpen: number;
  sessions: number;
}

/**
 * Venues with a session starting on the days from–to (Shanghai) that has at least `seats` seats open to the searcher:
 * a teacher of a priority school, or anyone else (seatsOpenTo), as the booking form will take them. For each, the
 * first such session and how many there are, so a result can say when it has room and not only that it has.
 */
export async function venuesWithRoom(
  db: Database,
  options: { from: string; to: string; seats: number; now: Date; priority?: boolean },
): Promise<Map<string, RoomFound>> {
  const start = parseShanghaiDay(options.from);
  const end = new Date(parseShanghaiDay(options.to).getTime() + 86_400_000);
  const rows = await db
    .select({
      venueId: sessions.venueId,
      startsAt: sessions.startsAt,
      capacity: sessions.capacity,
      seatsHeld: sessions.seatsHeld,
      seatsHeldGeneral: sessions.seatsHeldGeneral,
      greenChannelSeats: sessions.greenChannelSeats,
      greenReleaseAt: sessions.greenReleaseAt,
    })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .where(
      and(
        gte(sessions.startsAt, new Date(Math.max(start.getTime(), options.now.getTime()))),
        lt(sessions.startsAt, end),
        isNull(sessions.cancelledAt),
        eq(programs.active, true),
        eq(programs.delivery, 'onsite'),
        // Seats left at all: what a priority school may take; the others' share is judged below by the same rule.
        sql`${sessions.capacity} - ${sessions.seatsHeld} >= ${options.seats}`,
      ),
    )
    .orderBy(sessions.startsAt, sessions.id);
  const found = new Map<string, RoomFound>();
  for (const row of rows) {
    const seatsOpen = seatsOpenTo(row, options.priority ?? false, options.now);
    if (seatsOpen < options.seats) continue;
    const seen = found.get(row.venueId);
    if (seen) seen.sessions += 1;
    else found.set(row.venueId, { firstStartsAt: row.startsAt.toISOString(), seatsOpen, sessions: 1 });
  }
  return found;
}

export interface VenueItem {
  id: string;
  slug: string;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
  /** Null when the venue's place is unknown (it sits at the autonomous region; ADR 018). */
  location: Point | null;
  locationApproximate: boolean;
  access: { kind: AccessKind; summary: string };
  accessible: boolean;
  languages: string[];
  themes: string[];
  verifiedAt: string | null;
  verificationOverdue: boolean;
  distanceKm?: number;
  /** Set when searched for free seats on some days: the first session with room then, and how many have room. */
  room?: RoomFound;
}

export interface VenueSearchResult {
  items: VenueItem[];
  total: number;
  facets: Facets;
  tookMs: number;
  /** False when answered without the index (results may be incomplete). */
  complete: boolean;
  /**
   * Set when the query's characters found nothing and these results are what its pinyin finds (a homophone typo,
   * 博物官 for 博物馆): the query as typed, and the query written as the first result's name writes it, if it differs.
   */
  soundsLike?: { typed: string; suggestion: string | null };
  page: number;
  pageSize: number;
  origin: Point | null;
}

function roundKm(km: number): number {
  return Math.round(km * 100) / 100;
}

/** Venue cards for these ids, in this order. */
export async function venueItems(
  db: Database,
  t: TFunction,
  ids: string[],
  now: Date,
  distances: Map<string, number | undefined> = new Map(),
): Promise<VenueItem[]> {
  if (ids.length === 0) return [];
  const day = shanghaiDay(now);
  const [rows, commitments] = await Promise.all([
    db
      .select({
        id: venues.id,
        slug: venues.slug,
        name: venues.name,
        type: venues.type,
        regionCode: venues.regionCode,
        regionName: regions.name,
        lat: venues.lat,
        lng: venues.lng,
        locationApproximate: venues.locationApproximate,
        accessible: venues.accessible,
        languages: venues.languages,
        themes: venues.themes,
        verifiedAt: venues.verifiedAt,
      })
      .from(venues)
      .innerJoin(regions, eq(regions.code, venues.regionCode))
      .where(and(inArray(venues.id, ids), eq(venues.status, 'published'))),
    db
      .select()
      .from(accessCommitments)
      .where(and(inArray(accessCommitments.venueId, ids), eq(accessCommitments.status, 'active'))),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const own = commitments.filter((c) => c.venueId === id);
    const distance = distances.get(id);
    return [
      {
        id: row.id,
        slug: row.slug,
        name: row.name,
        type: row.type,
        regionCode: row.regionCode,
        regionName: row.regionName,
        location: isLocationUnknown(row) ? null : { lat: row.lat, lng: row.lng },
        locationApproximate: row.locationApproximate,
        access: { kind: accessKind(own, day), summary: accessSummary(t, own, day) },
        accessible: row.accessible,
        languages: row.languages,
        themes: row.themes,
        verifiedAt: row.verifiedAt?.toISOString() ?? null,
        verificationOverdue: isVerificationOverdue(row.verifiedAt, now),
        ...(distance === undefined ? {} : { distanceKm: roundKm(distance) }),
      },
    ];
  });
}

/** Whether the words of a search find nothing with every filter and the radius left out. */
async function wordsFindNothing(db: Database, request: SearchRequest): Promise<boolean> {
  const filtered =
    Object.values(request.filters).some((value) => value !== undefined) || request.radiusKm !== undefined;
  if (!filtered) return true;
  const words = await searchFor(db).search({
    ...request,
    filters: {},
    near: undefined,
    radiusKm: undefined,
    sort: 'relevance',
    offset: 0,
    limit: 1,
    facets: false,
  });
  return words.total === 0;
}

/**
 * The search, and when its characters find nothing, what they sound like: a homophone typo (官 for 馆, 故是 for 故事).
 * Only when the words themselves find nothing: a word spelt right (博物馆) whose filters (region, type, free, a day…)
 * leave nothing is not read aloud, which would say 读音相同 and might bring other results. Asked of the same engine, so
 * the index, Meilisearch and the PostgreSQL fallback agree. `heard` is set when the results are the sound's.
 */
async function searchOrHear(db: Database, request: SearchRequest) {
  const result = await searchFor(db).search(request);
  const spoken =
    result.total === 0 && request.q ? soundsLike(request.q, (text) => getJieba().cut(text, false)) : null;
  if (spoken && (await wordsFindNothing(db, request))) {
    const byPinyin = await searchFor(db).search({ ...request, q: spoken.query });
    if (byPinyin.total > 0) return { result: byPinyin, heard: spoken };
  }
  return { result, heard: null };
}

/**
 * The search behind /search and GET /api/v1/venues. `origin` is the default `near` (the teacher's school); `priority`
 * says the searcher's school is a priority school, whose free seats include the green-channel ones.
 */
export async function searchVenues(
  db: Database,
  t: TFunction,
  query: VenueQuery,
  options: { now: Date; origin?: Point | null; priority?: boolean },
): Promise<VenueSearchResult> {
  const started = performance.now();
  const origin = query.near ?? options.origin ?? null;
  let room: Map<string, RoomFound> | undefined;
  if (query.availableFrom) {
    room = await venuesWithRoom(db, {
      from: query.availableFrom,
      to: query.availableTo ?? query.availableFrom,
      seats: query.seats ?? 1,
      now: options.now,
      priority: options.priority,
    });
  }
  const request: SearchRequest = {
    kind: 'venue',
    q: query.q,
    filters: {
      type: query.type,
      region: query.region,
      theme: query.theme,
      grade: query.grade,
      access: query.access,
      accessible: query.accessible,
      language: query.language,
      verified: query.verified,
      ids: room ? new Set(room.keys()) : undefined,
    },
    near: origin ?? undefined,
    radiusKm: origin ? query.radiusKm : undefined,
    sort: query.sort ?? (query.q ? 'relevance' : origin ? 'distance' : 'name'),
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    facets: true,
    day: shanghaiDay(options.now),
    now: options.now,
  };
  const { result, heard } = await searchOrHear(db, request);
  const items = (
    await venueItems(
      db,
      t,
      result.hits.map((h) => h.id),
      options.now,
      new Map(result.hits.map((h) => [h.id, h.distanceKm])),
    )
  ).map((item) => {
    const found = room?.get(item.id);
    return found ? { ...item, room: found } : item;
  });
  const firstName = items[0]?.name;
  return {
    items,
    total: result.total,
    facets: result.facets as Facets,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
    complete: result.complete,
    ...(heard && query.q
      ? { soundsLike: { typed: query.q, suggestion: firstName ? respelling(heard.words, firstName) : null } }
      : {}),
    page: query.page,
    pageSize: query.pageSize,
    origin,
  };
}

/**
 * A published venue by id or slug, with what its public page shows. Its sessions are those of the next 60 days, or
 * of the 60 days from `sessionsFrom` (a Shanghai day, as a search for free seats on that day found them). Each has
 * `seatsLeft`, every seat not held, and `seatsOpen`, those the viewer's school may book (seatsFor; `priority`: the
 * viewer's school is a priority school), with the green-channel seats held back from it until their release.
 */
export async function venueProfile(
  db: Database,
  t: TFunction,
  idOrSlug: string,
  now: Date,
  options: { sessionsFrom?: string; priority?: boolean } = {},
) {
  const byId = isUuid(idOrSlug);
  const [venue] = await db
    .select({
      id: venues.id,
      slug: venues.slug,
      name: venues.name,
      type: venues.type,
      regionCode: venues.regionCode,
      address: venues.address,
      lat: venues.lat,
      lng: venues.lng,
      locationApproximate: venues.locationApproximate,
      description: venues.description,
      themes: venues.themes,
      grades: venues.grades,
      accessible: venues.accessible,
      accessibilityNotes: venues.accessibilityNotes,
      languages: venues.languages,
      openingHours: venues.openingHours,
      phone: venues.phone,
      website: venues.website,
      qualityGrade: venues.qualityGrade,
      source: venues.source,
      verifiedAt: venues.verifiedAt,
      status: venues.status,
      bookingOpensDays: venues.bookingOpensDays,
      bookingClosesDays: venues.bookingClosesDays,
      autoConfirm: venues.autoConfirm,
      chaperoneRatioPrimary: venues.chaperoneRatioPrimary,
      chaperoneRatioSecondary: venues.chaperoneRatioSecondary,
    })
    .from(venues)
    .where(byId ? eq(venues.id, idOrSlug) : eq(venues.slug, idOrSlug));
  if (venue?.status !== 'published') return null;
  const day = shanghaiDay(now);
  const sessionsStart = options.sessionsFrom
    ? new Date(Math.max(now.getTime(), parseShanghaiDay(options.sessionsFrom).getTime()))
    : now;
  const [region, prefecture, programRows, commitmentRows, sessionRows] = await Promise.all([
    db.select().from(regions).where(eq(regions.code, venue.regionCode)),
    db
      .select()
      .from(regions)
      .where(eq(regions.code, `${venue.regionCode.slice(0, 4)}00`)),
    db
      .select({
        id: programs.id,
        title: programs.title,
        summary: programs.summary,
        grades: programs.grades,
        themes: programs.themes,
        durationMinutes: programs.durationMinutes,
        minGroupSize: programs.minGroupSize,
        maxGroupSize: programs.maxGroupSize,
        standardPricePerPupil: programs.standardPricePerPupil,
        delivery: programs.delivery,
        language: programs.language,
      })
      .from(programs)
      .where(and(eq(programs.venueId, venue.id), eq(programs.active, true)))
      .orderBy(asc(programs.title), asc(programs.id)),
    db
      .select()
      .from(accessCommitments)
      .where(and(eq(accessCommitments.venueId, venue.id), eq(accessCommitments.status, 'active')))
      .orderBy(asc(accessCommitments.validFrom), asc(accessCommitments.id)),
    db
      .select({
        id: sessions.id,
        programId: sessions.programId,
        programTitle: programs.title,
        programGrades: programs.grades,
        minGroupSize: programs.minGroupSize,
        title: sessions.title,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
        capacity: sessions.capacity,
        seatsHeld: sessions.seatsHeld,
        seatsHeldGeneral: sessions.seatsHeldGeneral,
        greenChannelSeats: sessions.greenChannelSeats,
        greenReleaseAt: sessions.greenReleaseAt,
        openDay: sessions.openDay,
      })
      .from(sessions)
      .innerJoin(programs, eq(programs.id, sessions.programId))
      .where(
        and(
          eq(sessions.venueId, venue.id),
          isNull(sessions.cancelledAt),
          // A program switched off takes no bookings: its sessions are not offered (createBooking: program_inactive).
          eq(programs.active, true),
          gte(sessions.startsAt, sessionsStart),
          lt(sessions.startsAt, new Date(sessionsStart.getTime() + 60 * 86_400_000)),
        ),
      )
      .orderBy(asc(sessions.startsAt), asc(sessions.id))
      .limit(120),
  ]);
  const inForceNow = commitmentRows.filter((c) => inForce(c, day));
  /**
   * A session as the page shows it, with whether a request can be made now as createBooking will judge it (a venue
   * that answers requests closes ANSWER_LEAD_HOURS before the start): the page offers no booking link outside it.
   */
  const shown = (row: (typeof sessionRows)[number]) => {
    const {
      seatsHeldGeneral: _general,
      greenChannelSeats: _green,
      greenReleaseAt: _release,
      programGrades,
      minGroupSize,
      ...s
    } = row;
    const window = requestWindow(s.startsAt, venue, !venue.autoConfirm);
    return {
      ...s,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      seatsLeft: s.capacity - s.seatsHeld,
      ...seatsFor(row, options.priority ?? false, now),
      /** The seats the smallest request takes: with fewer open, the page offers the waitlist, not a booking. */
      smallestGroup: smallestGroupSeats({ grades: programGrades, minGroupSize }, venue),
      booking: windowState(window, now),
      bookingOpensAt: window.opensAt.toISOString(),
    };
  };
  return {
    venue: {
      ...venue,
      verifiedAt: venue.verifiedAt?.toISOString() ?? null,
      verificationOverdue: isVerificationOverdue(venue.verifiedAt, now),
      locationUnknown: isLocationUnknown(venue),
      regionName: region[0]?.name ?? '',
      prefectureCode: prefecture[0]?.code ?? null,
      prefectureName: prefecture[0] && prefecture[0].code !== venue.regionCode ? prefecture[0].name : null,
    },
    access: { kind: accessKind(commitmentRows, day), summary: accessSummary(t, commitmentRows, day) },
    commitments: inForceNow.map((c) => ({
      id: c.id,
      audience: c.audience,
      kind: c.kind,
      percentOff: c.percentOff,
      fixedPrice: c.fixedPrice,
      validFrom: c.validFrom,
      validTo: c.validTo,
      conditions: c.conditions,
    })),
    commitmentNotes: commitmentNotes(t, commitmentRows, day),
    programs: programRows,
    sessions: sessionRows
      .filter((s) => !s.openDay)
      .slice(0, 20)
      .map(shown),
    openDays: sessionRows
      .filter((s) => s.openDay)
      .slice(0, 10)
      .map(shown),
  };
}
export type VenueProfile = NonNullable<Awaited<ReturnType<typeof venueProfile>>>;

// ---- Speakers

export interface SpeakerItem {
  id: string;
  displayName: string;
  category: string;
  title: string;
  regionCode: string;
  regionName: string;
  /** The seat of the speaker's 旗县 (never their home). */
  location: Point | null;
  languages: string[];
  serviceRegionCodes: string[];
  serviceRadiusKm: number | null;
  topics: { id: string; title: string; themes: string[]; grades: number[] }[];
  distanceKm?: number;
}

export async function speakerItems(
  db: Database,
  ids: string[],
  distances: Map<string, number | undefined> = new Map(),
): Promise<SpeakerItem[]> {
  if (ids.length === 0) return [];
  const [rows, topics] = await Promise.all([
    db
      .select({
        ...publicSpeakerColumns,
        regionName: regions.name,
        seatLat: regions.lat,
        seatLng: regions.lng,
      })
      .from(speakers)
      .innerJoin(regions, eq(regions.code, speakers.regionCode))
      .where(and(inArray(speakers.id, ids), eq(speakers.status, 'published'))),
    db
      .select({
        id: speakerTopics.id,
        speakerId: speakerTopics.speakerId,
        title: speakerTopics.title,
        themes: speakerTopics.themes,
        grades: speakerTopics.grades,
      })
      .from(speakerTopics)
      .where(and(inArray(speakerTopics.speakerId, ids), eq(speakerTopics.active, true)))
      .orderBy(asc(speakerTopics.title), asc(speakerTopics.id)),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const distance = distances.get(id);
    return [
      {
        id: row.id,
        displayName: row.displayName,
        category: row.category,
        title: row.title,
        regionCode: row.regionCode,
        regionName: row.regionName,
        location:
          row.seatLat !== null && row.seatLng !== null ? { lat: row.seatLat, lng: row.seatLng } : null,
        languages: row.languages,
        serviceRegionCodes: row.serviceRegionCodes,
        serviceRadiusKm: row.serviceRadiusKm,
        topics: topics.filter((t) => t.speakerId === id).map(({ speakerId: _s, ...topic }) => topic),
        ...(distance === undefined ? {} : { distanceKm: roundKm(distance) }),
      },
    ];
  });
}

export async function searchSpeakers(
  db: Database,
  query: SpeakerQuery,
  options: { now: Date; origin?: Point | null },
) {
  const started = performance.now();
  const origin = query.near ?? options.origin ?? null;
  const { result, heard } = await searchOrHear(db, {
    kind: 'speaker',
    q: query.q,
    filters: { type: query.category, theme: query.topic, region: query.region, language: query.language },
    near: origin ?? undefined,
    radiusKm: origin ? query.radiusKm : undefined,
    sort: query.sort ?? (query.q ? 'relevance' : origin ? 'distance' : 'name'),
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    facets: false,
    day: shanghaiDay(options.now),
    now: options.now,
  });
  const items = await speakerItems(
    db,
    result.hits.map((h) => h.id),
    new Map(result.hits.map((h) => [h.id, h.distanceKm])),
  );
  // The word meant, written as the first result writes it: in the speaker's name or one of their topics.
  const first = items[0];
  const suggestion =
    heard && first
      ? ([first.displayName, ...first.topics.map((topic) => topic.title)]
          .map((text) => respelling(heard.words, text))
          .find((text) => text !== null) ?? null)
      : null;
  return {
    items,
    total: result.total,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
    complete: result.complete,
    ...(heard && query.q ? { soundsLike: { typed: query.q, suggestion } } : {}),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A published speaker's public profile: never a phone number or an e-mail address. */
export async function speakerProfile(db: Database, id: string) {
  if (!isUuid(id)) return null;
  const [item] = await speakerItems(db, [id]);
  if (!item) return null;
  const [[extra], topics, serviceRegions] = await Promise.all([
    db
      .select({ bio: speakers.bio, vettedUntil: speakers.vettedUntil, verifiedAt: speakers.verifiedAt })
      .from(speakers)
      .where(eq(speakers.id, id)),
    db
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
      .where(and(eq(speakerTopics.speakerId, id), eq(speakerTopics.active, true)))
      .orderBy(asc(speakerTopics.title), asc(speakerTopics.id)),
    item.serviceRegionCodes.length
      ? db
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(inArray(regions.code, item.serviceRegionCodes))
      : Promise.resolve([]),
  ]);
  return {
    speaker: {
      ...item,
      bio: extra?.bio ?? '',
      vettedUntil: extra?.vettedUntil ?? null,
      verifiedAt: extra?.verifiedAt?.toISOString() ?? null,
    },
    topics,
    serviceRegions,
  };
}

// ---- Regions

export async function listRegions(db: Database) {
  const [rows, venueCounts, speakerCounts] = await Promise.all([
    db
      .select({
        code: regions.code,
        name: regions.name,
        level: regions.level,
        parentCode: regions.parentCode,
        lat: regions.lat,
        lng: regions.lng,
      })
      .from(regions)
      .orderBy(asc(regions.code)),
    db
      .select({ code: venues.regionCode, n: sql<number>`count(*)::int` })
      .from(venues)
      .where(eq(venues.status, 'published'))
      .groupBy(venues.regionCode),
    db
      .select({ code: speakers.regionCode, n: sql<number>`count(*)::int` })
      .from(speakers)
      .where(eq(speakers.status, 'published'))
      .groupBy(speakers.regionCode),
  ]);
  const countIn = (counts: { code: string; n: number }[], code: string, level: string) =>
    counts
      .filter((c) =>
        level === 'province'
          ? true
          : level === 'prefecture'
            ? c.code.slice(0, 4) === code.slice(0, 4)
            : c.code === code,
      )
      .reduce((sum, c) => sum + Number(c.n), 0);
  return rows.map((r) => ({
    ...r,
    venues: countIn(venueCounts, r.code, r.level),
    speakers: countIn(speakerCounts, r.code, r.level),
  }));
}

export async function getRegionByCode(db: Database, code: string) {
  if (!/^\d{6}$/.test(code)) return null;
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) return null;
  const children = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.parentCode, code))
    .orderBy(asc(regions.code));
  const parent = region.parentCode
    ? ((
        await db
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(eq(regions.code, region.parentCode))
      )[0] ?? null)
    : null;
  return { region, children, parent };
}
