import {
  lapseExpiredRequests,
  promoteWaitlists,
  remindUpcomingTrips,
} from '#app/domain/bookings/bookings.server.ts';
import { purgeExpiredIdempotencyKeys } from '#app/domain/bookings/idempotency.server.ts';
import { expireOpenInvitations, remindOpenInvitations } from '#app/domain/speakers/invitations.server.ts';
import { searchFor } from '#search/service.server.ts';
import { deliverPendingEmails } from './mailer.ts';
import type { Job } from './scheduler.ts';

/** Every job the server runs. A capability adds its jobs here. */
export const jobs: Job[] = [
  {
    // Catalogue changes reach the search index through the outbox (searches also drain it before answering).
    name: 'search-outbox',
    everyMs: 2_000,
    run: ({ db }) => searchFor(db).drain(),
  },
  {
    // Meilisearch keeps a venue's free/discounted access as of the day it was indexed: on a new day the venues whose
    // commitments start or end go through the outbox again.
    name: 'search-access-days',
    everyMs: 10 * 60_000,
    run: ({ db, now }) => searchFor(db).followAccessDays(now),
  },
  {
    name: 'deliver-emails',
    everyMs: 15_000,
    run: ({ db, mailer, now, log }) => deliverPendingEmails(db, mailer, now, log),
  },
  {
    name: 'invitation-reminders',
    everyMs: 10 * 60_000,
    run: ({ db, now, publicUrl }) => remindOpenInvitations(db, { now, publicUrl }),
  },
  {
    name: 'invitation-expiry',
    everyMs: 5 * 60_000,
    run: ({ db, now, publicUrl }) => expireOpenInvitations(db, { now, publicUrl }),
  },
  {
    name: 'booking-lapses',
    everyMs: 60_000,
    run: ({ db, now, publicUrl }) => lapseExpiredRequests(db, { now, publicUrl }),
  },
  {
    name: 'booking-waitlists',
    everyMs: 5 * 60_000,
    run: ({ db, now, publicUrl }) => promoteWaitlists(db, { now, publicUrl }),
  },
  {
    name: 'booking-reminders',
    everyMs: 10 * 60_000,
    run: ({ db, now, publicUrl }) => remindUpcomingTrips(db, { now, publicUrl }),
  },
  {
    name: 'idempotency-keys',
    everyMs: 60 * 60_000,
    run: ({ db, now }) => purgeExpiredIdempotencyKeys(db, now),
  },
];
