import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { queryRows } from '#db/sql.ts';
import { BAOTOU_ONLY_NAMES, type BureauDataset, buildBureauDataset, NOW } from '#tests/bureau/dataset.ts';
import { createTestDatabase, type TestDatabase, testDrivers } from '#tests/setup/db.ts';
import { type ComplianceReport, complianceReport } from './compliance.server.ts';
import { type CoverageReport, coverageReport } from './coverage.server.ts';
import { getRegion, type RegionRef, resolveReportRegion } from './regions.server.ts';
import { scopeOf } from './scope.ts';
import { parseTerm, type Term, termAt } from './terms.ts';

// Independent answers: plain SQL written here, grouping by the regions table's parent links and comparing
// Shanghai calendar dates (not the report's prefix rules and instant bounds).
const TERM_DATES = sql.raw(
  `(se.starts_at at time zone 'Asia/Shanghai')::date between date '2026-09-01' and date '2027-01-31'`,
);

async function regionRowsOf(db: Database, code: string): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select code from regions where code = ${code} or parent_code = ${code} order by code`,
  );
  return rows.map((r) => r.code);
}

async function expectedCoverage(db: Database, county: string) {
  const [schools] = await queryRows<{ schools: number; pupils: number }>(
    db,
    sql`select count(*)::int as schools, coalesce(sum(pupils), 0)::int as pupils from schools where region_code = ${county}`,
  );
  const [venues] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from venues where region_code = ${county} and status = 'published'`,
  );
  const [trips] = await queryRows<{
    trips: number;
    reached: number;
    left_behind: number;
    disabled: number;
    with_trip: number;
  }>(
    db,
    sql`select count(*)::int as trips,
          coalesce(sum(case when b.attended_pupils is null then b.pupils else b.attended_pupils end), 0)::int as reached,
          coalesce(sum(b.left_behind_pupils), 0)::int as left_behind,
          coalesce(sum(b.pupils_with_disabilities), 0)::int as disabled,
          count(distinct b.school_id)::int as with_trip
        from bookings b, sessions se, schools s
        where se.id = b.session_id and s.id = b.school_id and s.region_code = ${county}
          and b.status = 'attended' and ${TERM_DATES}`,
  );
  const [talks] = await queryRows<{ talks: number; audience: number }>(
    db,
    sql`select count(*)::int as talks, coalesce(sum(i.audience_size), 0)::int as audience
        from invitations i, schools s
        where s.id = i.school_id and s.region_code = ${county} and i.kind = 'speaker' and i.status = 'completed'
          and (i.scheduled_starts_at at time zone 'Asia/Shanghai')::date between date '2026-09-01' and date '2027-01-31'`,
  );
  const greenRows = await queryRows<{ green: number; priority_seats: number }>(
    db,
    sql`select se.green_channel_seats as green,
          (select coalesce(sum(b.seats), 0) from bookings b
            where b.session_id = se.id and b.priority
              and b.status in ('requested', 'school_approved', 'confirmed', 'attended'))::int as priority_seats
        from sessions se, venues v
        where v.id = se.venue_id and v.region_code = ${county} and se.green_channel_seats > 0
          and se.cancelled_at is null and ${TERM_DATES}`,
  );
  return {
    schools: schools?.schools ?? 0,
    pupils: schools?.pupils ?? 0,
    venues: venues?.n ?? 0,
    trips: trips?.trips ?? 0,
    pupilsReached: trips?.reached ?? 0,
    leftBehindReached: trips?.left_behind ?? 0,
    disabilitiesReached: trips?.disabled ?? 0,
    schoolsWithTrip: trips?.with_trip ?? 0,
    speakerTalks: talks?.talks ?? 0,
    speakerAudience: talks?.audience ?? 0,
    greenSeatsOffered: greenRows.reduce((sum, r) => sum + r.green, 0),
    greenSeatsUsed: greenRows.reduce((sum, r) => sum + Math.min(r.green, r.priority_seats), 0),
  };
}

