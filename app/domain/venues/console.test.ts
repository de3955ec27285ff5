import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditActionGroup, auditActions } from '#app/domain/audit/actions.ts';
import { listAuditEntries } from '#app/domain/bureau/audit-log.server.ts';
import { scopeOf } from '#app/domain/bureau/scope.ts';
import { decideVerification, listVerificationQueue } from '#app/domain/bureau/verification.server.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import { openDatabase } from '#db/client.ts';
import {
  accessCommitments,
  auditLog,
  bookings,
  programs,
  sessionSeries,
  sessions,
  venueChanges,
  venues,
} from '#db/schema/index.ts';
import {
  actorOf,
  holdSeats,
  makeConsoleWorld,
  programInput,
  T0,
  waitlisted,
} from '#tests/factories/console.ts';
import { createTestDatabase, describeEachDriver, serverUrl } from '#tests/setup/db.ts';
import { proposeCommitment, withdrawCommitment } from './commitments.server.ts';
import {
  getVenueProfile,
  saveVenueProfile,
  venueRegionChoices,
  withdrawVenueChange,
} from './profile.server.ts';
import { createProgram, setProgramActive, updateProgram } from './programs.server.ts';
import { VenueDirectSchema, VenueKeyFormSchema } from './schemas.ts';
import {
  addSeriesException,
  cancelSession,
  createSeries,
  createSession,
  endSeries,
  listPublicSessions,
  updateSession,
} from './sessions.server.ts';

const auditorActor = (userId: string) => ({
  userId,
  scope: scopeOf({ roles: [{ role: 'auditor', regionCode: '150100' }] })!,
});

function profileForm(venue: typeof venues.$inferSelect, overrides: Record<string, unknown> = {}) {
  const form = {
    name: venue.name,
    type: venue.type,
    address: venue.address,
    regionCode: venue.regionCode,
    lat: String(venue.lat),
    lng: String(venue.lng),
    coordinateSystem: 'wgs84',
    locationApproximate: venue.locationApproximate ? 'on' : undefined,
    description: venue.description,
    accessible: venue.accessible ? 'on' : undefined,
    accessibilityNotes: venue.accessibilityNotes,
    languages: venue.languages,
    openingHours: venue.openingHours,
    phone: venue.phone,
    website: venue.website,
    emergencyContact: venue.emergencyContact || '值班室 0471-1234567',
    autoConfirm: venue.autoConfirm ? 'on' : undefined,
    chaperoneRatioPrimary: String(venue.chaperoneRatioPrimary),
    chaperoneRatioSecondary: String(venue.chaperoneRatioSecondary),
    bookingOpensDays: String(venue.bookingOpensDays),
    bookingClosesDays: String(venue.bookingClosesDays),
    ...overrides,
  };
  return { direct: VenueDirectSchema.parse(form), key: VenueKeyFormSchema.parse(form) };
}

/** The form as the profile page fills it: the live record overlaid with the waiting change, and that change's id. */
function formAsShown(
  venue: typeof venues.$inferSelect,
  waiting: typeof venueChanges.$inferSelect | undefined,
  overrides: Record<string, unknown> = {},
) {
  return profileForm(
    { ...venue, ...(waiting?.changes as Partial<typeof venues.$inferSelect> | undefined) },
    { pendingChangeId: waiting?.id, ...overrides },
  );
}

