// npm run bench:booking — in one run on the PostgreSQL server: the raw booking statement (one conditional UPDATE of
// the session feeding the booking's INSERT), then POST /api/v1/bookings end to end over HTTP against the built server
// as its own process, both at 50 concurrent clients over the same kind of sessions; then a check that no session holds
// more seats than it has, or other seats than its bookings'. Targets (issue 5): HTTP ≥ 10 % of raw, p95 ≤ 50 ms.
//
// Each phase books over 100 sessions: 90 too large to fill during the run, so that both phases measure bookings made
// (a refused statement writes nothing and costs PostgreSQL a fraction of a booking), and 10 of 120 seats that fill
// within the first second, so that requests race at the edge of capacity and the check at the end means something.
//
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) names the server; BENCH_SECONDS the length of each phase (default 10);
// BENCH_REFERENCE=0 skips the reference phase; SERVER_CPU_PROF=dir writes the web server's CPU profile there.
// After the HTTP phase, a paced one that is not a target: the same clients offering half the measured throughput at
// even intervals, to show the time a booking takes when the machine is busy but not saturated.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { openDatabase } from '#db/client.ts';
import { bookings, sessions } from '#db/schema/index.ts';
import { makeBookingWorld } from '#tests/factories/bookings.ts';
import { createFromTemplate, ensureTemplate } from '#tests/setup/postgres.ts';
import { startServerProcess, tempDataDir } from '#tests/setup/processes.ts';

const baseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_REFERENCE=0 leaves out the reference phase (e.g. while profiling the server with SERVER_CPU_PROF=dir). */
const SKIP_REFERENCE = process.env.BENCH_REFERENCE === '0';
const CLIENTS = 50;
const SESSIONS = 100;
const SMALL_SESSIONS = 10;
const SMALL_CAPACITY = 120;
const CAPACITY = 1_000_000;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0;

/** CPU seconds (user + system) used so far by the processes whose pid passes `which` (Linux /proc; 0 elsewhere). */
function cpuSeconds(which: (pid: number, command: string) => boolean): number {
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!which(pid, command)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}

/** CPU used by the PostgreSQL server, the web server and this process (the load generator) during `run`. */
async function measuringCpu<T>(serverPid: number | undefined, run: () => Promise<T>) {
  const postgresNow = () => cpuSeconds((_pid, command) => command === 'postgres');
  const serverNow = () => (serverPid ? cpuSeconds((pid) => pid === serverPid) : 0);
  const selfNow = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const before = { postgres: postgresNow(), server: serverNow(), self: selfNow() };
  const result = await run();
  return {
    result,
    cpu: {
      postgres: postgresNow() - before.postgres,
      server: serverNow() - before.server,
      self: selfNow() - before.self,
    },
  };
}

function progress(message: string) {
  process.stdout.write(`• ${message}\n`);
}

/**
 * CLIENTS clients, each sending `rate / CLIENTS` requests a second at even intervals (the clients' phases spread over
 * one interval) for SECONDS, each latency counted from the moment its request was due. Sorted latencies in ms.
 */
async function pacedRun(
  url: string,
  rate: number,
  request: () => { headers: Record<string, string>; body: string },
): Promise<{ latencies: number[]; answered: number; failed: number }> {
  const interval = (CLIENTS / rate) * 1000;
  const start = performance.now() + 100;
  const end = start + SECONDS * 1000;
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let due = start + (client / CLIENTS) * interval; due < end; due += interval) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const answer = await fetch(url, { method: 'POST', ...request() });
        await answer.arrayBuffer();
        latencies.push(performance.now() - due);
        if (answer.status !== 201) failed++;
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), answered: latencies.length, failed };
}

