// Sessions against a model: random sequences of sign-ins (right and wrong password), page views, sign-outs, password
// changes, disabling and enabling the account, and time passing. After every step each session the model thinks
// alive must resolve, and every other must not: revoked, idle for 2 h, or 30 days old. Both drivers.

import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { authSessions, rateLimits, users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, resolveSession, signIn, signOut } from './accounts.server.ts';
import { setDisabled } from './admin.server.ts';
import { hashPassword, hashSecret } from './passwords.server.ts';
import { changePassword } from './self.server.ts';

const T0 = new Date('2030-03-04T02:00:00Z').getTime();
const TOUCH_MS = 60_000;

interface ModelSession {
  secret: string;
  createdAt: number;
  lastSeen: number;
  revoked: boolean;
}
interface Model {
  now: number;
  password: string;
  disabled: boolean;
  sessions: ModelSession[];
}
interface Real {
  db: Database;
  userId: string;
  email: string;
  admin: {
    userId: string;
    roles: { role: 'admin'; schoolId: null; venueId: null; regionCode: null; speakerId: null }[];
  };
}

const alive = (m: Model, s: ModelSession) =>
  !s.revoked &&
  !m.disabled &&
  m.now < s.createdAt + ABSOLUTE_TIMEOUT_MS &&
  s.lastSeen > m.now - IDLE_TIMEOUT_MS;

/** Every session resolves exactly when the model says it is alive (looking does not touch: a read-only check). */
async function expectSame(m: Model, r: Real) {
  for (const [i, s] of m.sessions.entries()) {
    const user = await resolveSession(r.db, s.secret, new Date(m.now));
    expect(Boolean(user), `session ${i}`).toBe(alive(m, s));
    // resolveSession touches a live session it has not seen for a minute; the model follows.
    if (user && m.now - s.lastSeen > TOUCH_MS) s.lastSeen = m.now;
  }
}

class SignIn implements fc.AsyncCommand<Model, Real> {
  constructor(readonly right: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    // The limiter has its own tests; here it would only end the sequence early.
    await r.db.delete(rateLimits);
    const result = await signIn(
      r.db,
      { identifier: r.email, password: this.right ? m.password : 'not the password' },
      { now: new Date(m.now) },
    );
    expect(result.ok).toBe(this.right && !m.disabled);
    if (result.ok)
      m.sessions.push({ secret: result.sessionSecret, createdAt: m.now, lastSeen: m.now, revoked: false });
    await expectSame(m, r);
  }
  toString = () => `signIn(${this.right ? 'right' : 'wrong'})`;
}

class SignOut implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  async run(m: Model, r: Real) {
    const s = m.sessions[this.pick % m.sessions.length]!;
    await signOut(r.db, s.secret, { now: new Date(m.now) });
    s.revoked = true;
    await expectSame(m, r);
  }
  toString = () => `signOut(${this.pick})`;
}

class ChangePassword implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sessions.some((s) => alive(m as Model, s));
  async run(m: Model, r: Real) {
    const live = m.sessions.filter((s) => alive(m, s));
    const s = live[this.pick % live.length]!;
    const user = await resolveSession(r.db, s.secret, new Date(m.now));
    expect(user).not.toBeNull();
    if (m.now - s.lastSeen > TOUCH_MS) s.lastSeen = m.now;
    const next = `${m.password}!`;
    const changed = await changePassword(
      r.db,
      { userId: r.userId, sessionId: user!.sessionId },
      { current: m.password, password: next },
      new Date(m.now),
    );
    expect(changed.ok).toBe(true);
    m.password = next;
    for (const other of m.sessions) if (other !== s) other.revoked = true;
    await expectSame(m, r);
  }
  toString = () => `changePassword(${this.pick})`;
}

class Disable implements fc.AsyncCommand<Model, Real> {
  constructor(readonly disabled: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    expect(await setDisabled(r.db, r.admin, r.userId, this.disabled, new Date(m.now))).toBe('ok');
    m.disabled = this.disabled;
    if (this.disabled) for (const s of m.sessions) s.revoked = true;
    await expectSame(m, r);
  }
  toString = () => (this.disabled ? 'disable' : 'enable');
}

class Wait implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.now += this.ms;
    await expectSame(m, r);
  }
  toString = () => `wait(${Math.round(this.ms / 60_000)} min)`;
}

/** Days of steady use: every live session was active a minute ago (as if pages were read all along), then check. */
class KeepActive implements fc.AsyncCommand<Model, Real> {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const live = m.sessions.filter((s) => alive(m, s));
    m.now += this.days * 24 * 60 * MINUTE;
    for (const s of live) {
      s.lastSeen = m.now - MINUTE;
      await r.db
        .update(authSessions)
        .set({ lastSeenAt: new Date(s.lastSeen) })
        .where(eq(authSessions.tokenHash, hashSecret(s.secret)));
    }
    await expectSame(m, r);
  }
  toString = () => `keepActive(${this.days} d)`;
}

const MINUTE = 60_000;
const commands = [
  fc.boolean().map((right) => new SignIn(right)),
  fc.boolean().map((right) => new SignIn(right)),
  fc.nat(5).map((pick) => new SignOut(pick)),
  fc.nat(5).map((pick) => new ChangePassword(pick)),
  fc.boolean().map((disabled) => new Disable(disabled)),
  fc.constantFrom(9, 14, 29).map((days) => new KeepActive(days)),
  fc
    .constantFrom(
      30_000,
      61_000,
      60 * MINUTE,
      119 * MINUTE,
      121 * MINUTE,
      10 * 24 * 60 * MINUTE,
      29 * 24 * 60 * MINUTE,
    )
    .map((ms) => new Wait(ms)),
];

describeEachDriver('sessions, against a model', (ctx) => {
  it('agree with the model on revocation, idle and absolute timeouts after every step', async () => {
    const [admin] = await ctx.db
      .insert(users)
      .values({ email: 'model-admin@example.org', name: '管理员' })
      .returning();
    const adminActor = {
      userId: admin!.id,
      roles: [{ role: 'admin' as const, schoolId: null, venueId: null, regionCode: null, speakerId: null }],
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 16, size: 'medium' }), async (cmds) => {
        run++;
        const email = `model-${run}@example.org`;
        const password = 'first-password';
        const [user] = await ctx.db
          .insert(users)
          .values({ email, name: '模型', passwordHash: await hashPassword(password) })
          .returning();
        // Every sequence starts signed in once, so that there is always something to lose.
        const first = await signIn(ctx.db, { identifier: email, password }, { now: new Date(T0) });
        if (!first.ok) throw new Error(first.error);
        await fc.asyncModelRun(
          () => ({
            model: {
              now: T0,
              password,
              disabled: false,
              sessions: [{ secret: first.sessionSecret, createdAt: T0, lastSeen: T0, revoked: false }],
            } as Model,
            real: { db: ctx.db, userId: user!.id, email, admin: adminActor } as Real,
          }),
          cmds,
        );
      }),
      { numRuns: ctx.driver === 'pglite' ? 15 : 25 },
    );
  });
});
