import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class DatabaseLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
    readonly holder: string,
  ) {
    super(
      `The embedded database is in use by another process (pid ${holderPid}, ${holder}). ` +
        'Stop that process first (for the CLI: stop the server), or use a PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DatabaseLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one directory silently diverge. This takes an exclusive lock
 * file (created atomically); a lock left by a process that no longer runs is taken over.
 */
export function acquireDirectoryLock(lockFile: string, holder: string): () => void {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let info: { pid?: number; holder?: string } = {};
      try {
        info = JSON.parse(readFileSync(lockFile, 'utf8'));
      } catch {
        // A half-written or unreadable lock: treat it as stale.
      }
      if (info.pid && info.pid !== process.pid && isAlive(info.pid)) {
        throw new DatabaseLockedError(lockFile, info.pid, info.holder ?? 'unknown');
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}
