import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { regions, type School, schools } from '#db/schema/index.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { type SchoolInput, SchoolInputSchema } from './schemas.ts';

export type CreateSchoolResult = { ok: true; school: School } | { ok: false; error: 'unknown_region' };

/** Adds a school; without coordinates it is placed at the seat of its region. */
export async function createSchool(
  db: Database,
  input: SchoolInput,
  actor: { userId: string | null; requestId?: string },
): Promise<CreateSchoolResult> {
  const data = SchoolInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const [region] = await tx.select().from(regions).where(eq(regions.code, data.regionCode));
    if (!region) return { ok: false, error: 'unknown_region' } as const;
    const [school] = await tx
      .insert(schools)
      .values({ ...data, lat: data.lat ?? region.lat, lng: data.lng ?? region.lng })
      .returning();
    if (!school) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'school.create',
      entityType: 'school',
      entityId: school.id,
      regionCode: school.regionCode,
      after: school,
      requestId: actor.requestId,
    });
    return { ok: true, school } as const;
  });
}