async function expectedCompliance(db: Database, county: string) {
  const [row] = await queryRows<{
    under: number;
    charged: number;
    over: number;
    excess: number;
  }>(
    db,
    sql`select
          count(*) filter (where b.commitment_id is not null
            and b.status in ('requested', 'school_approved', 'confirmed', 'attended', 'no_show'))::int as under,
          count(*) filter (where b.status = 'attended' and b.charged_price_per_pupil is not null)::int as charged,
          count(*) filter (where b.status = 'attended' and (b.charged_price_per_pupil > b.promised_price_per_pupil
            or b.charged_price_per_chaperone > b.promised_price_per_chaperone))::int as over,
          coalesce(sum(case when b.status = 'attended' then
            (case when b.charged_price_per_pupil > b.promised_price_per_pupil
              then (b.charged_price_per_pupil - b.promised_price_per_pupil) * b.attended_pupils else 0 end)
            + (case when b.charged_price_per_chaperone > b.promised_price_per_chaperone
              then (b.charged_price_per_chaperone - b.promised_price_per_chaperone) * b.attended_chaperones else 0 end)
            else 0 end), 0)::int as excess
        from bookings b, sessions se, venues v
        where se.id = b.session_id and v.id = b.venue_id and v.region_code = ${county} and ${TERM_DATES}`,
  );
  return row as { under: number; charged: number; over: number; excess: number };
}

