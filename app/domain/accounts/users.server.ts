import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { locales } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import { type Role, roles } from '#db/schema/enums.ts';
import { apiTokens, memberships, regions, schools, speakers, users, venues } from '#db/schema/index.ts';
import { PG, pgErrorCode } from '#db/sql.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { newPassword } from './password-rules.ts';
import { createSecret, hashPassword } from './passwords.server.ts';

export const UserInputSchema = z
  .object({
    email: z.email().max(200).optional(),
    mobile: z
      .string()
      .regex(/^1[3-9][0-9]{9}$/, 'validation.mobile')
      .optional(),
    name: z.string().trim().min(1).max(60).optional(),
    password: newPassword,
    /** The language the person signed up in: their e-mails are written in it. */
    locale: z.enum(locales).optional(),
    role: z.enum(roles).optional(),
    schoolId: z.uuid().optional(),
    venueId: z.uuid().optional(),
    regionCode: z
      .string()
      .regex(/^15[0-9]{4}$/, 'validation.invalid')
      .optional(),
  })
  .refine((u) => u.email || u.mobile, { path: ['email'], message: 'validation.required' })
  .superRefine((u, ctx) => {
    const needs: Partial<Record<Role, 'schoolId' | 'venueId' | 'regionCode'>> = {
      teacher: 'schoolId',
      school_admin: 'schoolId',
      venue_operator: 'venueId',
      auditor: 'regionCode',
    };
    const field = u.role ? needs[u.role] : undefined;
    if (field && !u[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'validation.required' });
  });
export type UserInput = z.input<typeof UserInputSchema>;

export type CreateUserResult =
  | { ok: true; userId: string; speakerId: string | null }
  | { ok: false; error: 'taken' | 'unknown_school' | 'unknown_venue' | 'unknown_region' };

/**
 * Creates a person with a password and, optionally, one role. A speaker gets a speaker profile of their own, in the
 * region given or the regional capital, waiting for an auditor's verification.
 */
export async function createUser(
  db: Database,
  input: UserInput,
  actor: { userId: string | null; requestId?: string },
): Promise<CreateUserResult> {
  const data = UserInputSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.transaction(async (tx) => {
      if (
        data.schoolId &&
        !(await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, data.schoolId))).length
      ) {
        return { ok: false, error: 'unknown_school' } as const;
      }
      if (
        data.venueId &&
        !(await tx.select({ id: venues.id }).from(venues).where(eq(venues.id, data.venueId))).length
      ) {
        return { ok: false, error: 'unknown_venue' } as const;
      }
      if (
        data.regionCode &&
        !(await tx.select({ c: regions.code }).from(regions).where(eq(regions.code, data.regionCode))).length
      ) {
        return { ok: false, error: 'unknown_region' } as const;
      }
      const name = data.name ?? data.email?.split('@')[0] ?? data.mobile ?? '';
      const [user] = await tx
        .insert(users)
        .values({
          email: data.email?.toLowerCase(),
          mobile: data.mobile,
          name,
          passwordHash,
          locale: data.locale,
        })
        .returning({ id: users.id });
      if (!user) throw new Error('insert returned nothing');
      let speakerId: string | null = null;
      if (data.role === 'speaker') {
        const [speaker] = await tx
          .insert(speakers)
          .values({
            displayName: name,
            category: 'other',
            regionCode: data.regionCode ?? '150100',
            serviceRegionCodes: [data.regionCode ?? '150100'],
            email: data.email?.toLowerCase(),
            phone: data.mobile,
          })
          .returning({ id: speakers.id });
        speakerId = speaker?.id ?? null;
      }
      if (data.role) {
        await tx.insert(memberships).values({
          userId: user.id,
          role: data.role,
          schoolId: data.role === 'teacher' || data.role === 'school_admin' ? data.schoolId : null,
          venueId: data.role === 'venue_operator' ? data.venueId : null,
          regionCode: data.role === 'auditor' ? data.regionCode : null,
          speakerId,
        });
      }
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: {
          name,
          role: data.role ?? null,
          schoolId: data.schoolId,
          venueId: data.venueId,
          regionCode: data.regionCode,
        },
        requestId: actor.requestId,
      });
      return { ok: true, userId: user.id, speakerId } as const;
    });
  } catch (error) {
    if (pgErrorCode(error) === PG.uniqueViolation) return { ok: false, error: 'taken' };
    throw error;
  }
}

export interface UserListing {
  id: string;
  email: string | null;
  mobile: string | null;
  name: string;
  disabled: boolean;
  roles: {
    role: Role;
    status: string;
    schoolId: string | null;
    venueId: string | null;
    regionCode: string | null;
    speakerId: string | null;
  }[];
}

/** Every user (or those holding a role) with the school, venue, region or speaker profile of each role. */
export async function listUsers(db: Database, filter: { role?: Role } = {}): Promise<UserListing[]> {
  const holders = filter.role
    ? db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.role, filter.role))
    : undefined;
  const people = await db
    .select()
    .from(users)
    .where(holders ? inArray(users.id, holders) : undefined)
    .orderBy(asc(users.createdAt), asc(users.email), asc(users.id));
  const allRoles = people.length
    ? await db
        .select()
        .from(memberships)
        .where(
          inArray(
            memberships.userId,
            people.map((p) => p.id),
          ),
        )
    : [];
  return people.map((p) => ({
    id: p.id,
    email: p.email,
    mobile: p.mobile,
    name: p.name,
    disabled: p.disabledAt !== null,
    roles: allRoles
      .filter((m) => m.userId === p.id)
      .map((m) => ({
        role: m.role,
        status: m.status,
        schoolId: m.schoolId,
        venueId: m.venueId,
        regionCode: m.regionCode,
        speakerId: m.speakerId,
      })),
  }));
}

export async function findUserByEmail(db: Database, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user ?? null;
}

/** A new API token: the secret is returned once and only its SHA-256 is kept. */
export async function createApiToken(
  db: Database,
  userId: string,
  name: string,
  actor: { userId: string | null; requestId?: string },
): Promise<{ id: string; token: string }> {
  const { secret, hash } = createSecret('sct_');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name, prefix: secret.slice(0, 10), tokenHash: hash })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'token.create',
      entityType: 'api_token',
      entityId: row.id,
      after: { userId, name, prefix: secret.slice(0, 10) },
      requestId: actor.requestId,
    });
    return { id: row.id, token: secret };
  });
}

export async function revokeApiToken(
  db: Database,
  tokenId: string,
  ownerId: string,
  now: Date,
): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, ownerId)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}
