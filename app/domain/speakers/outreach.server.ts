import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { venueDistanceSql, venueLocationKnownSql } from '#app/domain/catalogue/placement.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { programs, venues } from '#db/schema/index.ts';
import { likeContaining } from '#db/sql.ts';
import type { SchoolPlace } from './speakers.server.ts';

// Outreach programs (进校园): what venues bring to schools, found like the topic menu.

/** The school's point, when it has one, to measure venues from. */
function pointOf(school: SchoolPlace | null): { lat: number; lng: number } | null {
  return school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
}

export async function similarOutreachNearby(
  db: Database,
  options: { programId: string; school: SchoolPlace; limit?: number },
) {
  const [program] = await db
    .select({ themes: programs.themes, venueId: programs.venueId })
    .from(programs)
    .where(eq(programs.id, options.programId));
  if (!program) return [];
  const { school } = options;
  const distance = venueDistanceSql('venues', pointOf(school));
  const themes = program.themes.length ? program.themes : [''];
  const rows = await db
    .select({
      id: programs.id,
      title: programs.title,
      venueName: venues.name,
      durationMinutes: programs.durationMinutes,
      distanceKm: distance,
    })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .where(
      and(
        eq(programs.delivery, 'outreach'),
        eq(programs.active, true),
        eq(venues.status, 'published'),
        ne(programs.venueId, program.venueId),
        sql`${programs.themes} && array[${sql.join(
          themes.map((t) => sql`${t}`),
          sql`, `,
        )}]::text[]`,
      ),
    )
    .orderBy(sql`${distance} asc nulls last`, asc(programs.title), asc(programs.id))
    .limit(options.limit ?? 5);
  return rows.map((r) => ({
    ...r,
    distanceKm: r.distanceKm === null ? null : Math.round(Number(r.distanceKm)),
  }));
}

export const OUTREACH_PAGE_SIZE = 24;

/** Outreach programs schools can ask for, nearest to the school first. */
export async function listOutreachPrograms(
  db: Database,
  query: { q?: string; theme?: string; grade?: number; page: number },
  school: SchoolPlace | null,
) {
  const distance = venueDistanceSql('venues', pointOf(school));
  const pattern = query.q ? likeContaining(query.q) : undefined;
  const where = and(
    eq(programs.delivery, 'outreach'),
    eq(programs.active, true),
    eq(venues.status, 'published'),
    pattern ? or(sql`${programs.title} ilike ${pattern}`, sql`${venues.name} ilike ${pattern}`) : undefined,
    query.theme ? sql`${query.theme} = any(${programs.themes})` : undefined,
    query.grade !== undefined ? sql`${query.grade}::int = any(${programs.grades})` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: programs.id,
        title: programs.title,
        summary: programs.summary,
        grades: programs.grades,
        themes: programs.themes,
        durationMinutes: programs.durationMinutes,
        language: programs.language,
        venueName: venues.name,
        venueType: venues.type,
        // No point for a venue whose place is unknown (ADR 018): the map leaves it out.
        venueLat: sql<number | null>`case when ${venueLocationKnownSql('venues')} then ${venues.lat} end`,
        venueLng: sql<number | null>`case when ${venueLocationKnownSql('venues')} then ${venues.lng} end`,
        outreachPerDay: venues.outreachPerDay,
        distanceKm: distance,
      })
      .from(programs)
      .innerJoin(venues, eq(venues.id, programs.venueId))
      .where(where)
      .orderBy(sql`${distance} asc nulls last`, asc(programs.title), asc(programs.id))
      .limit(OUTREACH_PAGE_SIZE)
      .offset((query.page - 1) * OUTREACH_PAGE_SIZE),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(programs)
      .innerJoin(venues, eq(venues.id, programs.venueId))
      .where(where),
  ]);
  return {
    programs: rows.map((r) => ({
      ...r,
      distanceKm: r.distanceKm === null ? null : Math.round(Number(r.distanceKm)),
    })),
    total: Number(total?.n ?? 0),
  };
}

/** One outreach program for the request form. */
export async function getOutreachProgram(db: Database, programId: string) {
  if (!isUuid(programId)) return null;
  const [row] = await db
    .select({
      id: programs.id,
      title: programs.title,
      summary: programs.summary,
      grades: programs.grades,
      durationMinutes: programs.durationMinutes,
      maxGroupSize: programs.maxGroupSize,
      venueId: venues.id,
      venueName: venues.name,
      outreachPerDay: venues.outreachPerDay,
    })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .where(
      and(
        eq(programs.id, programId),
        eq(programs.delivery, 'outreach'),
        eq(programs.active, true),
        eq(venues.status, 'published'),
      ),
    );
  return row ?? null;
}