for (const driver of testDrivers) {
  describe(`bureau reports on a generated data set with known answers [${driver}]`, () => {
    let handle: TestDatabase;
    let data: BureauDataset;
    let term: Term;
    let chifeng: RegionRef;
    let coverage: CoverageReport;
    let compliance: ComplianceReport;

    beforeAll(async () => {
      handle = await createTestDatabase(driver, 'empty');
      data = await buildBureauDataset(handle.db);
      term = termAt(NOW);
      chifeng = (await getRegion(handle.db, '150400')) as RegionRef;
      coverage = await coverageReport(handle.db, chifeng, term, NOW);
      compliance = await complianceReport(handle.db, chifeng, term, NOW);
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('reports on 2026-autumn by default in the February holiday, judging "free" on the term’s last day', () => {
      expect(term.id).toBe('2026-autumn');
      expect(coverage.term).toEqual({ id: '2026-autumn', firstDay: '2026-09-01', lastDay: '2027-01-31' });
      expect(coverage.referenceDay).toBe('2027-01-31');
    });

    it('breaks 赤峰市 down into its 旗县 plus its own level, every figure matching independent SQL', async () => {
      const expectedKeys = (await regionRowsOf(handle.db, '150400')).filter(
        (code) => code !== '150400' || coverage.rows.some((r) => r.own),
      );
      expect(coverage.rows.map((r) => r.regionCode)).toEqual(expectedKeys);
      expect(coverage.rows[0]).toMatchObject({ regionCode: '150400', own: true });
      for (const row of coverage.rows) {
        const expected = await expectedCoverage(handle.db, row.regionCode);
        expect(row, row.regionName).toMatchObject(expected);
        expect(row.schoolsWithoutTrip).toBe(expected.schools - expected.schoolsWithTrip);
        if (expected.pupils > 0) {
          expect(row.tripsPer100).toBeCloseTo((expected.trips / expected.pupils) * 100, 10);
          expect(row.pupilsReachedPer100).toBeCloseTo((expected.pupilsReached / expected.pupils) * 100, 10);
          expect(row.venuesPer10k).toBeCloseTo((expected.venues / expected.pupils) * 10_000, 10);
        } else {
          expect(row.tripsPer100).toBeNull();
        }
      }
    });

    it('adds the rows up to the 盟市 total, which has the hand-counted answers', () => {
      const sum = (key: 'trips' | 'pupilsReached' | 'schools' | 'venues' | 'greenSeatsUsed') =>
        coverage.rows.reduce((total, r) => total + r[key], 0);
      for (const key of ['trips', 'pupilsReached', 'schools', 'venues', 'greenSeatsUsed'] as const) {
        expect(coverage.total[key], key).toBe(sum(key));
      }
      expect(coverage.total).toMatchObject({
        schools: 6,
        pupils: 1913,
        venues: 3,
        // b1 b2 b9 b15 b16 (A), b3 (B), b4 (D), b11 (G at a 包头 venue); not b8 (spring), b10 (31 Aug 23:30),
        // b12 (1 Feb 00:30), b13 (no-show), b5/b17/b18 (not attended), b6 (cancelled).
        trips: 8,
        pupilsReached: 38 + 30 + 25 + 4 + 22 + 30 + 28 + 10,
        schoolsWithTrip: 4,
        schoolsWithoutTrip: 2,
        leftBehindReached: 2 + 1 + 8 + 1 + 6 + 2,
        disabilitiesReached: 1 + 4,
        speakerTalks: 2,
        speakerAudience: 280,
        greenSeatsOffered: 18,
        greenSeatsUsed: 16,
      });
      expect(coverage.total.pupilsReachedPer100).toBeCloseTo((187 / 1913) * 100, 10);
      expect(coverage.venuesByType.filter((v) => v.venues > 0)).toEqual(
        expect.arrayContaining([
          { type: 'museum', venues: 1 },
          { type: 'science_museum', venues: 1 },
          { type: 'youth_palace', venues: 1 },
        ]),
      );
      expect(coverage.venuesByType.reduce((n, v) => n + v.venues, 0)).toBe(3);
    });

    it('lists the schools with no trip, each with its nearest venue free on the reference day', async () => {
      expect(coverage.schoolsWithoutTrip.map((s) => s.schoolName).sort()).toEqual(
        [data.schools.C.name, data.schools.H.name].sort(),
      );
      const nearest = await queryRows<{ school: string; venue: string; km: number }>(
        handle.db,
        sql`select distinct on (s.id) s.name as school, v.name as venue,
              (6371.0088 * 2 * asin(sqrt(
                sin(radians(v.lat - s.lat) / 2) ^ 2
                + cos(radians(s.lat)) * cos(radians(v.lat)) * sin(radians(v.lng - s.lng) / 2) ^ 2)))::float8 as km
            from schools s, venues v, access_commitments c
            where s.region_code like '1504%' and v.status = 'published' and c.venue_id = v.id and c.status = 'active'
              and c.kind = 'free' and c.audience in ('primary', 'junior')
              and c.valid_from <= date '2027-01-31' and (c.valid_to is null or c.valid_to >= date '2027-01-31')
            order by s.id, km`,
      );
      for (const school of coverage.schoolsWithoutTrip) {
        const expected = nearest.find((n) => n.school === school.schoolName);
        expect(school.nearestFreeVenueName).toBe(expected?.venue);
        expect(school.distanceKm).toBeCloseTo(expected?.km as number, 6);
      }
      // H sits beside 赤峰市青少年宫, whose free entry lapsed on 30 January: not free on the 31st.
      const h = coverage.schoolsWithoutTrip.find((s) => s.schoolName === data.schools.H.name);
      expect(h?.nearestFreeVenueName).toBe(data.venues.V1.name);
    });

    it('counts compliance where the venue is, each 旗县 matching independent SQL (charge above the promise)', async () => {
      for (const row of compliance.rows) {
        const expected = await expectedCompliance(handle.db, row.regionCode);
        expect(
          {
            under: row.bookingsUnderCommitment,
            charged: row.attendedCharged,
            over: row.overcharged,
            excess: row.excessFen,
          },
          row.regionName,
        ).toEqual(expected);
        expect(row.complianceRate).toBe(
          expected.charged ? (expected.charged - expected.over) / expected.charged : null,
        );
      }
      expect(compliance.total).toMatchObject({
        bookingsUnderCommitment: 10,
        attendedCharged: 7,
        overcharged: 2,
        excessFen: 30_000 + 5_500,
      });
      expect(compliance.total.complianceRate).toBeCloseTo(5 / 7, 12);
      expect(compliance.flagged.map((f) => f.bookingId).sort()).toEqual(
        [data.bookings.b2, data.bookings.b16].sort(),
      );
      expect(compliance.venues.map((v) => v.venueName).sort()).toEqual(
        [data.venues.V1.name, data.venues.V2.name, data.venues.V6.name].sort(),
      );
    });

    it('keeps the excess a booking was flagged for when its venue later corrects the charges down', async () => {
      const [b2] = await queryRows<{
        charged_pupil: number;
        charged_chaperone: number;
        promised_pupil: number;
      }>(
        handle.db,
        sql`select charged_price_per_pupil as charged_pupil, charged_price_per_chaperone as charged_chaperone,
              promised_price_per_pupil as promised_pupil
            from bookings where id = ${data.bookings.b2}`,
      );
      // The flagged record as recordAttendance logs it, then a correction to the promise (the flag stays).
      await handle.db.execute(
        sql`insert into audit_log (action, entity_type, entity_id, after)
            values ('booking.attendance', 'booking', ${data.bookings.b2}, ${JSON.stringify({
              chargedPricePerPupil: b2?.charged_pupil,
              chargedPricePerChaperone: b2?.charged_chaperone,
            })}::jsonb)`,
      );
      await handle.db.execute(
        sql`update bookings set charged_price_per_pupil = promised_price_per_pupil,
              charged_price_per_chaperone = promised_price_per_chaperone
            where id = ${data.bookings.b2}`,
      );
      try {
        const corrected = await complianceReport(handle.db, chifeng, term, NOW);
        expect(corrected.total).toMatchObject({ overcharged: 2, excessFen: 30_000 + 5_500 });
        expect(corrected.flagged.find((f) => f.bookingId === data.bookings.b2)).toEqual(
          compliance.flagged.find((f) => f.bookingId === data.bookings.b2),
        );
        expect(b2?.charged_pupil).toBeGreaterThan(b2?.promised_pupil as number);
      } finally {
        await handle.db.execute(
          sql`update bookings set charged_price_per_pupil = ${b2?.charged_pupil},
                charged_price_per_chaperone = ${b2?.charged_chaperone}
              where id = ${data.bookings.b2}`,
        );
        // The log is append-only: its entry stays, with the very figures restored here.
      }
    });

    it('gives each venue the number and mean of the ratings schools left for the term’s trips', async () => {
      // Rate the term's attended trips in 赤峰市 1, 2, 3 … in turn, and one trip outside the term, which must not count.
      const attended = await queryRows<{ id: string; venue_id: string; in_term: boolean }>(
        handle.db,
        sql`select b.id, b.venue_id, ${TERM_DATES} as in_term
            from bookings b join sessions se on se.id = b.session_id join venues v on v.id = b.venue_id
            where b.status = 'attended' and v.region_code like '1504%' order by b.id`,
      );
      const rated = attended.filter((b) => b.in_term);
      expect(rated.length).toBeGreaterThan(2);
      const given = new Map<string, number[]>();
      for (const [i, b] of attended.entries()) {
        const rating = (i % 5) + 1;
        await handle.db.execute(
          sql`update bookings set feedback_rating = ${rating}, feedback_at = ${NOW.toISOString()}::timestamptz
              where id = ${b.id}`,
        );
        if (b.in_term) given.set(b.venue_id, [...(given.get(b.venue_id) ?? []), rating]);
      }
      try {
        const report = await complianceReport(handle.db, chifeng, term, NOW);
        for (const v of report.venues) {
          const marks = given.get(v.venueId) ?? [];
          expect(v.ratings, v.venueName).toBe(marks.length);
          if (marks.length)
            expect(v.meanRating).toBeCloseTo(marks.reduce((a, m) => a + m, 0) / marks.length, 12);
          else expect(v.meanRating).toBeNull();
        }
        expect(report.venues.reduce((sum, v) => sum + v.ratings, 0)).toBe(rated.length);
      } finally {
        await handle.db.execute(sql`update bookings set feedback_rating = null, feedback_at = null`);
      }
    });

    it('lists commitments ending within 60 days of today, with a waiting replacement marked', async () => {
      expect(compliance.today).toBe('2027-02-10');
      expect(compliance.lapsing).toEqual([
        expect.objectContaining({
          venueName: data.venues.V2.name,
          validTo: '2027-03-15',
          daysLeft: 33,
          replacementPending: false,
        }),
      ]);
      const province = (await getRegion(handle.db, '150000')) as RegionRef;
      const all = await complianceReport(handle.db, province, term, NOW);
      expect(all.lapsing.map((l) => [l.venueName, l.replacementPending])).toEqual([
        [data.venues.V5.name, true],
        [data.venues.V2.name, false],
      ]);
    });

    it('keeps 包头市 out of every figure and row of 赤峰市’s reports', () => {
      const text = JSON.stringify([coverage, compliance]);
      for (const name of BAOTOU_ONLY_NAMES) expect(text).not.toContain(name);
      expect(text).not.toContain('"regionCode":"1502');
    });

    it('breaks the 自治区 down by 盟市 and a 旗县 into itself, all adding up to the same trips', async () => {
      const province = (await getRegion(handle.db, '150000')) as RegionRef;
      const all = await coverageReport(handle.db, province, term, NOW);
      expect(all.rows.map((r) => r.regionCode)).toEqual(
        (await regionRowsOf(handle.db, '150000')).filter((c) => c !== '150000'),
      );
      const chifengRow = all.rows.find((r) => r.regionCode === '150400');
      expect(chifengRow).toMatchObject({ trips: 8, pupilsReached: 187, venues: 3, greenSeatsUsed: 16 });
      expect(all.rows.find((r) => r.regionCode === '150200')).toMatchObject({
        trips: 2,
        pupilsReached: 88,
        schoolsWithoutTrip: 1,
        greenSeatsOffered: 6,
        greenSeatsUsed: 6,
        speakerTalks: 1,
      });
      expect(all.total.trips).toBe(10);
      const hongshan = (await getRegion(handle.db, '150402')) as RegionRef;
      const county = await coverageReport(handle.db, hongshan, term, NOW);
      expect(county.rows).toHaveLength(1);
      expect(county.rows[0]).toMatchObject({ regionCode: '150402', own: false, trips: 6 });
      expect(county.total.trips).toBe(6);
      // 包头: F's nearest free venue on 31 January is 东河纪念馆, not the closer one that became free on 1 February.
      const baotou = await coverageReport(
        handle.db,
        (await getRegion(handle.db, '150200')) as RegionRef,
        term,
        NOW,
      );
      expect(baotou.schoolsWithoutTrip.map((s) => [s.schoolName, s.nearestFreeVenueName])).toEqual([
        [data.schools.F.name, data.venues.V3.name],
      ]);
    });

    it('gives another term other answers (spring 2026 holds the spring trip only)', async () => {
      const spring = parseTerm('2026-spring') as Term;
      const report = await coverageReport(handle.db, chifeng, spring, NOW);
      expect(report.total).toMatchObject({
        trips: 1,
        pupilsReached: 20,
        speakerTalks: 1,
        greenSeatsOffered: 9,
      });
    });

    it('refuses a report on a region outside the auditor’s scope (赤峰 auditor asking for 包头)', async () => {
      const scope = scopeOf({ roles: [{ role: 'auditor', regionCode: '150400' }] });
      expect(scope).not.toBeNull();
      if (!scope) return;
      expect(await resolveReportRegion(handle.db, scope, '150200')).toEqual({
        ok: false,
        error: 'out_of_scope',
      });
      expect(await resolveReportRegion(handle.db, scope, '150000')).toEqual({
        ok: false,
        error: 'out_of_scope',
      });
      const own = await resolveReportRegion(handle.db, scope, undefined);
      expect(own.ok && own.region.code).toBe('150400');
      const county = await resolveReportRegion(handle.db, scope, '150421');
      expect(county.ok && county.region.name).toBe('阿鲁科尔沁旗');
    });

    // Runs last: it adds a venue.
    it('counts a venue whose place is unknown at the 自治区 (本级) only, and never as a school’s nearest free venue', async () => {
      const [h] = await queryRows<{ lat: number; lng: number }>(
        handle.db,
        sql`select lat, lng from schools where name = ${data.schools.H.name}`,
      );
      // Stored at the very point of school H, as an unplaced import could be: the point must not count.
      const [venue] = await queryRows<{ id: string }>(
        handle.db,
        sql`insert into venues (slug, name, type, region_code, lat, lng, location_approximate, status)
            values ('unplaced-museum', '待核实博物馆', 'museum', '150000', ${h?.lat}, ${h?.lng}, true, 'published')
            returning id`,
      );
      await handle.db.execute(
        sql`insert into access_commitments (venue_id, audience, kind, valid_from, status)
            values (${venue?.id}, 'primary', 'free', date '2025-01-01', 'active')`,
      );
      const all = await coverageReport(
        handle.db,
        (await getRegion(handle.db, '150000')) as RegionRef,
        term,
        NOW,
      );
      expect(all.rows[0]).toMatchObject({ regionCode: '150000', own: true, venues: 1, schools: 0 });
      expect(all.rows[0]?.venuesPer10k).toBeNull();
      expect(all.rows.find((r) => r.regionCode === '150400')).toMatchObject({ venues: 3 });
      const again = await coverageReport(handle.db, chifeng, term, NOW);
      expect(again.total.venues).toBe(3);
      const nearest = again.schoolsWithoutTrip.find((s) => s.schoolName === data.schools.H.name);
      expect(nearest?.nearestFreeVenueName).toBe(data.venues.V1.name);
    });
  });
}
