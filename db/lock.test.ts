import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DatabaseLockedError } from './lock.ts';

describe('embedded database lock', () => {
  it('refuses a second holder while the first process lives, naming it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sc-lock-')), 'pglite.lock');
    // Another live process holds the lock.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(file, JSON.stringify({ pid: sleeper.pid, holder: 'the server' }));
      let caught: unknown;
      try {
        acquireDirectoryLock(file, 'the CLI');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DatabaseLockedError);
      expect((caught as Error).message).toMatch(`pid ${sleeper.pid}, the server`);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over a lock left by a process that is gone, and releases it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sc-lock-')), 'pglite.lock');
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((done) => gone.on('exit', done));
    writeFileSync(file, JSON.stringify({ pid: gone.pid, holder: 'the server' }));
    const release = acquireDirectoryLock(file, 'the CLI');
    expect(existsSync(file)).toBe(true);
    release();
    expect(existsSync(file)).toBe(false);
    acquireDirectoryLock(file, 'again')();
  });
});
