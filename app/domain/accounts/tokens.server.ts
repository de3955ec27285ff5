import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { apiTokens, users } from '#db/schema/index.ts';
import { preparedFor } from '#db/sql.ts';
import { activeRolesJson, type RoleMembership } from './accounts.server.ts';
import { hashSecret } from './passwords.server.ts';

export interface TokenUser {
  id: string;
  name: string;
  roles: RoleMembership[];
  tokenId: string;
}

const TOUCH_INTERVAL_MS = 60_000;

// The token, its owner and the owner's active roles in one round trip (every API request starts here).
const tokenOwner = preparedFor((db) =>
  db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      name: users.name,
      roles: activeRolesJson(users.id),
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        isNull(apiTokens.revokedAt),
        isNull(users.disabledAt),
      ),
    )
    .limit(1)
    .prepare('api_token_owner'),
);

/** The owner of an API token (with the owner's roles), unless the token is unknown, revoked or its owner disabled. */
export async function resolveApiToken(db: Database, token: string, now: Date): Promise<TokenUser | null> {
  const [row] = await tokenOwner(db).execute({ tokenHash: hashSecret(token) });
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return { id: row.id, name: row.name, tokenId: row.tokenId, roles: row.roles };
}

/** Revokes every live token of a person (their account was disabled). */
export async function revokeAllTokens(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}
