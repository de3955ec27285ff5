import type { Clock } from '#app/utils/clock.ts';
import type { Database } from '#db/client.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mailer.ts';

export interface JobContext {
  db: Database;
  now: Date;
  log: Logger;
  mailer: Mailer;
  publicUrl: string;
}

/** Work the server does by itself: lapse requests, send reminders and e-mails, feed the search index … */
export interface Job {
  name: string;
  /** How often it should run. */
  everyMs: number;
  run(context: JobContext): Promise<unknown>;
}

/**
 * Runs jobs inside the server on a timer. Jobs must be safe to run twice and from two servers at once (they use
 * row locks and the dedupe keys of notices), so a restart or a second process never sends anything twice.
 * Tests call `tick()` with a fake clock instead of waiting.
 */
export class Scheduler {
  private readonly lastRun = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly context: Omit<JobContext, 'now'> & { clock: Clock },
  ) {}

  /** Runs every job whose time has come, one after another; a failing job is logged and does not stop the others. */
  async tick(): Promise<void> {
    const now = this.context.clock.now();
    for (const job of this.jobs) {
      const last = this.lastRun.get(job.name);
      if (last !== undefined && now.getTime() - last < job.everyMs) continue;
      this.lastRun.set(job.name, now.getTime());
      try {
        await job.run({ ...this.context, now });
      } catch (error) {
        this.context.log.error({ err: error, job: job.name }, 'scheduled job failed');
      }
    }
  }

  /** Whether the timer runs (reported by /healthz, so a server that forgot to start its jobs shows it). */
  get started(): boolean {
    return this.timer !== undefined;
  }

  start(intervalMs = 10_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a tick in progress, so that the database can be closed after it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
