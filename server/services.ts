import type { Clock } from '#app/utils/clock.ts';
import type { Config } from '#app/utils/env.server.ts';
import type { DatabaseHandle } from '#db/client.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mailer.ts';

/** What the server builds once at start and hands to every request through the Remix load context. */
export interface Services {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
  /** Name of the search engine in use, reported by /healthz. */
  searchEngine: string;
  /** The in-server scheduler of reminders, lapses and expiries, when this process runs it (tests tick their own). */
  scheduler?: { readonly started: boolean };
}
