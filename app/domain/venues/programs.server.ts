import { and, asc, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { recordAudit, regionOfVenue } from '#app/domain/audit/audit.server.ts';
import type { Database } from '#db/client.ts';
import { seatHoldingStatuses } from '#db/schema/enums.ts';
import { bookings, invitations, type Program, programs, sessions } from '#db/schema/index.ts';
import { type AccessError, isUuid, mayOperate, type VenueActor, venueForActor } from './access.server.ts';
import type { ProgramInput, ProgramPatch } from './schemas.ts';

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
    .orderBy(asc(programs.delivery), asc(programs.id));
  // By title as a Chinese reader looks one up (pinyin order), not by code point, which reads as no order at all.
  // PostgreSQL's collation (PGlite has no ICU) would not do that; the list is one venue's, small.
  rows.sort(
    (a, b) =>
      a.delivery.localeCompare(b.delivery) ||
      a.title.localeCompare(b.title, 'zh') ||
      a.id.localeCompare(b.id),
  );
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

/**
 * What taking a program off the offer touches, for the operator to read before doing it: its sessions still to come
 * (no school can book them while it is off) and the bookings that hold seats in them (they stay as they are).
 */
export async function deactivationImpact(
  db: Database,
  actor: VenueActor,
  programId: string,
  now: Date,
): Promise<
  | { ok: true; title: string; futureSessions: number; liveBookings: number }
  | { ok: false; error: AccessError }
> {
  if (!isUuid(programId)) return { ok: false, error: 'not_found' };
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  if (!program) return { ok: false, error: 'not_found' };
  if (!mayOperate(actor, program.venueId)) return { ok: false, error: 'forbidden' };
  const upcoming = and(
    eq(sessions.programId, programId),
    isNull(sessions.cancelledAt),
    gt(sessions.startsAt, now),
  );
  const [[future], [live]] = await Promise.all([
    db.select({ n: count() }).from(sessions).where(upcoming),
    db
      .select({ n: count() })
      .from(bookings)
      .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
      .where(and(upcoming, inArray(bookings.status, [...seatHoldingStatuses]))),
  ]);
  return { ok: true, title: program.title, futureSessions: future?.n ?? 0, liveBookings: live?.n ?? 0 };
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

/** What an operator may change of a program (its venue, id and on/off switch are not among them). */
const editableFields = [
  'title',
  'summary',
  'grades',
  'durationMinutes',
  'minGroupSize',
  'maxGroupSize',
  'standardPricePerPupil',
  'standardPricePerChaperone',
  'delivery',
  'language',
] as const satisfies readonly (keyof ProgramInput)[];

export type ProgramEditError = AccessError | 'group_size' | 'program_in_use';

/** The field each refusal of `updateProgram` is about. */
const editErrorField: Partial<Record<ProgramEditError, keyof ProgramInput>> = {
  group_size: 'maxGroupSize',
  program_in_use: 'delivery',
};

/** One program the actor operates, for its edit form. */
export async function getProgramForActor(
  db: Database,
  actor: VenueActor,
  programId: string,
): Promise<{ ok: true; program: Program } | { ok: false; error: AccessError }> {
  if (!isUuid(programId)) return { ok: false, error: 'not_found' };
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  if (!program) return { ok: false, error: 'not_found' };
  if (!mayOperate(actor, program.venueId)) return { ok: false, error: 'forbidden' };
  return { ok: true, program };
}

/**
 * Changes a program's description, grades, group sizes, prices or language (not the bureau's business: the program's
 * venue is what it vets). Bookings already made keep what they were made with — their grade, their group, the price
 * promised — so a teacher's accepted trip never changes under them. Whether a program is visited on site or taken to
 * schools decides what hangs from it (sessions, or schools' requests), so that changes only while nothing does.
 */
export async function updateProgram(
  db: Database,
  actor: VenueActor,
  programId: string,
  patch: ProgramPatch,
  now: Date,
): Promise<
  | { ok: true; program: Program; changed: boolean }
  | { ok: false; error: ProgramEditError; field?: keyof ProgramInput }
> {
  if (!isUuid(programId)) return { ok: false, error: 'not_found' };
  const fail = (error: ProgramEditError) => ({ ok: false, error, field: editErrorField[error] }) as const;
  return db.transaction(async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, programId)).for('update');
    if (!program) return fail('not_found');
    if (!mayOperate(actor, program.venueId)) return fail('forbidden');
    const changed = editableFields.filter(
      (key) => patch[key] !== undefined && !sameValue(program[key], patch[key]),
    );
    if (changed.length === 0) return { ok: true, program, changed: false } as const;
    const next = { ...program, ...pick(patch, changed) };
    // Named on the size the request changed (only the smallest sent: it is the smallest that is too large).
    if (next.maxGroupSize < next.minGroupSize)
      return changed.includes('maxGroupSize')
        ? fail('group_size')
        : ({ ...fail('group_size'), field: 'minGroupSize' } as const);
    if (changed.includes('delivery') && (await programInUse(tx, programId))) return fail('program_in_use');
    const [updated] = await tx
      .update(programs)
      .set({ ...pick(patch, changed), updatedAt: now })
      .where(eq(programs.id, programId))
      .returning();
    if (!updated) throw new Error('program not updated');
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'program.update',
      entityType: 'program',
      entityId: programId,
      regionCode: regionOfVenue(program.venueId),
      before: pick(program, changed),
      after: pick(updated, changed),
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true, program: updated, changed: true } as const;
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((v, i) => v === b[i])
    : a === b;
}

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;
}

/** Whether sessions or schools' outreach requests hang from the program (any, past ones too: they name it). */
export async function programInUse(tx: Database, programId: string): Promise<boolean> {
  const [session] = await tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.programId, programId))
    .limit(1);
  if (session) return true;
  const [request] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(eq(invitations.programId, programId))
    .limit(1);
  return request !== undefined;
}
