import { describe, expect, it } from 'vitest';
import { runCli, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';

// Each command boots its own embedded PostgreSQL (seconds each), so these tests get a generous budget.
describe('the CLI on an embedded database', { timeout: 300_000 }, () => {
  const env = { DATA_DIR: tempDataDir() };

  it('creates a school, a speaker user with a profile, a token, and lists them as JSON', async () => {
    const school = await runCli(
      [
        'school:create',
        '--name',
        '测试乡村小学',
        '--region',
        '150125',
        '--level',
        'primary',
        '--pupils',
        '300',
        '--rural',
        '--left-behind',
        '45',
        '--json',
      ],
      env,
    );
    expect(school.stderr).toBe('');
    expect(school.status).toBe(0);
    const created = JSON.parse(school.stdout);
    expect(created).toMatchObject({
      name: '测试乡村小学',
      regionCode: '150125',
      rural: true,
      isPriority: true,
      leftBehindPupils: 45,
    });

    const teacher = await runCli(
      [
        'user:create',
        '--email',
        'T@Example.com',
        '--password',
        'longenough',
        '--role',
        'teacher',
        '--school',
        created.id,
        '--json',
      ],
      env,
    );
    expect(teacher.status).toBe(0);
    const speaker = await runCli(
      [
        'user:create',
        '--email',
        'spk@example.com',
        '--password',
        'longenough',
        '--role',
        'speaker',
        '--json',
      ],
      env,
    );
    expect(speaker.status).toBe(0);
    expect(JSON.parse(speaker.stdout).speakerId).toMatch(/^[0-9a-f-]{36}$/);

    const token = await runCli(['token:create', '--email', 't@example.com', '--json'], env);
    expect(token.status).toBe(0);
    expect(JSON.parse(token.stdout).token).toMatch(/^sct_[\w-]{40,}$/);

    const list = await runCli(['user:list', '--role', 'teacher', '--json'], env);
    const people = JSON.parse(list.stdout);
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({
      email: 't@example.com',
      roles: [{ role: 'teacher', schoolId: created.id }],
    });
    const speakers = JSON.parse((await runCli(['user:list', '--role', 'speaker', '--json'], env)).stdout);
    expect(speakers[0].roles[0].speakerId).toBe(JSON.parse(speaker.stdout).speakerId);
  });

  it('exits non-zero with one clear line on bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['school:create', '--name', 'x小学', '--region', '150125', '--level', 'college', '--pupils', '3'],
        /--level/,
      ],
      [
        ['school:create', '--name', '小学', '--region', '150125', '--level', 'primary', '--pupils', 'many'],
        /--pupils/,
      ],
      [
        ['school:create', '--name', '小学', '--region', '999999', '--level', 'primary', '--pupils', '3'],
        /--region/,
      ],
      [['user:create', '--email', 'not-an-email', '--password', 'longenough'], /--email/],
      [['user:create', '--email', 'a@b.example', '--password', 'short'], /--password/],
      [
        ['user:create', '--email', 'a@b.example', '--password', 'longenough', '--role', 'teacher'],
        /--school/,
      ],
      [['token:create', '--email', 'nobody@example.com'], /nobody@example.com/],
      [['no:such-command'], /unknown command/],
    ];
    for (const [args, pattern] of cases) {
      const result = await runCli(args, env);
      expect(result.status, args.join(' ')).not.toBe(0);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
    }
  });

  it('says clearly that the server holds the database while it runs', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
    try {
      // The process runs its scheduled jobs (reminders, lapses, expiries).
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { jobs: string };
      expect(health.jobs).toBe('running');
      const result = await runCli(['user:list'], { DATA_DIR: dataDir });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`in use by another process (pid ${server.process.pid}, the server)`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect((await runCli(['user:list'], { DATA_DIR: dataDir })).status).toBe(0);
  });
});
