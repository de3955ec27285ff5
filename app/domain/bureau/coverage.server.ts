import { type SQL, sql } from 'drizzle-orm';
import { venueLocationKnownSql } from '#app/domain/catalogue/placement.ts';
import type { Database } from '#db/client.ts';
import { type VenueType, venueTypes } from '#db/schema/enums.ts';
import { queryRows } from '#db/sql.ts';
import { freeVenueSql } from './free-venues.server.ts';
import {
  breakdownKeySql,
  breakdownRows,
  childRegions,
  type RegionRef,
  withinRegionSql,
} from './regions.server.ts';
import { referenceDay, type Term } from './terms.ts';

/**
 * Reach of one region in one term. Schools, trips, pupils and talks are counted where the SCHOOL is; venues and
 * green-channel seats where the VENUE is.
 */
export interface CoverageFigures {
  schools: number;
  pupils: number;
  /** Published venues (the catalogue as it stands). */
  venues: number;
  venuesPer10k: number | null;
  /** Attended bookings of the term. */
  trips: number;
  tripsPer100: number | null;
  /** Pupils who came (attendance recorded, else as booked). */
  pupilsReached: number;
  pupilsReachedPer100: number | null;
  schoolsWithTrip: number;
  schoolsWithoutTrip: number;
  /** As booked on the attended bookings. */
  leftBehindReached: number;
  disabilitiesReached: number;
  /** Completed speaker engagements (宣讲) at the region's schools, and their audiences. */
  speakerTalks: number;
  speakerAudience: number;
  /** Green-channel seats of the term's sessions at the region's venues, and those taken by priority schools. */
  greenSeatsOffered: number;
  greenSeatsUsed: number;
}

export interface CoverageRow extends CoverageFigures {
  regionCode: string;
  regionName: string;
  lat: number | null;
  lng: number | null;
  /** The row of entities registered at the selected region's own code (本级). */
  own: boolean;
}

export interface SchoolWithoutTrip {
  schoolId: string;
  schoolName: string;
  regionCode: string;
  regionName: string;
  pupils: number;
  leftBehindPupils: number;
  priority: boolean;
  nearestFreeVenueName: string | null;
  nearestFreeVenueSlug: string | null;
  /** Great-circle distance; null when the school or no free venue has a position. */
  distanceKm: number | null;
}

export interface CoverageReport {
  region: RegionRef;
  term: Pick<Term, 'id' | 'firstDay' | 'lastDay'>;
  /** The day on which "free" was judged (today while the term runs, its last day after). */
  referenceDay: string;
  rows: CoverageRow[];
  total: CoverageRow;
  venuesByType: { type: VenueType; venues: number }[];
  schoolsWithoutTrip: SchoolWithoutTrip[];
}

type Counts = Omit<
  CoverageFigures,
  'venuesPer10k' | 'tripsPer100' | 'pupilsReachedPer100' | 'schoolsWithoutTrip'
>;

const ZERO: Counts = {
  schools: 0,
  pupils: 0,
  venues: 0,
  trips: 0,
  pupilsReached: 0,
  schoolsWithTrip: 0,
  leftBehindReached: 0,
  disabilitiesReached: 0,
  speakerTalks: 0,
  speakerAudience: 0,
  greenSeatsOffered: 0,
  greenSeatsUsed: 0,
};

/** `part` per `per` of `whole`; null when the whole is zero (a rate of nothing is not 0). */
export function ratePer(part: number, whole: number, per: number): number | null {
  return whole > 0 ? (part * per) / whole : null;
}

export function withRates(counts: Counts): CoverageFigures {
  return {
    ...counts,
    venuesPer10k: ratePer(counts.venues, counts.pupils, 10_000),
    tripsPer100: ratePer(counts.trips, counts.pupils, 100),
    pupilsReachedPer100: ratePer(counts.pupilsReached, counts.pupils, 100),
    schoolsWithoutTrip: counts.schools - counts.schoolsWithTrip,
  };
}