describeEachDriver('venue console', (ctx) => {
  it('operators change only their own venue (DESIGN.md rule 5)', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const other = await saveVenueProfile(
      ctx.db,
      actorOf(w.people.otherOperator),
      w.venue.id,
      profileForm(venue!),
      T0,
    );
    expect(other).toEqual({ ok: false, error: 'forbidden' });
    const teacher = await createProgram(
      ctx.db,
      actorOf(w.people.teacher),
      w.venue.id,
      programInput({ title: 'x', grades: [1], maxGroupSize: 10 }),
      T0,
    );
    expect(teacher).toEqual({ ok: false, error: 'forbidden' });
    const patch = await updateSession(
      ctx.db,
      actorOf(w.people.otherOperator),
      w.session.id,
      { capacity: 10 },
      T0,
    );
    expect(patch).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('edits a program: only what changed is written and audited; group sizes checked together; delivery only while nothing hangs from it', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const audits = async () =>
      ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'program.update'), eq(auditLog.entityId, w.onsite.id)));
    const stored = async () => (await ctx.db.select().from(programs).where(eq(programs.id, w.onsite.id)))[0]!;
    const before = await stored();

    const later = new Date(T0.getTime() + 60_000);
    const edited = await updateProgram(
      ctx.db,
      operator,
      w.onsite.id,
      { ...before, title: '星空下的草原', grades: [3, 4, 5], standardPricePerPupil: 1250 },
      later,
    );
    expect(edited).toMatchObject({ ok: true, program: { title: '星空下的草原', grades: [3, 4, 5] } });
    expect(await stored()).toMatchObject({
      title: '星空下的草原',
      grades: [3, 4, 5],
      standardPricePerPupil: 1250,
      maxGroupSize: before.maxGroupSize,
      updatedAt: later,
    });
    const [entry, ...more] = await audits();
    expect(more).toEqual([]);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    // The entry holds the three fields that changed, before and after, with the venue's county.
    expect(entry).toMatchObject({
      actorUserId: w.people.operator.id,
      regionCode: venue!.regionCode,
      before: {
        title: before.title,
        grades: before.grades,
        standardPricePerPupil: before.standardPricePerPupil,
      },
      after: { title: '星空下的草原', grades: [3, 4, 5], standardPricePerPupil: 1250 },
    });
    expect(Object.keys(entry!.after as object).sort()).toEqual(['grades', 'standardPricePerPupil', 'title']);

    // The same values again: nothing to write, nothing to audit.
    expect(
      await updateProgram(ctx.db, operator, w.onsite.id, { title: '星空下的草原', grades: [3, 4, 5] }, T0),
    ).toMatchObject({ ok: true });
    expect(await audits()).toHaveLength(1);

    // A smallest group above the stored largest one is refused on the field the change sent (the smallest), and
    // nothing changes; a change of both is refused on the largest's, as the new program's form does.
    expect(
      await updateProgram(ctx.db, operator, w.onsite.id, { minGroupSize: before.maxGroupSize + 1 }, T0),
    ).toEqual({
      ok: false,
      error: 'group_size',
      field: 'minGroupSize',
    });
    expect(
      await updateProgram(ctx.db, operator, w.onsite.id, { minGroupSize: 10, maxGroupSize: 5 }, T0),
    ).toEqual({
      ok: false,
      error: 'group_size',
      field: 'maxGroupSize',
    });
    // The program has a session: it stays an on-site visit.
    expect(await updateProgram(ctx.db, operator, w.onsite.id, { delivery: 'outreach' }, T0)).toEqual({
      ok: false,
      error: 'program_in_use',
      field: 'delivery',
    });
    expect(await stored()).toMatchObject({ minGroupSize: before.minGroupSize, delivery: 'onsite' });
    expect(await audits()).toHaveLength(1);

    // A program nothing hangs from yet may still become an outreach program.
    const fresh = await createProgram(
      ctx.db,
      operator,
      w.venue.id,
      programInput({ title: '流动天文课', grades: [5] }),
      T0,
    );
    if (!fresh.ok) throw new Error(fresh.error);
    expect(
      await updateProgram(ctx.db, operator, fresh.program.id, { delivery: 'outreach' }, T0),
    ).toMatchObject({
      ok: true,
      program: { delivery: 'outreach' },
    });

    // Only the venue's operators: another venue's operator and a teacher are refused, an id that is none not found.
    for (const who of [w.people.otherOperator, w.people.teacher])
      expect(await updateProgram(ctx.db, actorOf(who), w.onsite.id, { title: '改名' }, T0)).toMatchObject({
        ok: false,
        error: 'forbidden',
      });
    expect(await updateProgram(ctx.db, operator, 'not-a-program', { title: '改名' }, T0)).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    expect((await stored()).title).toBe('星空下的草原');
  });

  it('applies the plain fields at once (audited) and sends key fields to the bureau queue; the live record waits for approval', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    // Pasted from Amap (GCJ-02), "lng,lat" order.
    const result = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      profileForm(venue!, {
        name: '呼和浩特市科技馆',
        address: '新华东街 18 号',
        coordinates: '111.7262,40.8232',
        coordinateSystem: 'gcj02',
        description: '四层展厅，机器人与航天。',
        autoConfirm: 'on',
        chaperoneRatioPrimary: '8',
      }),
      T0,
    );
    expect(result).toMatchObject({
      ok: true,
      applied: ['description', 'emergencyContact', 'autoConfirm', 'chaperoneRatioPrimary'],
    });
    if (!result.ok) return;
    expect(result.proposed).toEqual(['name', 'address', 'lat', 'lng']);

    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(live).toMatchObject({ name: '呼和浩特科技馆', address: '', lat: 40.82, lng: 111.72 });
    expect(live).toMatchObject({
      description: '四层展厅，机器人与航天。',
      autoConfirm: true,
      chaperoneRatioPrimary: 8,
    });

    const [change] = await ctx.db.select().from(venueChanges).where(eq(venueChanges.venueId, w.venue.id));
    expect(change?.status).toBe('pending');
    const changes = change?.changes as { lat: number; lng: number };
    // Converted to WGS-84: west and south of the Amap position.
    expect(changes.lng).toBeLessThan(111.7262);
    expect(changes.lng).toBeGreaterThan(111.71);
    expect(changes.lat).toBeLessThan(40.8232);

    const queue = await listVerificationQueue(ctx.db, auditorActor(w.people.auditor.id).scope);
    const item = queue.find((q) => q.kind === 'venue_change' && q.id === change!.id);
    expect(item).toMatchObject({ kind: 'venue_change', problem: null, venueName: '呼和浩特科技馆' });

    // A second save from the form as the page fills it (the waiting values) keeps one change waiting.
    const again = await saveVenueProfile(ctx.db, operator, w.venue.id, formAsShown(live!, change), T0);
    expect(again).toMatchObject({
      ok: true,
      applied: [],
      proposed: ['name', 'address', 'lat', 'lng'],
      changeId: change!.id,
      keyChange: 'unchanged',
    });
    const pending = await ctx.db.select().from(venueChanges).where(eq(venueChanges.venueId, w.venue.id));
    expect(pending).toHaveLength(1);

    const decided = await decideVerification(
      ctx.db,
      auditorActor(w.people.auditor.id),
      { kind: 'venue_change', id: change!.id, decision: 'approve' },
      T0,
    );
    expect(decided).toEqual({ ok: true });
    const [approved] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(approved).toMatchObject({ name: '呼和浩特市科技馆', address: '新华东街 18 号', lat: changes.lat });

    const actions = await ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, w.venue.id));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['venue.update', 'venue_change.propose', 'venue_change.approve']),
    );
    const profile = await getVenueProfile(ctx.db, operator, w.venue.id);
    expect(profile.ok && profile.profile.pending).toEqual([]);
  });

  it('points out a pin far from its region’s seat (Beijing pasted for Hohhot) to the operator and the auditor, and refuses nothing', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const far = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      profileForm(venue!, { coordinates: '116.40,39.90', coordinateSystem: 'wgs84' }),
      T0,
    );
    expect(far).toMatchObject({ ok: true, proposed: ['lat', 'lng'] });
    const profile = await getVenueProfile(ctx.db, operator, w.venue.id);
    if (!profile.ok) throw new Error(profile.error);
    expect(profile.profile.pendingFarFromSeat).toMatchObject({ regionCode: venue!.regionCode });
    expect(profile.profile.pendingFarFromSeat?.km).toBeGreaterThan(300);
    expect(profile.profile.pendingFarFromSeat?.km).toBeLessThan(600);
    const queue = await listVerificationQueue(ctx.db, auditorActor(w.people.auditor.id).scope);
    const item = queue.find((q) => q.kind === 'venue_change' && q.venueId === w.venue.id);
    expect(item?.kind === 'venue_change' ? item.place?.seatDistanceKm : null).toBeGreaterThan(300);
    // Corrected to a point in town, from the form as the page shows the waiting change: nothing to point out.
    const [waiting] = await ctx.db.select().from(venueChanges).where(eq(venueChanges.venueId, w.venue.id));
    const near = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(venue!, waiting, { coordinates: '111.70,40.80', coordinateSystem: 'wgs84' }),
      T0,
    );
    expect(near).toMatchObject({ ok: true });
    const corrected = await getVenueProfile(ctx.db, operator, w.venue.id);
    expect(corrected.ok ? corrected.profile.pendingFarFromSeat : 'error').toBeNull();
    expect(corrected.ok ? corrected.profile.pending : []).toHaveLength(1);
  });

  it('saves plain fields alone, and a save with nothing changed, without proposing anything', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const unchanged = await saveVenueProfile(ctx.db, operator, w.venue.id, profileForm(venue!, {}), T0);
    expect(unchanged).toMatchObject({ ok: true, proposed: [], changeId: null });
    const described = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      profileForm(venue!, { description: '周一闭馆。' }),
      T0,
    );
    expect(described).toMatchObject({ ok: true, applied: ['description'], proposed: [], changeId: null });
    const [after] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(after?.description).toBe('周一闭馆。');
    expect(await ctx.db.select().from(venueChanges)).toEqual([]);
  });

  it('refuses unreadable coordinates and unknown regions, writing nothing', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    // The form's schema names an unreadable pair on its field; the domain refuses it too, whatever the caller.
    const form = profileForm(venue!, { description: 'changed' });
    expect(
      VenueKeyFormSchema.safeParse({ ...form.key, coordinates: 'north of the river' }).error?.issues,
    ).toMatchObject([{ path: ['coordinates'], message: 'console.error.coordinates' }]);
    const bad = await saveVenueProfile(
      ctx.db,
      actorOf(w.people.operator),
      w.venue.id,
      { ...form, key: { ...form.key, coordinates: 'north of the river' } },
      T0,
    );
    expect(bad).toMatchObject({ ok: false, error: 'coordinates' });
    // Readable, but not in Inner Mongolia: nothing, and the Bund in Shanghai (a swapped or mistaken paste).
    for (const coordinates of ['0,0', '31.2397, 121.4906']) {
      const elsewhere = await saveVenueProfile(
        ctx.db,
        actorOf(w.people.operator),
        w.venue.id,
        profileForm(venue!, { coordinates, description: 'changed' }),
        T0,
      );
      expect(elsewhere, coordinates).toMatchObject({
        ok: false,
        error: 'coordinates_outside',
        field: 'coordinates',
      });
    }
    // Typed into the latitude and longitude boxes instead: said at the boxes, not at the empty paste field.
    const boxes = await saveVenueProfile(
      ctx.db,
      actorOf(w.people.operator),
      w.venue.id,
      profileForm(venue!, { lat: '0', lng: '0', description: 'changed' }),
      T0,
    );
    expect(boxes).toMatchObject({ ok: false, error: 'coordinates_outside', field: 'lat' });
    const region = await saveVenueProfile(
      ctx.db,
      actorOf(w.people.operator),
      w.venue.id,
      profileForm(venue!, { regionCode: '159999' }),
      T0,
    );
    expect(region).toMatchObject({ ok: false, error: 'region_unknown' });
    const [after] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(after).toEqual(venue);
    expect(await ctx.db.select().from(venueChanges)).toEqual([]);
  });

  it('keeps every waiting key-field change: a second and third submission update one queue item that approval applies whole', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const auditor = auditorActor(w.people.auditor.id);
    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const load = async () => {
      const profile = await getVenueProfile(ctx.db, operator, w.venue.id);
      if (!profile.ok) throw new Error(profile.error);
      return profile.profile;
    };

    const moved = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { lat: '40.8301', lng: '111.7402' }),
      T0,
    );
    expect(moved).toMatchObject({ ok: true, proposed: ['lat', 'lng'], keyChange: 'submitted' });
    const first = (await load()).pending[0];
    expect(first?.changes).toEqual({ lat: 40.8301, lng: 111.7402 });

    const later = new Date(T0.getTime() + 3_600_000);
    const region = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, first, { regionCode: '150102' }),
      later,
    );
    expect(region).toMatchObject({ ok: true, proposed: ['regionCode', 'lat', 'lng'], keyChange: 'updated' });
    const second = (await load()).pending[0];
    const address = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, second, { address: '新城区中山西路 1 号' }),
      later,
    );
    expect(address).toMatchObject({
      ok: true,
      proposed: ['address', 'regionCode', 'lat', 'lng'],
      keyChange: 'updated',
    });

    const profile = await load();
    expect(profile.pending).toHaveLength(1);
    const waiting = profile.pending[0]!;
    expect(waiting.changes).toEqual({
      address: '新城区中山西路 1 号',
      regionCode: '150102',
      lat: 40.8301,
      lng: 111.7402,
    });
    // The replaced submissions stay in the history, closed by the operator, not by an auditor.
    expect(profile.decided.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        [first!.id, 'superseded'],
        [second!.id, 'superseded'],
      ]),
    );
    const proposals = await ctx.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, w.venue.id), eq(auditLog.action, 'venue_change.propose')));
    expect(proposals).toHaveLength(3);
    expect(
      proposals.map((p) => (p.after as { supersedes?: { changeId: string } }).supersedes?.changeId),
    ).toEqual(expect.arrayContaining([first!.id, second!.id]));

    const queue = (await listVerificationQueue(ctx.db, auditor.scope)).filter(
      (q) => q.kind === 'venue_change' && q.venueId === w.venue.id,
    );
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ id: waiting.id, problem: null });
    expect(queue[0]?.kind === 'venue_change' && queue[0].fields.map((f) => f.field)).toEqual([
      'address',
      'regionCode',
      'lat',
      'lng',
    ]);

    // An auditor who still had an earlier submission on screen cannot approve it.
    expect(
      await decideVerification(
        ctx.db,
        auditor,
        { kind: 'venue_change', id: first!.id, decision: 'approve' },
        later,
      ),
    ).toEqual({ ok: false, error: 'already_decided' });
    expect(
      await decideVerification(
        ctx.db,
        auditor,
        { kind: 'venue_change', id: waiting.id, decision: 'approve' },
        later,
      ),
    ).toEqual({ ok: true });
    const [approved] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(approved).toMatchObject({
      address: '新城区中山西路 1 号',
      regionCode: '150102',
      lat: 40.8301,
      lng: 111.7402,
    });
  });

  it('refuses a form filled from another state of the waiting change, writing nothing', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { name: '新名称' }),
      T0,
    );
    const before = await ctx.db.select().from(venueChanges);
    const [base] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    // A second tab opened before the first submission: it shows the live record and no waiting change.
    const stale = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { address: '别处', description: '另一个标签页' }),
      T0,
    );
    expect(stale).toEqual({ ok: false, error: 'change_stale' });
    // And a form naming a change that is no longer the waiting one.
    const unknown = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { pendingChangeId: '00000000-0000-4000-8000-000000000000' }),
      T0,
    );
    expect(unknown).toEqual({ ok: false, error: 'change_stale' });
    expect(await ctx.db.select().from(venueChanges)).toEqual(before);
    const [after] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(after).toEqual(base);
  });

  it('withdraws a waiting change, on request or when the form is put back to the live values, keeping it in the history', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { name: '新名称' }),
      T0,
    );
    const [first] = await ctx.db.select().from(venueChanges);
    const reverted = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, first, { name: live!.name }),
      T0,
    );
    expect(reverted).toMatchObject({ ok: true, proposed: [], changeId: null, keyChange: 'withdrawn' });

    await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(live!, undefined, { type: 'museum' }),
      T0,
    );
    const [second] = await ctx.db.select().from(venueChanges).where(eq(venueChanges.status, 'pending'));
    expect(await withdrawVenueChange(ctx.db, operator, w.venue.id, second!.id, T0)).toEqual({ ok: true });
    expect(await withdrawVenueChange(ctx.db, operator, w.venue.id, second!.id, T0)).toEqual({
      ok: false,
      error: 'already_decided',
    });
    expect(
      await withdrawVenueChange(ctx.db, actorOf(w.people.otherOperator), w.venue.id, second!.id, T0),
    ).toEqual({ ok: false, error: 'forbidden' });

    const profile = await getVenueProfile(ctx.db, operator, w.venue.id);
    expect(profile.ok && profile.profile.pending).toEqual([]);
    expect(profile.ok && profile.profile.decided.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        [first!.id, 'withdrawn'],
        [second!.id, 'withdrawn'],
      ]),
    );
    const withdrawals = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, w.venue.id), eq(auditLog.action, 'venue_change.withdraw')));
    expect(withdrawals).toHaveLength(2);
    const [after] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(after).toMatchObject({ name: live!.name, type: live!.type });
  });

  it('accepts only a 旗县市区 as a new region; a venue imported at a 盟市 keeps it while other fields change', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    for (const regionCode of ['150000', '150100']) {
      const wide = await saveVenueProfile(
        ctx.db,
        operator,
        w.venue.id,
        formAsShown(live!, undefined, { regionCode, description: 'changed' }),
        T0,
      );
      expect(wide, regionCode).toEqual({ ok: false, error: 'region_not_county', field: 'regionCode' });
    }
    expect(await ctx.db.select().from(venueChanges)).toEqual([]);
    const [unchanged] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(unchanged).toEqual(live);

    await ctx.db.update(venues).set({ regionCode: '150100' }).where(eq(venues.id, w.venue.id));
    const [imported] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const kept = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(imported!, undefined, { description: '周一闭馆。' }),
      T0,
    );
    expect(kept).toMatchObject({ ok: true, proposed: [], keyChange: 'none' });
    const [described] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(described).toMatchObject({ regionCode: '150100', description: '周一闭馆。' });
    const county = await saveVenueProfile(
      ctx.db,
      operator,
      w.venue.id,
      formAsShown(imported!, undefined, { regionCode: '150105' }),
      T0,
    );
    expect(county).toMatchObject({ ok: true, proposed: ['regionCode'], keyChange: 'submitted' });

    const choices = await venueRegionChoices(ctx.db, ['150100']);
    expect(choices.find((r) => r.code === '150100')).toMatchObject({ county: false });
    expect(choices.find((r) => r.code === '150105')).toMatchObject({
      county: true,
      prefectureCode: '150100',
      prefectureName: '呼和浩特市',
    });
    expect(choices.some((r) => r.code === '150000' || r.code === '150200')).toBe(false);
    expect(choices.filter((r) => r.county).length).toBeGreaterThan(100);
  });

  it('hands a replaced commitment over on the day its replacement starts: no days without a promise', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const auditor = auditorActor(w.people.auditor.id);
    const approved = async (input: Parameters<typeof proposeCommitment>[3]) => {
      const made = await proposeCommitment(ctx.db, operator, w.venue.id, input, T0);
      if (!made.ok) throw new Error(made.error);
      const decided = await decideVerification(
        ctx.db,
        auditor,
        { kind: 'commitment', id: made.commitment.id, decision: 'approve' },
        T0,
      );
      expect(decided).toEqual({ ok: true });
      return made.commitment.id;
    };
    const read = async (id: string) =>
      (await ctx.db.select().from(accessCommitments).where(eq(accessCommitments.id, id)))[0];
    // T0 is 2030-03-04. Free for senior pupils since 2029; half price from 1 June replaces it.
    const free = await approved({
      audience: 'senior',
      kind: 'free',
      validFrom: '2029-01-01',
      conditions: '',
    });
    const half = await approved({
      audience: 'senior',
      kind: 'percent_off',
      percentOff: 50,
      validFrom: '2030-06-01',
      validTo: '2030-12-31',
      conditions: '',
      replacesId: free,
    });
    expect(await read(free)).toMatchObject({
      status: 'active',
      validFrom: '2029-01-01',
      validTo: '2030-05-31',
    });
    expect(await read(half)).toMatchObject({ status: 'active', validFrom: '2030-06-01' });
    // A replacement in force from today (or earlier) takes over at once.
    const fixed = await approved({
      audience: 'senior',
      kind: 'fixed_price',
      fixedPrice: 500,
      validFrom: '2030-03-04',
      conditions: '',
      replacesId: free,
    });
    expect(await read(free)).toMatchObject({ status: 'withdrawn' });
    expect(await read(fixed)).toMatchObject({ status: 'active' });
    // One that would itself only start after its replacement does gives way at once, too.
    const later = await approved({
      audience: 'preschool',
      kind: 'free',
      validFrom: '2030-09-01',
      conditions: '',
    });
    await approved({
      audience: 'preschool',
      kind: 'percent_off',
      percentOff: 20,
      validFrom: '2030-07-01',
      conditions: '',
      replacesId: later,
    });
    expect(await read(later)).toMatchObject({ status: 'withdrawn', validTo: null });
  });

  it('proposes commitments that count only once an auditor approves them', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const proposed = await proposeCommitment(
      ctx.db,
      operator,
      w.venue.id,
      {
        audience: 'primary',
        kind: 'percent_off',
        percentOff: 50,
        fixedPrice: 900,
        validFrom: '2030-01-01',
        conditions: '凭学校介绍信',
        sourceUrl: 'https://example.gov.cn/notice/1',
      },
      T0,
    );
    expect(proposed).toMatchObject({
      ok: true,
      commitment: { status: 'pending', percentOff: 50, fixedPrice: null },
    });
    if (!proposed.ok) return;
    const queue = await listVerificationQueue(ctx.db, auditorActor(w.people.auditor.id).scope);
    expect(queue.some((q) => q.kind === 'commitment' && q.id === proposed.commitment.id)).toBe(true);
    expect(
      await decideVerification(
        ctx.db,
        auditorActor(w.people.auditor.id),
        { kind: 'commitment', id: proposed.commitment.id, decision: 'approve' },
        T0,
      ),
    ).toEqual({ ok: true });

    // A replacement waits too; the active one stays in force until it is approved.
    const replacement = await proposeCommitment(
      ctx.db,
      operator,
      w.venue.id,
      {
        audience: 'primary',
        kind: 'free',
        validFrom: '2030-03-01',
        conditions: '',
        replacesId: proposed.commitment.id,
      },
      T0,
    );
    expect(replacement).toMatchObject({
      ok: true,
      commitment: { status: 'pending', replacesId: proposed.commitment.id },
    });
    const active = await ctx.db
      .select()
      .from(accessCommitments)
      .where(eq(accessCommitments.status, 'active'));
    expect(active.map((c) => c.id)).toEqual([proposed.commitment.id]);
    if (!replacement.ok) return;
    expect(await withdrawCommitment(ctx.db, operator, replacement.commitment.id, T0)).toEqual({ ok: true });
    expect(await withdrawCommitment(ctx.db, operator, proposed.commitment.id, T0)).toEqual({
      ok: false,
      error: 'already_decided',
    });
    const unknown = await proposeCommitment(
      ctx.db,
      operator,
      w.venue.id,
      { audience: 'junior', kind: 'free', validFrom: '2030-01-01', conditions: '', replacesId: w.session.id },
      T0,
    );
    expect(unknown).toMatchObject({ ok: false, error: 'replaces_unknown' });

    // A replacement is for the same audience: junior pupils cannot take the primary pupils' promise away.
    expect(
      await proposeCommitment(
        ctx.db,
        operator,
        w.venue.id,
        {
          audience: 'junior',
          kind: 'free',
          validFrom: '2030-03-01',
          conditions: '',
          replacesId: proposed.commitment.id,
        },
        T0,
      ),
    ).toEqual({ ok: false, error: 'replaces_other_audience', field: 'replacesId' });

    // A commitment that ended before today (T0 is 2030-03-04) is refused at its end date and writes nothing; one that
    // ends today, or began long ago, is a proposal like any other.
    const before = await ctx.db.select({ id: accessCommitments.id }).from(accessCommitments);
    const ended = await proposeCommitment(
      ctx.db,
      operator,
      w.venue.id,
      { audience: 'junior', kind: 'free', validFrom: '2019-01-01', validTo: '2030-03-03', conditions: '' },
      T0,
    );
    expect(ended).toEqual({ ok: false, error: 'commitment_ended', field: 'validTo' });
    expect(await ctx.db.select({ id: accessCommitments.id }).from(accessCommitments)).toHaveLength(
      before.length,
    );
    const endsToday = await proposeCommitment(
      ctx.db,
      operator,
      w.venue.id,
      { audience: 'junior', kind: 'free', validFrom: '2019-01-01', validTo: '2030-03-04', conditions: '' },
      T0,
    );
    expect(endsToday.ok).toBe(true);
  });

  it('creates single sessions and recurring series with exception days', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const single = await createSession(
      ctx.db,
      operator,
      w.onsite.id,
      {
        startsAt: shanghaiTime(2030, 4, 1, 14, 0),
        endsAt: shanghaiTime(2030, 4, 1, 15, 30),
        capacity: 80,
        greenChannelSeats: 10,
        greenReleaseAt: shanghaiTime(2030, 3, 25, 0, 0),
        openDay: true,
        title: '开放日',
      },
      T0,
    );
    expect(single).toMatchObject({ ok: true, session: { capacity: 80, openDay: true } });
    const past = await createSession(
      ctx.db,
      operator,
      w.onsite.id,
      {
        startsAt: shanghaiTime(2030, 3, 1, 14, 0),
        endsAt: shanghaiTime(2030, 3, 1, 15, 0),
        capacity: 10,
        greenChannelSeats: 0,
        greenReleaseAt: null,
        openDay: false,
        title: null,
      },
      T0,
    );
    expect(past).toMatchObject({ ok: false, error: 'in_past' });
    const outreach = await createSession(
      ctx.db,
      operator,
      w.program.id,
      {
        startsAt: shanghaiTime(2030, 4, 1, 14, 0),
        endsAt: shanghaiTime(2030, 4, 1, 15, 0),
        capacity: 10,
        greenChannelSeats: 0,
        greenReleaseAt: null,
        openDay: false,
        title: null,
      },
      T0,
    );
    expect(outreach).toMatchObject({ ok: false, error: 'program_outreach' });

    const series = await createSeries(
      ctx.db,
      operator,
      {
        programId: w.onsite.id,
        firstDate: '2030-03-11',
        untilDate: '2030-04-07',
        startTime: '09:00',
        endTime: '10:30',
        frequency: 'weekly',
        interval: 1,
        weekdays: ['TU', 'TH'],
        exceptionDates: ['2030-03-19'],
        capacity: 60,
        greenChannelSeats: 0,
        greenReleaseDays: 7,
        openDay: false,
      },
      T0,
    );
    expect(series).toMatchObject({ ok: true, sessions: 7 });
    if (!series.ok) return;
    const rows = await ctx.db.select().from(sessions).where(eq(sessions.seriesId, series.seriesId));
    expect(rows).toHaveLength(7);
    const [stored] = await ctx.db.select().from(sessionSeries).where(eq(sessionSeries.id, series.seriesId));
    expect(stored?.rrule).toContain('RRULE:FREQ=WEEKLY');
    expect(stored?.exceptionDates).toEqual(['2030-03-19']);

    // One more exception day later: that day's session is called off.
    expect(await addSeriesException(ctx.db, operator, series.seriesId, '2030-03-21', T0)).toEqual({
      ok: true,
    });
    const open = await ctx.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.seriesId, series.seriesId), sql`${sessions.cancelledAt} is null`));
    expect(open).toHaveLength(6);
    expect(await addSeriesException(ctx.db, operator, series.seriesId, '2030-03-22', T0)).toMatchObject({
      ok: false,
      error: 'not_in_series',
    });

    const listed = await listPublicSessions(
      ctx.db,
      {
        venueId: w.venue.id,
        from: T0,
        to: shanghaiTime(2030, 6, 1),
        page: 1,
        pageSize: 50,
      },
      { priority: false, now: T0 },
    );
    expect(listed.total).toBe(1 + 1 + 6);
    expect(listed.items.map((s) => s.startsAt)).toEqual([...listed.items.map((s) => s.startsAt)].sort());
    expect(listed.items.find((s) => s.id === w.session.id)).toMatchObject({
      venueId: w.venue.id,
      programId: w.onsite.id,
      capacity: 120,
      seatsLeft: 120,
      openDay: false,
    });
    expect(listed.items.every((s) => s.seatsLeft === s.capacity)).toBe(true);
  });

  it('refuses a session that starts at night (a mistyped hour), on creation and on a move; an evening one may run late', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const at = (hour: number, minute: number, minutes = 59) => ({
      startsAt: shanghaiTime(2030, 4, 2, hour, minute),
      endsAt: new Date(shanghaiTime(2030, 4, 2, hour, minute).getTime() + minutes * 60_000),
      capacity: 60,
      greenChannelSeats: 0,
      greenReleaseAt: null,
      openDay: false,
      title: null,
    });
    const countBefore = (await ctx.db.select().from(sessions)).length;
    for (const [hour, minute] of [
      [23, 0],
      [6, 59],
      [0, 30],
      [21, 1],
    ] as const) {
      expect(await createSession(ctx.db, operator, w.onsite.id, at(hour, minute), T0)).toMatchObject({
        ok: false,
        error: 'night_start',
        field: 'startsAt',
      });
    }
    expect((await ctx.db.select().from(sessions)).length).toBe(countBefore);
    // 07:00 and 21:00 are by day; a star-gazing evening from 20:00 runs to 23:00.
    expect(await createSession(ctx.db, operator, w.onsite.id, at(7, 0), T0)).toMatchObject({ ok: true });
    expect(await createSession(ctx.db, operator, w.onsite.id, at(21, 0), T0)).toMatchObject({ ok: true });
    const evening = await createSession(ctx.db, operator, w.onsite.id, at(20, 0, 180), T0);
    expect(evening).toMatchObject({ ok: true });
    if (!evening.ok) return;
    const moved = await updateSession(ctx.db, operator, evening.session.id, at(23, 30), T0);
    expect(moved).toMatchObject({ ok: false, error: 'night_start' });
    const [kept] = await ctx.db.select().from(sessions).where(eq(sessions.id, evening.session.id));
    expect(kept?.startsAt).toEqual(shanghaiTime(2030, 4, 2, 20, 0));
  });

  it('refuses a capacity below the seats held, in the domain and in the database itself', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    await holdSeats(ctx.db, w, 50);
    await holdSeats(ctx.db, w, 30, 'requested');
    const refused = await updateSession(ctx.db, operator, w.session.id, { capacity: 79 }, T0);
    expect(refused).toEqual({ ok: false, error: 'capacity_below_held', field: 'capacity' });
    expect(await updateSession(ctx.db, operator, w.session.id, { capacity: 80 }, T0)).toMatchObject({
      ok: true,
      session: { capacity: 80, seatsHeld: 80 },
    });
    // Whatever the application does, PostgreSQL refuses it too.
    await expect(
      ctx.db.update(sessions).set({ capacity: 70 }).where(eq(sessions.id, w.session.id)),
    ).rejects.toThrow();
    const moved = await updateSession(
      ctx.db,
      operator,
      w.session.id,
      { startsAt: shanghaiTime(2030, 3, 21, 9, 30), endsAt: shanghaiTime(2030, 3, 21, 11, 0) },
      T0,
    );
    expect(moved).toMatchObject({ ok: false, error: 'session_has_bookings' });
    const [row] = await ctx.db.select().from(sessions).where(eq(sessions.id, w.session.id));
    expect(row).toMatchObject({ capacity: 80, seatsHeld: 80 });
  });

  it('keeps a begun session’s seats and times as they were, and promotes nobody into it; its name may change', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    await holdSeats(ctx.db, w, 118);
    const waiting = await waitlisted(ctx.db, w, w.session.id);
    const [session] = await ctx.db.select().from(sessions).where(eq(sessions.id, w.session.id));
    const begun = new Date(session!.startsAt.getTime() + 60_000);
    for (const patch of [{ capacity: 200 }, { greenChannelSeats: 10 }]) {
      expect(
        await updateSession(ctx.db, operator, w.session.id, patch, begun),
        JSON.stringify(patch),
      ).toEqual({
        ok: false,
        error: 'session_started',
      });
    }
    const [row] = await ctx.db.select().from(sessions).where(eq(sessions.id, w.session.id));
    expect(row).toMatchObject({ capacity: 120, seatsHeld: 118 });
    const [still] = await ctx.db.select().from(bookings).where(eq(bookings.id, waiting.id));
    expect(still?.status).toBe('waitlisted');
    expect(await updateSession(ctx.db, operator, w.session.id, { title: '上午场' }, begun)).toMatchObject({
      ok: true,
      session: { title: '上午场', capacity: 120 },
    });
  });

  it('moves the waitlist up when the capacity grows', async () => {
    const w = await makeConsoleWorld(ctx.db);
    await holdSeats(ctx.db, w, 118);
    const waiting = await waitlisted(ctx.db, w, w.session.id);
    const small = await updateSession(
      ctx.db,
      actorOf(w.people.operator),
      w.session.id,
      { capacity: 130 },
      T0,
    );
    expect(small).toMatchObject({ ok: true, promoted: 0, session: { capacity: 130, seatsHeld: 118 } });
    const raised = await updateSession(
      ctx.db,
      actorOf(w.people.operator),
      w.session.id,
      { capacity: 140 },
      T0,
    );
    expect(raised).toMatchObject({ ok: true, promoted: 1, session: { capacity: 140, seatsHeld: 140 } });
    const [promoted] = await ctx.db.select().from(bookings).where(eq(bookings.id, waiting!.id));
    expect(promoted?.status).toBe('requested');
  });

  it('writes every console and queue entry about the venue with the venue’s region, so its auditors see it (DESIGN.md rule 5)', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const auditor = auditorActor(w.people.auditor.id);
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const ok = { ok: true };
    // Programs: a new one, taken off the offer and put back.
    const program = await createProgram(
      ctx.db,
      operator,
      w.venue.id,
      programInput({ title: '天文夜', grades: [5, 6] }),
      T0,
    );
    expect(program).toMatchObject(ok);
    if (!program.ok) return;
    expect(await setProgramActive(ctx.db, operator, program.program.id, false, T0)).toEqual(ok);
    expect(await setProgramActive(ctx.db, operator, program.program.id, true, T0)).toEqual(ok);
    expect(
      await updateProgram(ctx.db, operator, program.program.id, { title: '草原天文夜' }, T0),
    ).toMatchObject(ok);
    // Sessions: an open day, changed and called off; a series with one more day left out, then ended early.
    const openDay = await createSession(
      ctx.db,
      operator,
      program.program.id,
      {
        startsAt: shanghaiTime(2030, 5, 1, 19, 0),
        endsAt: shanghaiTime(2030, 5, 1, 20, 30),
        capacity: 50,
        greenChannelSeats: 0,
        greenReleaseAt: null,
        openDay: true,
        title: '开放日',
      },
      T0,
    );
    expect(openDay).toMatchObject(ok);
    if (!openDay.ok) return;
    expect(
      await updateSession(ctx.db, operator, openDay.session.id, { capacity: 60, title: '天文开放日' }, T0),
    ).toMatchObject(ok);
    expect(await cancelSession(ctx.db, operator, openDay.session.id, T0)).toEqual(ok);
    const series = await createSeries(
      ctx.db,
      operator,
      {
        programId: w.onsite.id,
        firstDate: '2030-04-02',
        untilDate: '2030-04-16',
        startTime: '09:00',
        endTime: '10:00',
        frequency: 'weekly',
        interval: 1,
        weekdays: ['TU'],
        exceptionDates: [],
        capacity: 30,
        greenChannelSeats: 0,
        greenReleaseDays: 7,
        openDay: false,
      },
      T0,
    );
    expect(series).toMatchObject(ok);
    if (!series.ok) return;
    expect(await addSeriesException(ctx.db, operator, series.seriesId, '2030-04-09', T0)).toEqual(ok);
    expect(await endSeries(ctx.db, operator, series.seriesId, '2030-04-02', T0)).toMatchObject(ok);
    // Commitments: one withdrawn, one approved, one rejected.
    const propose = (audience: 'primary' | 'junior' | 'senior') =>
      proposeCommitment(
        ctx.db,
        operator,
        w.venue.id,
        { audience, kind: 'free', validFrom: '2030-04-01', conditions: '' },
        T0,
      );
    const commitments = [await propose('primary'), await propose('junior'), await propose('senior')].map(
      (c) => (c.ok ? c.commitment.id : ''),
    );
    expect(await withdrawCommitment(ctx.db, operator, commitments[0]!, T0)).toEqual(ok);
    const decide = (kind: 'commitment' | 'venue_change', id: string, decision: 'approve' | 'reject') =>
      decideVerification(ctx.db, auditor, { kind, id, decision, reason: '材料不全' }, T0);
    expect(await decide('commitment', commitments[1]!, 'approve')).toEqual(ok);
    expect(await decide('commitment', commitments[2]!, 'reject')).toEqual(ok);
    // The profile: a plain field at once, and key-field changes withdrawn, approved and rejected.
    const changeName = async (name: string) => {
      const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
      const saved = await saveVenueProfile(ctx.db, operator, w.venue.id, profileForm(live!, { name }), T0);
      return saved.ok ? (saved.changeId ?? '') : '';
    };
    const [live] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(
      await saveVenueProfile(ctx.db, operator, w.venue.id, profileForm(live!, { description: '新简介' }), T0),
    ).toMatchObject(ok);
    expect(await withdrawVenueChange(ctx.db, operator, w.venue.id, await changeName('新名称一'), T0)).toEqual(
      ok,
    );
    expect(await decide('venue_change', await changeName('新名称二'), 'approve')).toEqual(ok);
    expect(await decide('venue_change', await changeName('新名称三'), 'reject')).toEqual(ok);

    const entries = await ctx.db
      .select({ action: auditLog.action, regionCode: auditLog.regionCode })
      .from(auditLog);
    // Each entry names the venue's county, so the auditors of 150105 and of 呼和浩特市 above it read it.
    for (const entry of entries)
      expect(entry, entry.action).toEqual({ ...entry, regionCode: venue!.regionCode });
    // Every action about programs, sessions, commitments and the profile was driven above: a new one of these
    // kinds fails here until it is driven too (and so checked for its region).
    const written = new Set(entries.map((e) => e.action));
    const aboutTheVenue = auditActions.filter(
      (a) =>
        ['program', 'session', 'session_series', 'commitment', 'venue_change'].includes(
          auditActionGroup(a),
        ) || a === 'venue.update',
    );
    expect(aboutTheVenue.filter((a) => !written.has(a))).toEqual([]);
    // The region's auditor finds them in the log: the deactivated program and the changed session among them.
    const page = await listAuditEntries(ctx.db, auditor.scope, {});
    expect(page.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'program.deactivate',
        'session.update',
        'session.cancel',
        'commitment.withdraw',
      ]),
    );
    expect(page.entries).toHaveLength(entries.length);
  });
});

