import { asc, eq } from 'drizzle-orm';
import { recordAudit, regionOfVenue } from '#app/domain/audit/audit.server.ts';
import type { Database } from '#db/client.ts';
import { type Program, programs } from '#db/schema/index.ts';
import { type AccessError, isUuid, mayOperate, type VenueActor, venueForActor } from './access.server.ts';
import type { ProgramInput } from './schemas.ts';

export async function listPrograms(
  db: Database,
  actor: VenueActor,
  venueId: string,
): Promise<{ ok: true; programs: Program[] } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const rows = await db
    .select()
    .from(programs)
    .where(eq(programs.venueId, venueId))
    .orderBy(asc(programs.delivery), asc(programs.title));
  return { ok: true, programs: rows };
}

/** A new program of the venue (on-site visits get sessions; outreach programs are requested by schools). */
export async function createProgram(
  db: Database,
  actor: VenueActor,
  venueId: string,
  input: ProgramInput,
  now: Date,
): Promise<{ ok: true; program: Program } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  return db.transaction(async (tx) => {
    const [program] = await tx
      .insert(programs)
      .values({ ...input, venueId, createdAt: now, updatedAt: now })
      .returning();
    if (!program) throw new Error('program not inserted');
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'program.create',
      entityType: 'program',
      entityId: program.id,
      regionCode: access.venue.regionCode,
      after: { venueId, ...input },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true, program } as const;
  });
}

/** Takes a program off the offer (its existing sessions stay) or puts it back. */
export async function setProgramActive(
  db: Database,
  actor: VenueActor,
  programId: string,
  active: boolean,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: AccessError }> {
  if (!isUuid(programId)) return { ok: false, error: 'not_found' };
  return db.transaction(async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, programId)).for('update');
    if (!program) return { ok: false, error: 'not_found' } as const;
    if (!mayOperate(actor, program.venueId)) return { ok: false, error: 'forbidden' } as const;
    if (program.active === active) return { ok: true } as const;
    await tx.update(programs).set({ active, updatedAt: now }).where(eq(programs.id, programId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: active ? 'program.activate' : 'program.deactivate',
      entityType: 'program',
      entityId: programId,
      regionCode: regionOfVenue(program.venueId),
      before: { active: program.active },
      after: { active },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true } as const;
  });
}