function inTerm(column: SQL, term: Term): SQL {
  return sql`${column} >= ${term.startsAt.toISOString()}::timestamptz and ${column} < ${term.endsAt.toISOString()}::timestamptz`;
}

export async function coverageReport(
  db: Database,
  region: RegionRef,
  term: Term,
  now: Date,
): Promise<CoverageReport> {
  const day = referenceDay(term, now);
  const code = region.code;
  const schoolKey = breakdownKeySql(sql.raw('sc.region_code'), code);
  const venueKey = breakdownKeySql(sql.raw('v.region_code'), code);
  const schoolIn = withinRegionSql(sql.raw('sc.region_code'), code);
  const venueIn = withinRegionSql(sql.raw('v.region_code'), code);
  const sessionInTerm = inTerm(sql.raw('se.starts_at'), term);

  const [schoolRows, venueRows, tripRows, talkRows, greenRows, withoutTrip, children] = await Promise.all([
    queryRows<{ key: string; schools: number; pupils: number }>(
      db,
      sql`select ${schoolKey} as key, count(*)::int as schools, coalesce(sum(sc.pupils), 0)::int as pupils
          from schools sc where ${schoolIn} group by 1`,
    ),
    queryRows<{ key: string; type: VenueType; venues: number }>(
      db,
      sql`select ${venueKey} as key, v.type, count(*)::int as venues
          from venues v where v.status = 'published' and ${venueIn} group by 1, 2`,
    ),
    queryRows<{
      key: string;
      trips: number;
      schools_with_trip: number;
      pupils_reached: number;
      left_behind: number;
      disabilities: number;
    }>(
      db,
      sql`select ${schoolKey} as key, count(*)::int as trips, count(distinct b.school_id)::int as schools_with_trip,
            coalesce(sum(coalesce(b.attended_pupils, b.pupils)), 0)::int as pupils_reached,
            coalesce(sum(b.left_behind_pupils), 0)::int as left_behind,
            coalesce(sum(b.pupils_with_disabilities), 0)::int as disabilities
          from bookings b
          join sessions se on se.id = b.session_id
          join schools sc on sc.id = b.school_id
          where b.status = 'attended' and ${sessionInTerm} and ${schoolIn}
          group by 1`,
    ),
    queryRows<{ key: string; talks: number; audience: number }>(
      db,
      sql`select ${schoolKey} as key, count(*)::int as talks, coalesce(sum(i.audience_size), 0)::int as audience
          from invitations i join schools sc on sc.id = i.school_id
          where i.kind = 'speaker' and i.status = 'completed'
            and ${inTerm(sql.raw('i.scheduled_starts_at'), term)} and ${schoolIn}
          group by 1`,
    ),
    queryRows<{ key: string; offered: number; used: number }>(
      db,
      sql`select ${venueKey} as key, coalesce(sum(se.green_channel_seats), 0)::int as offered,
            coalesce(sum(least(se.green_channel_seats, (
              select coalesce(sum(b.seats), 0) from bookings b
              where b.session_id = se.id and b.priority
                and b.status in ('requested', 'school_approved', 'confirmed', 'attended')
            ))), 0)::int as used
          from sessions se
          join venues v on v.id = se.venue_id
          where se.cancelled_at is null and se.green_channel_seats > 0 and ${sessionInTerm} and ${venueIn}
          group by 1`,
    ),
    schoolsWithoutTrip(db, code, term, day),
    childRegions(db, region),
  ]);

  const byKey = new Map<string, Counts>();
  const counts = (key: string): Counts => {
    let entry = byKey.get(key);
    if (!entry) {
      entry = { ...ZERO };
      byKey.set(key, entry);
    }
    return entry;
  };
  for (const r of schoolRows) Object.assign(counts(r.key), { schools: r.schools, pupils: r.pupils });
  for (const r of venueRows) counts(r.key).venues += r.venues;
  for (const r of tripRows) {
    Object.assign(counts(r.key), {
      trips: r.trips,
      schoolsWithTrip: r.schools_with_trip,
      pupilsReached: r.pupils_reached,
      leftBehindReached: r.left_behind,
      disabilitiesReached: r.disabilities,
    });
  }
  for (const r of talkRows)
    Object.assign(counts(r.key), { speakerTalks: r.talks, speakerAudience: r.audience });
  for (const r of greenRows) {
    Object.assign(counts(r.key), { greenSeatsOffered: r.offered, greenSeatsUsed: r.used });
  }

  const totalCounts = { ...ZERO };
  for (const entry of byKey.values()) {
    for (const key of Object.keys(ZERO) as (keyof Counts)[]) totalCounts[key] += entry[key];
  }
  const row = (ref: RegionRef, figures: Counts): CoverageRow => ({
    regionCode: ref.code,
    regionName: ref.name,
    lat: ref.lat,
    lng: ref.lng,
    own: ref.code === code && region.level !== 'county',
    ...withRates(figures),
  });

  const typeCounts = new Map<VenueType, number>();
  for (const r of venueRows) typeCounts.set(r.type, (typeCounts.get(r.type) ?? 0) + r.venues);

  return {
    region,
    term: { id: term.id, firstDay: term.firstDay, lastDay: term.lastDay },
    referenceDay: day,
    rows: breakdownRows(region, children, new Set(byKey.keys())).map((ref) =>
      row(ref, byKey.get(ref.code) ?? ZERO),
    ),
    total: { ...row(region, totalCounts), own: false },
    venuesByType: venueTypes
      .map((type) => ({ type, venues: typeCounts.get(type) ?? 0 }))
      .sort((a, b) => b.venues - a.venues),
    schoolsWithoutTrip: withoutTrip,
  };
}