describe.skipIf(!serverUrl)('capacity edits racing with bookings [postgres]', () => {
  it('never leaves seats held above capacity, whichever commits first', async () => {
    const handle = await createTestDatabase('postgres');
    try {
      const w = await makeConsoleWorld(handle.db);
      const operator = actorOf(w.people.operator);
      await holdSeats(handle.db, w, 60);
      // A second pool, so the edits and the bookings really run on different connections at the same time.
      const other = await openDatabase({ url: handle.url as string, poolSize: 10 });
      try {
        for (let round = 0; round < 10; round++) {
          const target = 60 + round * 3;
          const results = await Promise.allSettled([
            updateSession(handle.db, operator, w.session.id, { capacity: target }, T0),
            holdSeats(other.db, w, 5, 'requested'),
            updateSession(handle.db, operator, w.session.id, { capacity: 200 }, T0),
            holdSeats(other.db, w, 5, 'requested'),
          ]);
          expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
          const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, w.session.id));
          expect(row!.seatsHeld).toBeLessThanOrEqual(row!.capacity);
          const [{ held }] = (await handle.db.execute(
            sql`select coalesce(sum(seats), 0)::int as held from bookings where session_id = ${w.session.id}`,
          )) as unknown as [{ held: number }];
          expect(held).toBe(row!.seatsHeld);
        }
      } finally {
        await other.close();
      }
    } finally {
      await handle.dispose();
    }
  });
});

