import { and, count, countDistinct, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { accessCommitments, programs, sessions, speakers, venues } from '#db/schema/index.ts';

export interface CatalogueCounts {
  venues: number;
  speakers: number;
  freeVenues: number;
  openDaysNext30: number;
}

/** Commitments in force on a day, as a SQL condition (the same rule as `inForce` in commitments/pricing). */
export function commitmentInForce(day: string) {
  return and(
    eq(accessCommitments.status, 'active'),
    lte(accessCommitments.validFrom, day),
    or(isNull(accessCommitments.validTo), gte(accessCommitments.validTo, day)),
  );
}

/** The live figures on the home page. */
export async function getCatalogueCounts(db: Database, now: Date): Promise<CatalogueCounts> {
  const day = shanghaiDay(now);
  const in30 = new Date(now.getTime() + 30 * 24 * 3600 * 1000);
  const [venueCount, speakerCount, freeCount, openDayCount] = await Promise.all([
    db.select({ n: count() }).from(venues).where(eq(venues.status, 'published')),
    db.select({ n: count() }).from(speakers).where(eq(speakers.status, 'published')),
    db
      .select({ n: countDistinct(accessCommitments.venueId) })
      .from(accessCommitments)
      .innerJoin(venues, eq(venues.id, accessCommitments.venueId))
      .where(
        and(
          eq(venues.status, 'published'),
          eq(accessCommitments.kind, 'free'),
          inArray(accessCommitments.audience, ['primary', 'junior']),
          commitmentInForce(day),
        ),
      ),
    db
      .select({ n: count() })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .innerJoin(programs, eq(programs.id, sessions.programId))
      .where(
        and(
          eq(venues.status, 'published'),
          eq(programs.active, true),
          eq(sessions.openDay, true),
          isNull(sessions.cancelledAt),
          gte(sessions.startsAt, now),
          sql`${sessions.startsAt} < ${in30.toISOString()}`,
        ),
      ),
  ]);
  return {
    venues: venueCount[0]?.n ?? 0,
    speakers: speakerCount[0]?.n ?? 0,
    freeVenues: freeCount[0]?.n ?? 0,
    openDaysNext30: openDayCount[0]?.n ?? 0,
  };
}
