import { type SQL, sql } from 'drizzle-orm';
import { addDays, shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import type { Audience, CommitmentKind } from '#db/schema/enums.ts';
import { queryRows } from '#db/sql.ts';
import {
  breakdownKeySql,
  breakdownRows,
  childRegions,
  type RegionRef,
  withinRegionSql,
} from './regions.server.ts';
import type { Term } from './terms.ts';

/** Commitments that end within this many days are listed as lapsing. */
export const LAPSING_WITHIN_DAYS = 60;

/**
 * Whether venues honour their promises (DESIGN.md rule 4), counted where the VENUE is, over the bookings whose
 * session falls in the term.
 */
export interface ComplianceFigures {
  /** Bookings priced under a commitment (not declined, cancelled, lapsed or waitlisted). */
  bookingsUnderCommitment: number;
  /** Attended bookings whose charge the venue recorded. */
  attendedCharged: number;
  /** Attended bookings charged more than the promise (flagged). */
  overcharged: number;
  /** Share of attended, charged bookings not overcharged; null when there were none. */
  complianceRate: number | null;
  /** What pupils and chaperones paid above the promise, in fen. */
  excessFen: number;
}

export interface ComplianceRegionRow extends ComplianceFigures {
  regionCode: string;
  regionName: string;
  lat: number | null;
  lng: number | null;
  own: boolean;
  venues: number;
}

export interface ComplianceVenueRow extends ComplianceFigures {
  venueId: string;
  venueName: string;
  venueSlug: string;
  regionCode: string;
  regionName: string;
  /** How many of the term's trips their schools rated (1–5) afterwards, and the mean; null when none. */
  ratings: number;
  meanRating: number | null;
}

export interface FlaggedBooking {
  bookingId: string;
  sessionStartsAt: Date;
  venueName: string;
  venueRegionCode: string;
  venueRegionName: string;
  schoolName: string;
  grade: number;
  pupils: number;
  chaperones: number;
  promisedPricePerPupil: number;
  chargedPricePerPupil: number;
  promisedPricePerChaperone: number;
  chargedPricePerChaperone: number;
  excessFen: number;
}

export interface LapsingCommitment {
  commitmentId: string;
  venueName: string;
  venueSlug: string;
  regionCode: string;
  regionName: string;
  audience: Audience;
  kind: CommitmentKind;
  percentOff: number | null;
  fixedPrice: number | null;
  validTo: string;
  daysLeft: number;
  /** A replacement waits for an auditor. */
  replacementPending: boolean;
}

export interface ComplianceReport {
  region: RegionRef;
  term: Pick<Term, 'id' | 'firstDay' | 'lastDay'>;
  rows: ComplianceRegionRow[];
  total: ComplianceRegionRow;
  venues: ComplianceVenueRow[];
  flagged: FlaggedBooking[];
  lapsing: LapsingCommitment[];
  /** Lapsing is judged from this day (today). */
  today: string;
}

export function complianceRate(attendedCharged: number, overcharged: number): number | null {
  return attendedCharged > 0 ? (attendedCharged - overcharged) / attendedCharged : null;
}

function inTerm(column: SQL, term: Term): SQL {
  return sql`${column} >= ${term.startsAt.toISOString()}::timestamptz and ${column} < ${term.endsAt.toISOString()}::timestamptz`;
}

/**
 * The charges a flagged booking was flagged for (`fc`): its latest attendance record above the promise, from the audit
 * log. A venue may correct its record later, and the flag stays (recordAttendance); the report keeps the amounts it
 * was flagged for, so that a correction does not take the excess out of the bureau's figures. A flagged booking with
 * no such entry (written by other means) reads its charges as they are.
 */
const FLAGGED_CHARGES_SQL = sql.raw(`left join lateral (
    select (a.after->>'chargedPricePerPupil')::int as pupil, (a.after->>'chargedPricePerChaperone')::int as chaperone
    from audit_log a
    where a.entity_type = 'booking' and a.entity_id = b.id::text and a.action = 'booking.attendance'
      and ((a.after->>'chargedPricePerPupil')::int > b.promised_price_per_pupil
        or (a.after->>'chargedPricePerChaperone')::int > b.promised_price_per_chaperone)
    order by a.at desc, a.id desc
    limit 1
  ) fc on b.price_flagged`);
const CHARGED_PUPIL = 'coalesce(fc.pupil, b.charged_price_per_pupil, 0)';
const CHARGED_CHAPERONE = 'coalesce(fc.chaperone, b.charged_price_per_chaperone, 0)';
const CHARGED_PUPIL_SQL = sql.raw(CHARGED_PUPIL);
const CHARGED_CHAPERONE_SQL = sql.raw(CHARGED_CHAPERONE);

/** Fen paid above the promise by the pupils and chaperones who came. */
const EXCESS_SQL = sql.raw(`(
  greatest(${CHARGED_PUPIL} - b.promised_price_per_pupil, 0) * coalesce(b.attended_pupils, b.pupils)
  + greatest(${CHARGED_CHAPERONE} - b.promised_price_per_chaperone, 0) * coalesce(b.attended_chaperones, b.chaperones)
)`);
export async function complianceReport(
  db: Database,
  region: RegionRef,
  term: Term,
  now: Date,
): Promise<ComplianceReport> {
  const code = region.code;
  const venueIn = withinRegionSql(sql.raw('v.region_code'), code);
  const today = shanghaiDay(now);
  const until = addDays(today, LAPSING_WITHIN_DAYS);

  const [venueRows, flaggedRows, lapsingRows, children] = await Promise.all([
    queryRows<{
      venue_id: string;
      venue_name: string;
      venue_slug: string;
      region_code: string;
      region_name: string;
      key: string;
      under_commitment: number;
      attended_charged: number;
      overcharged: number;
      excess: number;
      ratings: number;
      mean_rating: number | null;
    }>(
      db,
      sql`select v.id as venue_id, v.name as venue_name, v.slug as venue_slug, v.region_code, r.name as region_name,
            ${breakdownKeySql(sql.raw('v.region_code'), code)} as key,
            count(*) filter (where b.commitment_id is not null
              and b.status not in ('declined', 'cancelled', 'lapsed', 'waitlisted'))::int as under_commitment,
            count(*) filter (where b.status = 'attended' and b.charged_price_per_pupil is not null)::int
              as attended_charged,
            count(*) filter (where b.status = 'attended' and b.charged_price_per_pupil is not null
              and b.price_flagged)::int as overcharged,
            coalesce(sum(${EXCESS_SQL}) filter (where b.status = 'attended' and b.price_flagged), 0)::float8 as excess,
            count(b.feedback_rating)::int as ratings, avg(b.feedback_rating)::float8 as mean_rating
          from bookings b
          ${FLAGGED_CHARGES_SQL}
          join sessions se on se.id = b.session_id
          join venues v on v.id = b.venue_id
          join regions r on r.code = v.region_code
          where ${inTerm(sql.raw('se.starts_at'), term)} and ${venueIn}
          group by v.id, r.name`,
    ),
    queryRows<{
      booking_id: string;
      starts_at: Date | string;
      venue_name: string;
      venue_region_code: string;
      venue_region_name: string;
      school_name: string;
      grade: number;
      pupils: number;
      chaperones: number;
      promised_pupil: number;
      charged_pupil: number;
      promised_chaperone: number;
      charged_chaperone: number;
      excess: number;
    }>(
      db,
      sql`select b.id as booking_id, se.starts_at, v.name as venue_name, v.region_code as venue_region_code,
            r.name as venue_region_name,
            sc.name as school_name, b.grade,
            coalesce(b.attended_pupils, b.pupils) as pupils, coalesce(b.attended_chaperones, b.chaperones) as chaperones,
            b.promised_price_per_pupil as promised_pupil, ${CHARGED_PUPIL_SQL} as charged_pupil,
            b.promised_price_per_chaperone as promised_chaperone,
            ${CHARGED_CHAPERONE_SQL} as charged_chaperone,
            ${EXCESS_SQL}::float8 as excess
          from bookings b
          ${FLAGGED_CHARGES_SQL}
          join sessions se on se.id = b.session_id
          join venues v on v.id = b.venue_id
          join regions r on r.code = v.region_code
          join schools sc on sc.id = b.school_id
          where b.status = 'attended' and b.price_flagged and ${inTerm(sql.raw('se.starts_at'), term)} and ${venueIn}
          order by se.starts_at desc, b.id`,
    ),
    queryRows<{
      commitment_id: string;
      venue_name: string;
      venue_slug: string;
      region_code: string;
      region_name: string;
      audience: Audience;
      kind: CommitmentKind;
      percent_off: number | null;
      fixed_price: number | null;
      valid_to: string;
      days_left: number;
      replacement_pending: boolean;
    }>(
      db,
      sql`select c.id as commitment_id, v.name as venue_name, v.slug as venue_slug, v.region_code,
            r.name as region_name,
            c.audience, c.kind, c.percent_off, c.fixed_price, c.valid_to::text as valid_to,
            (c.valid_to - ${today}::date)::int as days_left,
            exists (select 1 from access_commitments n where n.replaces_id = c.id and n.status = 'pending')
              as replacement_pending
          from access_commitments c
          join venues v on v.id = c.venue_id
          join regions r on r.code = v.region_code
          where c.status = 'active' and v.status = 'published'
            and c.valid_to between ${today}::date and ${until}::date and ${venueIn}
          order by c.valid_to, v.name, c.audience, c.id`,
    ),
    childRegions(db, region),
  ]);

  const venues: ComplianceVenueRow[] = venueRows
    .filter((r) => r.under_commitment > 0 || r.attended_charged > 0)
    .map((r) => ({
      venueId: r.venue_id,
      venueName: r.venue_name,
      venueSlug: r.venue_slug,
      regionCode: r.region_code,
      regionName: r.region_name,
      bookingsUnderCommitment: r.under_commitment,
      attendedCharged: r.attended_charged,
      overcharged: r.overcharged,
      complianceRate: complianceRate(r.attended_charged, r.overcharged),
      excessFen: Math.round(Number(r.excess)),
      ratings: r.ratings,
      meanRating: r.mean_rating === null ? null : Number(r.mean_rating),
    }))
    .sort(
      (a, b) =>
        b.overcharged - a.overcharged ||
        a.venueName.localeCompare(b.venueName, 'zh') ||
        a.venueId.localeCompare(b.venueId),
    );

  type Sums = { venues: number; under: number; charged: number; over: number; excess: number };
  const sums = new Map<string, Sums>();
  const keyOf = new Map(venueRows.map((r) => [r.venue_id, r.key]));
  const total: Sums = { venues: 0, under: 0, charged: 0, over: 0, excess: 0 };
  for (const v of venues) {
    const key = keyOf.get(v.venueId) as string;
    const entry = sums.get(key) ?? { venues: 0, under: 0, charged: 0, over: 0, excess: 0 };
    for (const target of [entry, total]) {
      target.venues += 1;
      target.under += v.bookingsUnderCommitment;
      target.charged += v.attendedCharged;
      target.over += v.overcharged;
      target.excess += v.excessFen;
    }
    sums.set(key, entry);
  }
  const row = (ref: RegionRef, s: Sums | undefined): ComplianceRegionRow => ({
    regionCode: ref.code,
    regionName: ref.name,
    lat: ref.lat,
    lng: ref.lng,
    own: ref.code === code && region.level !== 'county',
    venues: s?.venues ?? 0,
    bookingsUnderCommitment: s?.under ?? 0,
    attendedCharged: s?.charged ?? 0,
    overcharged: s?.over ?? 0,
    complianceRate: complianceRate(s?.charged ?? 0, s?.over ?? 0),
    excessFen: s?.excess ?? 0,
  });

  return {
    region,
    term: { id: term.id, firstDay: term.firstDay, lastDay: term.lastDay },
    rows: breakdownRows(region, children, new Set(sums.keys())).map((ref) => row(ref, sums.get(ref.code))),
    total: { ...row(region, total), own: false },
    venues,
    flagged: flaggedRows.map((r) => ({
      bookingId: r.booking_id,
      sessionStartsAt: new Date(r.starts_at),
      venueName: r.venue_name,
      venueRegionCode: r.venue_region_code,
      venueRegionName: r.venue_region_name,
      schoolName: r.school_name,
      grade: r.grade,
      pupils: r.pupils,
      chaperones: r.chaperones,
      promisedPricePerPupil: r.promised_pupil,
      chargedPricePerPupil: r.charged_pupil,
      promisedPricePerChaperone: r.promised_chaperone,
      chargedPricePerChaperone: r.charged_chaperone,
      excessFen: Math.round(Number(r.excess)),
    })),
    lapsing: lapsingRows.map((r) => ({
      commitmentId: r.commitment_id,
      venueName: r.venue_name,
      venueSlug: r.venue_slug,
      regionCode: r.region_code,
      regionName: r.region_name,
      audience: r.audience,
      kind: r.kind,
      percentOff: r.percent_off,
      fixedPrice: r.fixed_price,
      validTo: r.valid_to,
      daysLeft: r.days_left,
      replacementPending: r.replacement_pending,
    })),
    today,
  };
}