/** Schools of the region with no attended trip in the term, each with its nearest free venue. */
async function schoolsWithoutTrip(
  db: Database,
  code: string,
  term: Term,
  day: string,
): Promise<SchoolWithoutTrip[]> {
  const rows = await queryRows<{
    school_id: string;
    school_name: string;
    region_code: string;
    region_name: string;
    pupils: number;
    left_behind_pupils: number;
    priority: boolean;
    venue_name: string | null;
    venue_slug: string | null;
    distance_km: number | null;
  }>(
    db,
    sql`select sc.id as school_id, sc.name as school_name, sc.region_code, r.name as region_name, sc.pupils,
          sc.left_behind_pupils, sc.is_priority as priority,
          nv.name as venue_name, nv.slug as venue_slug, nv.distance_km
        from schools sc
        join regions r on r.code = sc.region_code
        left join lateral (
          select v.name, v.slug, distance_km(sc.lat, sc.lng, v.lat, v.lng)::float8 as distance_km
          from venues v
          where sc.lat is not null and sc.lng is not null and v.status = 'published'
            and ${venueLocationKnownSql('v')} and ${freeVenueSql(sql.raw('v.id'), day)}
          order by 3, v.id
          limit 1
        ) nv on true
        where ${withinRegionSql(sql.raw('sc.region_code'), code)}
          and not exists (
            select 1 from bookings b join sessions se on se.id = b.session_id
            where b.school_id = sc.id and b.status = 'attended' and ${inTerm(sql.raw('se.starts_at'), term)}
          )
        order by sc.is_priority desc, nv.distance_km desc nulls first, sc.name, sc.id`,
  );
  return rows.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    regionCode: r.region_code,
    regionName: r.region_name,
    pupils: r.pupils,
    leftBehindPupils: r.left_behind_pupils,
    priority: r.priority,
    nearestFreeVenueName: r.venue_name,
    nearestFreeVenueSlug: r.venue_slug,
    distanceKm: r.distance_km === null ? null : Number(r.distance_km),
  }));
}
