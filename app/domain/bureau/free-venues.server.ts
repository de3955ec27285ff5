import { type SQL, sql } from 'drizzle-orm';
import { commitmentInForce } from '#app/domain/catalogue/catalogue.server.ts';
import { accessCommitments } from '#db/schema/index.ts';
import type { SqlColumn } from './regions.server.ts';

/**
 * The venue lets pupils in free on the day, as SQL: the same rule as `accessKind(…) === 'free'` in
 * commitments/pricing.ts (an active commitment in force making entry free for primary or junior pupils).
 */
export function freeVenueSql(venueId: SqlColumn, day: string): SQL {
  return sql`exists (
    select 1 from ${accessCommitments}
    where ${accessCommitments.venueId} = ${venueId}
      and ${accessCommitments.kind} = 'free'
      and ${accessCommitments.audience} in ('primary', 'junior')
      and ${commitmentInForce(day)}
  )`;
}
