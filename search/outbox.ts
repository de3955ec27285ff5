import type { Database } from '#db/client.ts';
import { searchOutbox } from '#db/schema/index.ts';

export type SearchEntity = 'venue' | 'speaker';

/**
 * Records that a catalogue entry changed. Call it with the transaction that makes the change: the outbox row commits
 * or rolls back with it, so the index can never miss a committed change (the drainer catches up after a crash).
 */
export async function enqueueSearchUpdate(
  db: Database,
  entityType: SearchEntity,
  entityId: string,
  op: 'upsert' | 'delete' = 'upsert',
): Promise<void> {
  await db.insert(searchOutbox).values({ entityType, entityId, op });
}