describe.skipIf(!serverUrl)(
  'a program turned into an outreach one while a session is added [postgres]',
  () => {
    it('never ends with an outreach program that has a session, whichever commits first', async () => {
      const handle = await createTestDatabase('postgres');
      try {
        const w = await makeConsoleWorld(handle.db);
        const operator = actorOf(w.people.operator);
        // A second pool, so the edit and the new session really run on different connections at the same time.
        const other = await openDatabase({ url: handle.url as string, poolSize: 10 });
        try {
          for (let round = 0; round < 20; round++) {
            const made = await createProgram(
              handle.db,
              operator,
              w.venue.id,
              programInput({ title: `课程${round}`, grades: [5] }),
              T0,
            );
            if (!made.ok) throw new Error(made.error);
            const id = made.program.id;
            const [edit, add] = await Promise.all([
              updateProgram(handle.db, operator, id, { delivery: 'outreach' }, T0),
              createSession(
                other.db,
                operator,
                id,
                {
                  startsAt: shanghaiTime(2030, 6, 1, 9, 30),
                  endsAt: shanghaiTime(2030, 6, 1, 11),
                  capacity: 40,
                  greenChannelSeats: 0,
                  greenReleaseAt: null,
                  openDay: false,
                  title: null,
                },
                T0,
              ),
            ]);
            const [program] = await handle.db.select().from(programs).where(eq(programs.id, id));
            const held = await handle.db.select().from(sessions).where(eq(sessions.programId, id));
            // Exactly one of the two wins: an on-site program with its session, or an outreach one with none.
            expect(edit.ok !== add.ok, JSON.stringify({ edit, add })).toBe(true);
            if (program!.delivery === 'outreach') expect(held).toEqual([]);
            else expect(held).toHaveLength(1);
          }
        } finally {
          await other.close();
        }
      } finally {
        await handle.dispose();
      }
    });
  },
);
