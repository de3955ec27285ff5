import { deliverPendingEmails } from './mailer.ts';
import type { Job } from './scheduler.ts';

/** Every job the server runs. A capability adds its jobs here. */
export const jobs: Job[] = [
  {
    name: 'deliver-emails',
    everyMs: 15_000,
    run: ({ db, mailer, now, log }) => deliverPendingEmails(db, mailer, now, log),
  },
];