async function main() {
  progress(`database: a fresh copy of the migrated template on ${new URL(baseUrl).host}`);
  const template = await ensureTemplate(baseUrl, 'empty');
  const copy = await createFromTemplate(baseUrl, template);
  const handle = await openDatabase({ url: copy.url, poolSize: 10 });
  const db = handle.db;
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const world = await makeBookingWorld(db);
    const firstStart = Date.now() + 10 * 86_400_000;
    // A program has one live session per starting minute: each session of the two sets starts a minute later.
    const makeSessions = async (set: number) =>
      (
        await db
          .insert(sessions)
          .values(
            Array.from({ length: SESSIONS }, (_, i) => {
              const startsAt = new Date(firstStart + (set * SESSIONS + i) * 60_000);
              return {
                programId: world.program.id,
                venueId: world.venue.id,
                startsAt,
                endsAt: new Date(startsAt.getTime() + 90 * 60_000),
                capacity: i < SMALL_SESSIONS ? SMALL_CAPACITY : CAPACITY,
              };
            }),
          )
          .returning({ id: sessions.id })
      ).map((s) => s.id);
    const rawSessions = await makeSessions(0);
    const httpSessions = await makeSessions(1);
    const teacher = world.people.teacher;

    // ---- Raw: the one statement, from 50 connections at once.
    progress(
      `raw statement: ${CLIENTS} clients for ${SECONDS} s over ${SESSIONS} sessions (${SMALL_SESSIONS} of ${SMALL_CAPACITY} seats)`,
    );
    const client = postgres(copy.url, { max: CLIENTS, onnotice: () => {} });
    let rawDone = 0;
    let rawAccepted = 0;
    const rawLatencies: number[] = [];
    const rawEnd = Date.now() + SECONDS * 1000;
    const { cpu: rawCpu } = await measuringCpu(undefined, () =>
      Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (Date.now() < rawEnd) {
            const pupils = randomInt(1, 40);
            const chaperones = Math.ceil(pupils / 10);
            const seats = pupils + chaperones;
            const sessionId = rawSessions[randomInt(0, SESSIONS - 1)] as string;
            const started = performance.now();
            const rows = await client`
            with taken as (
              update sessions set seats_held = seats_held + ${seats}, seats_held_general = seats_held_general + ${seats}
              where id = ${sessionId} and seats_held + ${seats} <= capacity
              returning id, venue_id
            )
            insert into bookings (session_id, venue_id, school_id, teacher_id, status, grade, pupils, chaperones, seats,
              contact_name, contact_phone, standard_price_per_pupil, standard_price_per_chaperone,
              promised_price_per_pupil, promised_price_per_chaperone)
            select id, venue_id, ${world.school.id}, ${teacher.id}, 'requested', 5, ${pupils}, ${chaperones}, ${seats},
              '', '', 0, 0, 0, 0
            from taken
            returning id`;
            rawLatencies.push(performance.now() - started);
            rawDone++;
            if (rows.length) rawAccepted++;
          }
        }),
      ),
    );
    await client.end();
    const rawRate = rawDone / SECONDS;

    // ---- HTTP: the built server as its own process, 50 clients with autocannon.
    const { token } = await createApiToken(db, teacher.id, 'bench', { userId: null });
    // PostgreSQL runs on this machine: three connections per core (README, DATABASE_POOL_SIZE).
    const poolSize = process.env.DATABASE_POOL_SIZE ?? String(Math.min(100, 3 * availableParallelism()));
    progress(`HTTP: starting the built server as its own process (${poolSize} database connections)`);
    server = await startServerProcess({
      DATA_DIR: tempDataDir(),
      DATABASE_POOL_SIZE: poolSize,
      DATABASE_URL: copy.url,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    });
    progress(
      `HTTP POST /api/v1/bookings: ${CLIENTS} clients for ${SECONDS} s (each with its own Idempotency-Key)`,
    );
    const { default: autocannon } = await import('autocannon');
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    /** One booking request: another group of the one teacher's school (each session is booked many times over). */
    const bookingRequest = () => {
      const pupils = randomInt(1, 40);
      return {
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          sessionId: httpSessions[randomInt(0, SESSIONS - 1)],
          grade: 5,
          pupils,
          chaperones: Math.ceil(pupils / 10),
          pupilsWithDisabilities: 0,
          leftBehindPupils: 0,
          notes: '',
          anotherGroup: true,
        }),
      };
    };
    const instance = autocannon({
      url: server.url,
      connections: CLIENTS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/bookings',
          setupRequest: (request) => ({ ...request, ...bookingRequest() }),
        },
      ],
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
    const { result, cpu: httpCpu } = await measuringCpu(server.process.pid, async () => await instance);
    const httpDone = latencies.length;
    const httpRate = httpDone / SECONDS;
    latencies.sort((a, b) => a - b);
    rawLatencies.sort((a, b) => a - b);
    const p95 = percentile(latencies, 95);

    // ---- Not the target, which is measured above: the same 50 clients offering half the throughput just measured,
    // evenly spaced, as on a busy day that does not saturate the machine. With every client waiting for its answer
    // (above) the mean latency is clients / throughput whatever the server does (Little's law); paced, it is the time
    // a booking takes. Each latency counts from the moment its request was due, so a late send counts against it.
    const [made] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(bookings)
      .where(and(eq(bookings.teacherId, teacher.id), inArray(bookings.sessionId, httpSessions)));
    const pacedRate = Math.max(1, Math.round(httpRate / 2));
    progress(
      `HTTP POST /api/v1/bookings paced (not the target): ${CLIENTS} clients offering ${pacedRate}/s in all`,
    );
    const paced = await pacedRun(`${server.url}/api/v1/bookings`, pacedRate, bookingRequest);

    // ---- For reference, the cheapest authenticated API request (the token lookup alone) at the same concurrency:
    // what HTTP with one query costs on this machine, whatever the booking does.
    if (!SKIP_REFERENCE)
      progress(`reference: GET /api/v1/me (the token lookup alone), ${CLIENTS} clients for ${SECONDS} s`);
    const reference = SKIP_REFERENCE
      ? null
      : await autocannon({
          url: `${server.url}/api/v1/me`,
          connections: CLIENTS,
          duration: SECONDS,
          headers: { authorization: `Bearer ${token}` },
        });

    // ---- No session holds more seats than it has, nor other seats than its bookings'.
    progress('checking every session: seats held ≤ capacity and = Σ seats of its holding bookings');
    const all = [...rawSessions, ...httpSessions];
    const ledger = await db
      .select({
        id: sessions.id,
        held: sessions.seatsHeld,
        capacity: sessions.capacity,
        sum: sql<number>`(select coalesce(sum(b.seats), 0)::int from bookings b
          where b.session_id = "sessions"."id" and b.status in ('requested', 'school_approved', 'confirmed'))`,
      })
      .from(sessions)
      .where(inArray(sessions.id, all));
    const overbooked = ledger.filter((s) => s.held > s.capacity || s.held !== s.sum);

    const ratio = rawRate > 0 ? httpRate / rawRate : 0;
    const rows = [
      [
        'raw statement',
        `${rawRate.toFixed(0)}/s`,
        `${percentile(rawLatencies, 95).toFixed(1)} ms`,
        `${rawAccepted} booked, ${rawDone - rawAccepted} refused`,
      ],
      [
        'HTTP POST /api/v1/bookings',
        `${httpRate.toFixed(0)}/s`,
        `${p95.toFixed(1)} ms`,
        `${made?.n ?? 0} booked; ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}${result.errors ? `; ${result.errors} errors` : ''}`,
      ],
    ];
    if (reference) {
      rows.push([
        'reference: HTTP GET /api/v1/me',
        `${reference.requests.average.toFixed(0)}/s`,
        `p97.5 ${reference.latency.p97_5.toFixed(1)} ms`,
        `${reference.non2xx} not 2xx`,
        '–',
        '–',
        '–',
      ]);
    }
    const perRequest = (seconds: number, n: number) => (n ? `${((seconds * 1000) / n).toFixed(2)} ms` : '–');
    rows[0]?.push(perRequest(rawCpu.postgres, rawDone), '–', perRequest(rawCpu.self, rawDone));
    rows[1]?.push(
      perRequest(httpCpu.postgres, httpDone),
      perRequest(httpCpu.server, httpDone),
      perRequest(httpCpu.self, httpDone),
    );
    console.log(
      '\n| phase | throughput | p95 | outcome | CPU per request: PostgreSQL | web server | load generator |\n|---|---|---|---|---|---|---|',
    );
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(
      `\nHTTP / raw = ${(ratio * 100).toFixed(1)} % (target ≥ 10 %) · HTTP p95 ${p95.toFixed(1)} ms (target ≤ 50 ms) · ` +
        `overbooked or out-of-step sessions: ${overbooked.length} of ${ledger.length}`,
    );
    const spread = [50, 90, 95, 99].map((p) => `p${p} ${percentile(latencies, p).toFixed(1)}`).join(' · ');
    const mean = latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1);
    console.log(
      `HTTP latency: mean ${mean.toFixed(1)} ms (${CLIENTS} clients / throughput = ${((CLIENTS / (httpRate || 1)) * 1000).toFixed(1)} ms) · ${spread} ms`,
    );
    console.log(
      `Paced, ${pacedRate}/s offered (half the throughput above; not the target): ${(paced.answered / SECONDS).toFixed(0)}/s answered, ` +
        `${paced.failed} not 201 · ${[50, 95, 99].map((p) => `p${p} ${percentile(paced.latencies, p).toFixed(1)}`).join(' · ')} ms`,
    );
    const ok = ratio >= 0.1 && p95 <= 50 && overbooked.length === 0 && !result.errors;
    console.log(ok ? 'All targets met.' : 'TARGET MISSED.');
    process.exitCode = overbooked.length === 0 ? (ok ? 0 : 1) : 2;
  } finally {
    if (server) await server.stop();
    await handle.close();
    await copy.drop();
  }
}

await main();
