import { and, eq, sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { getFormatters } from '#app/i18n/index.ts';
import { localeCookie } from '#app/utils/i18n.server.ts';
import { parseShanghaiDay, shanghaiDay } from '#app/utils/time.ts';
import { regions, schools, speakers, users, venues } from '#db/schema/index.ts';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';
import { queryRows } from '#db/sql.ts';
import { DEMO_NOW, testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

/** The next Tuesday after the demo's day (Shanghai). */
function nextTuesday(): string {
  const today = parseShanghaiDay(shanghaiDay(DEMO_NOW));
  const weekday = new Date(today.getTime() + 8 * 3_600_000).getUTCDay();
  const ahead = ((2 - weekday + 7) % 7) + (weekday === 2 ? 7 : 0);
  return shanghaiDay(new Date(today.getTime() + ahead * 86_400_000 + 12 * 3_600_000));
}

interface VenueItem {
  id: string;
  slug: string;
  name: string;
  type: string;
  regionCode: string;
  location: { lat: number; lng: number } | null;
  access: { kind: string; summary: string };
  distanceKm?: number;
  room?: { firstStartsAt: string; seatsOpen: number; sessions: number };
}

for (const driver of testDrivers) {
  describe(`discovery over HTTP [${driver}]`, () => {
    let server: TestServer;
    let teacherToken: string;

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'demo' });
      const [teacher] = await server.database.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, 'teacher@demo.example'));
      teacherToken = (
        await createApiToken(server.database.db, teacher?.id as string, 'test', { userId: null })
      ).token;
    }, 180_000);
    afterAll(async () => {
      await server?.close();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { headers });
    const json = async (path: string, headers: Record<string, string> = {}) => {
      const response = await get(path, headers);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('answers a text search with the exact name first, in characters and in pinyin', async () => {
      for (const q of ['内蒙古博物院', 'nmgbwy', 'neimenggu bowuyuan', 'neimengu bowuyuan']) {
        const { status, body } = await json(`/api/v1/venues?q=${encodeURIComponent(q)}`);
        expect(status, q).toBe(200);
        const items = body.items as VenueItem[];
        expect(items[0]?.name, q).toBe('内蒙古博物院');
        expect(items[0]).toMatchObject({
          slug: expect.any(String),
          type: 'museum',
          regionCode: expect.stringMatching(/^15\d{4}$/),
          location: { lat: expect.any(Number), lng: expect.any(Number) },
          access: { kind: expect.any(String), summary: expect.any(String) },
        });
        expect(body.tookMs).toEqual(expect.any(Number));
        expect(Object.keys(body.facets as object).sort()).toEqual(
          ['access', 'accessible', 'grade', 'language', 'region', 'theme', 'type', 'verified'].sort(),
        );
      }
    });

    it('answers a homophone typo (博物官, 科技官) by its sound, with a link to the word meant', async () => {
      const typos: [string, string][] = [
        ['博物官', '博物馆'],
        ['科技官', '科技馆'],
      ];
      for (const [typed, meant] of typos) {
        const page = parse(await (await get(`/search?q=${encodeURIComponent(typed)}`)).text());
        expect(page.querySelectorAll('.result-list .result').length, typed).toBeGreaterThan(0);
        const note = page.querySelector('[data-testid="sounds-like"]');
        expect(note?.text, typed).toContain(`没有找到“${typed}”`);
        const link = note?.querySelector('a');
        expect(link?.text, typed).toBe(meant);
        expect(link?.getAttribute('href'), typed).toBe(`/search?q=${encodeURIComponent(meant)}`);
      }
      // A query that finds something as typed says nothing of sounds.
      const exact = parse(await (await get(`/search?q=${encodeURIComponent('博物馆')}`)).text());
      expect(exact.querySelector('[data-testid="sounds-like"]')).toBeNull();
    });

    it("answers a homophone typo of a speaker's name (王海艳, 李勇明) by its sound, on the page and in the API", async () => {
      const typos: [string, string][] = [
        ['王海艳', '王海燕'],
        ['李勇明', '李永明'],
      ];
      for (const [typed, meant] of typos) {
        const page = parse(await (await get(`/speakers?q=${encodeURIComponent(typed)}`)).text());
        const names = page.querySelectorAll('.speaker-results h2').map((h) => h.text.trim());
        expect(names.length, typed).toBeGreaterThan(0);
        const note = page.querySelector('[data-testid="sounds-like"]');
        expect(note?.text, typed).toContain(`没有找到“${typed}”，下面是读音相同的讲师`);
        const link = note?.querySelector('a');
        expect(link?.text, typed).toBe(meant);
        expect(link?.getAttribute('href'), typed).toBe(`/speakers?q=${encodeURIComponent(meant)}`);
        // The page lists what the word meant finds.
        const meantPage = parse(await (await get(`/speakers?q=${encodeURIComponent(meant)}`)).text());
        expect(meantPage.querySelectorAll('.speaker-results h2').map((h) => h.text.trim())).toEqual(names);
        expect(meantPage.querySelector('[data-testid="sounds-like"]')).toBeNull();
        const api = await json(`/api/v1/speakers?q=${encodeURIComponent(typed)}`);
        expect(api.status).toBe(200);
        expect(api.body.soundsLike).toEqual({ typed, suggestion: meant });
      }
      // A filter that leaves nothing is not read aloud, the words being spelt right: 王海燕 is a veteran soldier.
      const filtered = parse(
        await (await get(`/speakers?q=${encodeURIComponent('王海燕')}&category=other`)).text(),
      );
      expect(filtered.querySelectorAll('.speaker-results h2')).toHaveLength(0);
      expect(filtered.querySelector('[data-testid="sounds-like"]')).toBeNull();
    });

    it('maps every speaker found, not only the page of the list, each at their county seat', async () => {
      const total = (await json('/api/v1/speakers?pageSize=1')).body.total as number;
      const placed = await queryRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from speakers s join regions r on r.code = s.region_code
          where s.status = 'published' and r.lat is not null and r.lng is not null`,
      );
      for (const page of [1, 2]) {
        const html = parse(await (await get(`/speakers?page=${page}`)).text());
        expect(html.querySelectorAll('.speaker-results h2').length).toBeLessThanOrEqual(20);
        expect(Number(html.querySelector('.cluster-map')?.getAttribute('data-points'))).toBe(placed[0]?.n);
      }
      expect(placed[0]?.n).toBeGreaterThan(20);
      expect(placed[0]?.n).toBeLessThanOrEqual(total);
      // Filtered, the map holds what the filter finds.
      const teachers = await json('/api/v1/speakers?category=veteran_soldier&pageSize=100');
      const filtered = parse(await (await get('/speakers?category=veteran_soldier')).text());
      expect(Number(filtered.querySelector('.cluster-map')?.getAttribute('data-points'))).toBe(
        (teachers.body.items as { location: unknown }[]).filter((s) => s.location !== null).length,
      );
    });

    it('shows no query time on the page (the API keeps it), and every distance one way', async () => {
      const html = await (await get('/search?near=40.84,111.75&sort=distance&pageSize=50')).text();
      expect(html).not.toContain('毫秒');
      const distances = parse(html)
        .querySelectorAll('.result .distance')
        .map((span) => span.text);
      expect(distances.length).toBeGreaterThan(10);
      // A tenth under 100 km, whole km from 100: 33.4 公里 beside 144 公里, never 45.72.
      for (const text of distances) {
        const km = /^距离 ([\d,.]+) 公里$/.exec(text)?.[1] ?? '';
        const value = Number(km.replace(/,/g, ''));
        expect(km, text).toMatch(value < 100 ? /^\d+\.\d$/ : /^[\d,]+$/);
      }
      expect(distances.some((text) => Number(/([\d,.]+)/.exec(text)?.[1]?.replace(/,/g, '')) >= 100)).toBe(
        true,
      );
    });

    it('refuses bad parameters with 400 { error, fields } in the caller language', async () => {
      const { status, body } = await json('/api/v1/venues?grade=99&near=north&pageSize=500&sort=fastest');
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_request');
      expect(Object.keys(body.fields as object).sort()).toEqual(['grade', 'near', 'pageSize', 'sort']);
      const english = await json('/api/v1/venues?availableTo=2026-12-01', { 'Accept-Language': 'en' });
      expect(english.status).toBe(400);
      expect((english.body.fields as Record<string, string>).availableFrom).toBe('Choose the first day');
      const noOrigin = await json('/api/v1/venues?sort=distance');
      expect(noOrigin.status).toBe(400);
      expect(Object.keys(noOrigin.body.fields as object)).toEqual(['near']);
      expect((await json('/api/v1/speakers?category=astronaut')).status).toBe(400);
    });

    it('finds the nearest free venues with room for 45 pupils next Tuesday, from the teacher’s school', async () => {
      const day = nextTuesday();
      const [school] = await server.database.db
        .select()
        .from(schools)
        .where(eq(schools.name, '武川县哈达中心学校'));
      expect(school?.rural).toBe(true);
      const path = `/api/v1/venues?access=free&availableFrom=${day}&seats=45&sort=distance&pageSize=100`;
      const { status, body } = await json(path, { Authorization: `Bearer ${teacherToken}` });
      expect(status).toBe(200);
      const items = body.items as VenueItem[];
      expect(items.length).toBeGreaterThan(0);
      // The same answer from SQL: free today, a session that day with at least 45 seats left.
      const start = parseShanghaiDay(day);
      const expected = await queryRows<{ id: string }>(
        server.database.db,
        sql`select distinct v.id from venues v
          join sessions s on s.venue_id = v.id and s.cancelled_at is null
            and s.starts_at >= ${start.toISOString()} and s.starts_at < ${new Date(start.getTime() + 86_400_000).toISOString()}
            and s.capacity - s.seats_held >= 45
          join programs p on p.id = s.program_id and p.active and p.delivery = 'onsite'
          where v.status = 'published' and exists (
            select 1 from access_commitments c where c.venue_id = v.id and c.status = 'active' and c.kind = 'free'
              and c.audience in ('primary', 'junior') and c.valid_from <= ${shanghaiDay(new Date())}::date
              and (c.valid_to is null or c.valid_to >= ${shanghaiDay(new Date())}::date))`,
      );
      expect(body.total).toBe(expected.length);
      const expectedIds = new Set(expected.map((e) => e.id));
      for (const item of items) expect(expectedIds.has(item.id)).toBe(true);
      // Venues whose place is unknown (ADR 018) have no point and no distance: they come after all the others.
      const placed = items.filter((item) => item.location !== null);
      const unplaced = items.slice(placed.length);
      expect(items.slice(0, placed.length)).toEqual(placed);
      for (const item of unplaced) expect(item).toMatchObject({ location: null, regionCode: '150000' });
      for (const item of unplaced) expect(item.distanceKm).toBeUndefined();
      for (const [i, item] of placed.entries()) {
        expect(item.access.kind).toBe('free');
        expect(item.distanceKm).toEqual(expect.any(Number));
        if (i > 0) expect(item.distanceKm).toBeGreaterThanOrEqual(placed[i - 1]?.distanceKm as number);
      }
      for (const item of unplaced) expect(item.access.kind).toBe('free');
      // Each says when it has room that day: a session of that day with 45 seats open.
      for (const item of items) {
        expect(item.room?.seatsOpen).toBeGreaterThanOrEqual(45);
        expect(item.room?.sessions).toBeGreaterThanOrEqual(1);
        expect(shanghaiDay(new Date(item.room?.firstStartsAt as string))).toBe(day);
      }
      // Without a token there is no school, so no distances unless `near` is given.
      const anonymous = await json(`/api/v1/venues?access=free&availableFrom=${day}&seats=45`);
      expect((anonymous.body.items as VenueItem[])[0]?.distanceKm).toBeUndefined();

      // The page answers the same, for the signed-in teacher, in pinyin too.
      const browser = new Browser(server.url);
      expect((await browser.signIn('teacher@demo.example', DEMO_PASSWORD)).status).toBe(302);
      const page = await browser.fetch(`/search?access=free&availableFrom=${day}&seats=45&sort=distance`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(items[0]?.name as string);
      expect(html).toContain('武川县哈达中心学校');
      // In the result list (the search box's placeholder names 内蒙古博物院 too).
      const list = html.slice(html.indexOf('data-testid="results"'));
      expect(list.indexOf(items[0]?.name as string)).toBeLessThan(
        list.indexOf(items[1]?.name ?? '\u0000') >>> 0,
      );
      // The first result says when it has room, as the API does.
      const first = parse(html)
        .querySelectorAll('.result-list .result')
        .find((card) => card.querySelector('h2')?.text === items[0]?.name);
      const time = getFormatters('zh').time(items[0]?.room?.firstStartsAt as string);
      expect(first?.querySelector('.result-room')?.text).toContain(time);
      expect(first?.querySelector('.result-room')?.text).toContain(`可订 ${items[0]?.room?.seatsOpen} 座`);
    });

    it('opens a venue found by free seats on a far day at that day’s sessions, the one it was found by', async () => {
      // A session nine weeks ahead: past the 60 days (and the 20 sessions) the venue page lists from today.
      const [far] = await queryRows<{ slug: string; name: string; starts_at: string | Date }>(
        server.database.db,
        sql`select v.slug, v.name, s.starts_at from sessions s
          join venues v on v.id = s.venue_id and v.status = 'published'
          join programs p on p.id = s.program_id and p.active and p.delivery = 'onsite'
          where s.cancelled_at is null and not s.open_day and s.capacity - s.seats_held >= 1
            and s.starts_at >= ${new Date(Date.now() + 62 * 86_400_000).toISOString()}
          order by s.starts_at, v.slug limit 1`,
      );
      expect(far).toBeDefined();
      const startsAt = new Date(far?.starts_at as string);
      const day = shanghaiDay(startsAt);
      const search = parse(
        await (await get(`/search?availableFrom=${day}&q=${encodeURIComponent(far?.name as string)}`)).text(),
      );
      const link = search
        .querySelectorAll('.result-list .result h2 a')
        .find((a) => a.text === far?.name)
        ?.getAttribute('href');
      expect(link).toBe(`/venues/${far?.slug}?from=${day}`);
      const page = parse(await (await get(link as string)).text());
      const listed = page.querySelectorAll('ul.session-list li strong').map((strong) => strong.text);
      expect(listed).toContain(getFormatters('zh').dateShort(startsAt, new Date()));
      expect(page.querySelector('[data-testid="sessions-from"] a')?.getAttribute('href')).toBe(
        `/venues/${far?.slug}#sessions`,
      );
      // A day that is no day, or one already begun, lists from today as before.
      for (const from of ['2026-02-30', 'tomorrow', shanghaiDay(new Date())]) {
        const plain = parse(await (await get(`/venues/${far?.slug}?from=${from}`)).text());
        expect(plain.querySelector('[data-testid="sessions-from"]'), from).toBeNull();
      }
    });

    it('limits by radius and sorts by distance from a given point', async () => {
      const { body } = await json('/api/v1/venues?near=40.84,111.75&radiusKm=30&sort=distance&pageSize=100');
      const items = body.items as VenueItem[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item.distanceKm).toBeLessThanOrEqual(30);
      expect(body.total).toBe(items.length);
    });

    it('filters by a 盟市 including its 旗县, with facet counts', async () => {
      const { body } = await json('/api/v1/venues?region=150100&pageSize=100');
      const items = body.items as VenueItem[];
      for (const item of items) expect(item.regionCode.slice(0, 4)).toBe('1501');
      const facets = body.facets as Record<string, Record<string, number>>;
      expect(facets.region?.['150100']).toBe(body.total);
      const counties = Object.entries(facets.region ?? {}).filter(
        ([code]) => code.startsWith('1501') && code !== '150100',
      );
      // Venues placed at the 盟市 seat count for the 盟市 only.
      expect(counties.length).toBeGreaterThan(0);
      expect(counties.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(body.total as number);
    });

    it('answers a venue by slug and by id, and 404 for others', async () => {
      const [museum] = await server.database.db.select().from(venues).where(eq(venues.name, '内蒙古博物院'));
      const bySlug = await json(`/api/v1/venues/${museum?.slug}`);
      expect(bySlug.status).toBe(200);
      expect((bySlug.body.venue as { id: string }).id).toBe(museum?.id);
      const byId = await json(`/api/v1/venues/${museum?.id}`);
      expect((byId.body.venue as { slug: string }).slug).toBe(museum?.slug);
      expect((await json('/api/v1/venues/no-such-venue')).status).toBe(404);
    });

    it('lists speakers and regions without any contact detail', async () => {
      const all = await server.database.db
        .select({ phone: speakers.phone, email: speakers.email })
        .from(speakers);
      const secrets = all.flatMap((s) => [s.phone, s.email]).filter((v): v is string => Boolean(v));
      const list = await get('/api/v1/speakers?pageSize=100');
      expect(list.status).toBe(200);
      const text = await list.text();
      const body = JSON.parse(text) as { items: { id: string }[]; total: number };
      expect(body.items.length).toBeGreaterThan(0);
      const one = await get(`/api/v1/speakers/${body.items[0]?.id}`);
      expect(one.status).toBe(200);
      const oneText = await one.text();
      const pageText = await (await get(`/speakers/${body.items[0]?.id}`)).text();
      const listPage = await (await get('/speakers')).text();
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(oneText).not.toContain(secret);
        expect(pageText).not.toContain(secret);
        expect(listPage).not.toContain(secret);
      }
      expect(oneText).not.toMatch(/"(phone|email)"/);
      // Issue 6's topic API still answers beside the new speaker API.
      expect((await get(`/api/v1/speakers/${body.items[0]?.id}/topics`)).status).toBe(200);
      const regions = await json('/api/v1/regions');
      expect((regions.body.items as { code: string }[]).some((r) => r.code === '150100')).toBe(true);
    });

    it('finds nothing for a query of LIKE wildcards or other symbols alone (%, _, \\), on the pages and in the API', async () => {
      for (const q of ['%', '_', '\\', '%_%', '？！']) {
        const encoded = encodeURIComponent(q);
        const speakersApi = await json(`/api/v1/speakers?q=${encoded}`);
        expect(speakersApi.status, q).toBe(200);
        expect(speakersApi.body.total, q).toBe(0);
        const venuesApi = await json(`/api/v1/venues?q=${encoded}`);
        expect(venuesApi.status, q).toBe(200);
        expect(venuesApi.body.total, q).toBe(0);
        const speakersPage = parse(await (await get(`/speakers?q=${encoded}`)).text());
        expect(speakersPage.querySelectorAll('main .result-list h2 > a').length, q).toBe(0);
        const searchPage = parse(await (await get(`/search?q=${encoded}`)).text());
        expect(searchPage.querySelectorAll('#results h2 > a').length, q).toBe(0);
      }
      // A word with a symbol beside it is still that word.
      const named = await json(`/api/v1/speakers?q=${encodeURIComponent('巴特尔%')}`);
      expect(named.body.total).toBeGreaterThan(0);
    });

    it('renders the pages on the server: search, venue, speakers, region', async () => {
      const search = await get('/search?q=nmgbwy');
      expect(search.status).toBe(200);
      const html = await search.text();
      expect(html).toContain('内蒙古博物院');
      // Words of a talk find no venue, and the page leads on to the topic menu with the same words, where they do.
      const talk = parse(await (await get('/search?q=乡村振兴')).text());
      const onward = talk.querySelector('.see-also a');
      expect(onward?.textContent).toContain('在宣讲菜单中搜索“乡村振兴”');
      const menu = await (await get(onward?.getAttribute('href') ?? '/')).text();
      expect(onward?.getAttribute('href')).toMatch(/^\/speakers\/topics\?q=/);
      expect(menu).toContain('乡村振兴');
      expect(
        parse(menu).querySelectorAll('.result-list > li, .topic-grid > li, .topic-card').length,
      ).toBeGreaterThan(0);
      // A start point typed as a place is searched from its seat, as its coordinates would be, and kept as typed.
      const [wuchuan] = await server.database.db.select().from(regions).where(eq(regions.code, '150125'));
      const links = (html: string) =>
        parse(html)
          .querySelectorAll('.result-list .result h2 a')
          .map((a) => a.getAttribute('href'));
      const byPlace = await (await get(`/search?near=${encodeURIComponent('武川县')}&radiusKm=100`)).text();
      const byPoint = await (await get(`/search?near=${wuchuan?.lat},${wuchuan?.lng}&radiusKm=100`)).text();
      expect(links(byPlace).length).toBeGreaterThan(0);
      expect(links(byPlace)).toEqual(links(byPoint));
      expect(parse(byPlace).querySelector('input[name="near"]')?.getAttribute('value')).toBe('武川县');
      expect(
        parse(byPlace).querySelector('input[name="near"]')?.getAttribute('aria-invalid') ?? null,
      ).toBeNull();
      expect(byPlace).toContain('从武川县的政府驻地起算');
      const bad = await get('/search?near=north&grade=99');
      expect(bad.status).toBe(200);
      const badHtml = await bad.text();
      expect(badHtml).toContain('纬度,经度');
      // A start point that is no point keeps what was typed, with the error beside it, to be corrected.
      const near = parse(badHtml).querySelector('input[name="near"]');
      expect(near?.getAttribute('value')).toBe('north');
      expect(near?.getAttribute('aria-invalid')).toBe('true');
      const nearError = `${near?.getAttribute('id')}-error`;
      expect(near?.getAttribute('aria-describedby')?.split(' ')).toContain(nearError);
      expect(parse(badHtml).getElementById(nearError)?.text).toContain('纬度,经度');
      const [museum] = await server.database.db.select().from(venues).where(eq(venues.name, '内蒙古博物院'));
      const venuePage = await get(`/venues/${museum?.slug}`);
      expect(venuePage.status).toBe(200);
      const venueHtml = await venuePage.text();
      expect(venueHtml).toContain(`/report-issue/${museum?.slug}`);
      expect(venueHtml).toMatch(/免费：[^；<]*陪同教师/);
      // Each listed session whose requests are taken now leads to its booking form; the others say why not.
      const listed = venueHtml.match(/<ul class="session-list">[\s\S]*?<\/ul>/)?.[0] ?? '';
      const items = listed.match(/<li/g) ?? [];
      expect(items.length).toBeGreaterThan(0);
      const profile = (await json(`/api/v1/venues/${museum?.slug}`)).body as unknown as {
        sessions: { id: string; booking: string }[];
      };
      const open = profile.sessions.filter((s) => s.booking === 'open');
      expect(open.length).toBeGreaterThan(0);
      expect(listed.match(/href="\/sessions\/[0-9a-f-]{36}\/book"/g)).toHaveLength(open.length);
      for (const s of profile.sessions)
        expect(listed.includes(`/sessions/${s.id}/book`)).toBe(s.booking === 'open');
      expect((listed.match(/预约已截止|起可预约/g) ?? []).length).toBe(items.length - open.length);
      // An operator (or a speaker, or an auditor) cannot book or report: they are not offered what would refuse them.
      const operator = new Browser(server.url);
      expect((await operator.signIn('operator@demo.example', DEMO_PASSWORD)).status).toBe(302);
      const asOperator = await (await operator.fetch(`/venues/${museum?.slug}`)).text();
      expect(asOperator).toContain('session-list');
      expect(asOperator).not.toMatch(/href="\/sessions\/[0-9a-f-]{36}\/book"/);
      expect(asOperator).not.toContain('/report-issue/');
      const teacher = new Browser(server.url);
      expect((await teacher.signIn('teacher@demo.example', DEMO_PASSWORD)).status).toBe(302);
      const asTeacher = await (await teacher.fetch(`/venues/${museum?.slug}`)).text();
      const teacherList = asTeacher.match(/<ul class="session-list">[\s\S]*?<\/ul>/)?.[0] ?? '';
      expect(teacherList.match(/href="\/sessions\/[0-9a-f-]{36}\/book"/g)).toHaveLength(open.length);
      // Each 预约 link names the session it books (in text hidden on screen), so that a screen reader's list of
      // links does not read 预约 nineteen times over.
      const bookNames = parse(teacherList)
        .querySelectorAll('a[href$="/book"]')
        .map((a) => a.textContent);
      expect(bookNames.length).toBeGreaterThan(1);
      expect(new Set(bookNames).size).toBe(bookNames.length);
      for (const name of bookNames) expect(name).toMatch(/^(预约|排队候补)：.+ \d{2}:\d{2}–\d{2}:\d{2} · .+/);
      // Reporting wrong information is offered where the teacher's school has been (an attended trip), not elsewhere,
      // where the form could only say no.
      const visited = new Set(
        (
          await queryRows<{ slug: string }>(
            server.database.db,
            sql`select distinct v.slug from bookings b join venues v on v.id = b.venue_id
              where b.status = 'attended' and b.school_id in (
                select m.school_id from memberships m join users u on u.id = m.user_id
                where u.email = 'teacher@demo.example')`,
          )
        ).map((row) => row.slug),
      );
      expect(visited.size).toBeGreaterThan(0);
      expect(asTeacher.includes(`/report-issue/${museum?.slug}`)).toBe(visited.has(museum!.slug));
      const [been] = [...visited];
      expect(await (await teacher.fetch(`/venues/${been}`)).text()).toContain(`/report-issue/${been}`);
      const notBeen = (
        await server.database.db
          .select({ slug: venues.slug })
          .from(venues)
          .where(eq(venues.status, 'published'))
      ).find((v) => !visited.has(v.slug));
      const notBeenPage = await teacher.fetch(`/venues/${notBeen!.slug}`);
      expect(notBeenPage.status).toBe(200);
      expect(await notBeenPage.text()).not.toContain('/report-issue/');
      expect((await get('/venues/no-such-venue')).status).toBe(404);
      expect((await get('/speakers')).status).toBe(200);
      expect((await get('/speakers/topics')).status).toBe(200);
      expect((await get('/speakers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const region = await get('/regions/150100');
      expect(region.status).toBe(200);
      expect(await region.text()).toContain('呼和浩特');
      expect((await get('/regions/999999')).status).toBe(404);
    });

    it('names the regions in English in the English interface, and in Chinese in the Chinese one and in the data', async () => {
      const cookie = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      const regionOptions = (html: string) =>
        parse(html)
          .querySelectorAll('select[name="region"] option')
          .map((option) => ({ value: option.getAttribute('value'), text: option.text.trim() }));
      const english = regionOptions(await (await get('/search', { cookie })).text());
      expect(english.find((o) => o.value === '150100')?.text).toMatch(/^Hohhot \(\d+\)$/);
      expect(english.find((o) => o.value === '150125')?.text).toMatch(/^Wuchuan County \(\d+\)$/);
      expect(english.find((o) => o.value === '150724')?.text).toMatch(/^Ewenki Autonomous Banner \(\d+\)$/);
      expect(english.filter((o) => /\p{Script=Han}/u.test(o.text))).toEqual([]);
      const chinese = regionOptions(await (await get('/search')).text());
      expect(chinese.find((o) => o.value === '150100')?.text).toMatch(/^呼和浩特市（\d+）$/);
      // The speakers' filter and a venue's page too; the API keeps the stored names.
      const speakers = regionOptions(await (await get('/speakers', { cookie })).text());
      expect(speakers.find((o) => o.value === '152500')?.text).toBe('Xilingol League');
      const [museum] = await server.database.db.select().from(venues).where(eq(venues.name, '内蒙古博物院'));
      const venuePage = parse(await (await get(`/venues/${museum?.slug}`, { cookie })).text());
      expect(venuePage.querySelector('.page-header a[href="/regions/150100"]')?.text.trim()).toBe('Hohhot');
      // The museum's national grade in words, in the reader's language.
      expect(venuePage.querySelector('.page-header .lead')?.text).toContain('national grade 1 museum');
      expect(venuePage.querySelector('.page-header .lead')?.text).not.toMatch(/一级/);
      // The venue's facts: every value under its own label (the guiding languages had none), each phone number whole.
      const tags = (venuePage.querySelector('dl.facts')?.childNodes ?? [])
        .filter((node) => node.nodeType === 1)
        .map((node) => (node as unknown as { tagName: string }).tagName);
      expect(tags.length).toBeGreaterThan(4);
      expect(tags.join(' ')).toMatch(/^(DT DD )*DT DD$/);
      expect(venuePage.querySelectorAll('dl.facts .tel').map((n) => n.text)).toEqual([
        '0471-4614000',
        '0471-4614333',
      ]);
      // In English the smaller place comes first, with a comma: "Xincheng District, Hohhot"; Chinese keeps 呼和浩特市 新城区.
      const placeLine = (page: ReturnType<typeof parse>) =>
        page
          .querySelector('.page-header')
          ?.text.replace(/\s+/g, ' ')
          .match(/(\S+ District, Hohhot|呼和浩特市 \S+区)/)?.[1];
      expect(placeLine(venuePage)).toMatch(/^[A-Z]\w+ District, Hohhot$/);
      expect(placeLine(parse(await (await get(`/venues/${museum?.slug}`)).text()))).toMatch(
        /^呼和浩特市 \S+区$/,
      );
      const regions = await json('/api/v1/regions', { cookie });
      expect(
        (regions.body.items as { code: string; name: string }[]).find((r) => r.code === '150100')?.name,
      ).toBe('呼和浩特市');
    });

    it('names a distance it cannot measure without a start point, and measures it from one', async () => {
      const needsStart = '需要起点';
      // Signed out, with no start point: "within 10 km" and "nearest first" are named, not quietly dropped.
      const anonymous = parse(await (await get('/search?radiusKm=10&sort=distance')).text());
      const warning = anonymous.querySelector('.alert')?.text ?? '';
      expect(warning).toContain(`距离范围：${needsStart}`);
      expect(warning).toContain(`排序：${needsStart}`);
      expect(anonymous.querySelector('select[name="radiusKm"]')?.getAttribute('aria-invalid')).toBe('true');
      const speakersPage = parse(await (await get('/speakers?radiusKm=10')).text());
      expect(speakersPage.querySelector('.alert')?.text).toContain(`距离范围：${needsStart}`);
      const cookie = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      expect(await (await get('/search?radiusKm=10', { cookie })).text()).toContain(
        'Distance: Needs a start point',
      );
      // With a start point typed, or from the teacher's school, the distance applies and nothing is said.
      const near = await (await get('/search?near=40.84,111.75&radiusKm=10&sort=distance')).text();
      expect(near).not.toContain(needsStart);
      const teacher = new Browser(server.url);
      expect((await teacher.signIn('teacher@demo.example', DEMO_PASSWORD)).status).toBe(302);
      for (const path of ['/search?radiusKm=30&sort=distance', '/speakers?radiusKm=30']) {
        const page = await (await teacher.fetch(path)).text();
        expect(page, path).not.toContain(needsStart);
        expect(page, path).toContain('武川县哈达中心学校');
      }
    });

    it('says when a region lists only the first of its venues, and marks reduced entry as the search does', async () => {
      const whole = parse(await (await get('/regions/150000')).text());
      const total = ((await json('/api/v1/venues?pageSize=1')).body.total as number) ?? 0;
      const listed = whole.querySelectorAll('#region-venues + ul > li').length;
      expect(total).toBeGreaterThan(listed);
      const more = whole.querySelector('[data-testid="region-venues-more"]');
      expect(more?.text).toContain(`按名称列出前 ${listed} 个，共 ${total} 个`);
      expect(more?.querySelector('a')?.getAttribute('href')).toBe('/search?region=150000');
      // A city whose list is whole says nothing more; a venue with reduced entry says so, as on its search card.
      const city = parse(await (await get('/regions/150100')).text());
      expect(city.querySelector('[data-testid="region-venues-more"]')).toBeNull();
      const items = (await json('/api/v1/venues?region=150100&pageSize=100')).body.items as VenueItem[];
      const discounted = items.find((item) => item.access.kind === 'discounted');
      expect(discounted).toBeDefined();
      const row = city
        .querySelectorAll('#region-venues + ul > li')
        .find((li) => li.querySelector('a')?.getAttribute('href') === `/venues/${discounted?.slug}`);
      expect(row?.text).toContain('学生优惠');
    });

    it('names an ignored filter by its label and keeps the others, on every list page', async () => {
      const html = await (await get('/search?grade=99&region=999&q=%E5%8D%9A%E7%89%A9')).text();
      expect(html).toContain('年级：不能大于 12');
      expect(html).toContain('盟市 / 旗县：格式不正确');
      expect(html).not.toMatch(/grade: |region: /);
      // The words still filter: as many venues as for the words alone, fewer than the whole catalogue.
      const found = (page: string) =>
        Number(/找到 ([\d,]+) 个场馆/.exec(page)?.[1]?.replace(/,/g, '') ?? Number.NaN);
      const wordsOnly = found(await (await get('/search?q=%E5%8D%9A%E7%89%A9')).text());
      expect(found(html)).toBe(wordsOnly);
      expect(wordsOnly).toBeGreaterThan(0);
      expect(wordsOnly).toBeLessThan(found(await (await get('/search')).text()));
      // The phone's filter toggle counts the filters in force, not the ones dropped: the words alone here.
      expect(parse(html).querySelector('.filter-toggle-button')?.text.trim()).toBe('筛选');
      const oneGood = await (await get('/search?grade=99&type=museum&sort=xyz')).text();
      expect(parse(oneGood).querySelector('.filter-toggle-button')?.text.trim()).toBe('筛选（已选 1 项）');
      const cookie = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      const english = await (await get('/search?grade=99', { cookie })).text();
      expect(english).toContain('Grade: Must be at most 12');
      const long = await (
        await get('/search?availableFrom=2030-01-01&availableTo=2030-03-01&seats=40')
      ).text();
      expect(long).toContain('参观日期（止）：一次最多查询 31 天');
      // The range is dropped whole, and every box dropped with it keeps what was typed, to be corrected.
      const longForm = parse(long);
      expect(longForm.querySelector('input[name="availableFrom"]')?.getAttribute('value')).toBe('2030-01-01');
      expect(longForm.querySelector('input[name="availableTo"]')?.getAttribute('value')).toBe('2030-03-01');
      expect(longForm.querySelector('input[name="seats"]')?.getAttribute('value')).toBe('40');
      // A day already past is named, not answered with "no venues"; what was typed stays in its box to be corrected.
      const yesterday = shanghaiDay(new Date(DEMO_NOW.getTime() - 86_400_000));
      const past = await (await get(`/search?availableFrom=${yesterday}&seats=-3`)).text();
      expect(past).toContain('这一天已经过去了');
      expect(past).toContain(`value="${yesterday}"`);
      expect(past).toContain('value="-3"');
      const words = '博'.repeat(101);
      const tooLong = await (await get(`/search?q=${encodeURIComponent(words)}`)).text();
      expect(tooLong).toContain('最多 100 字');
      expect(tooLong).toContain(`value="${words}"`);
      const speakersTooLong = await (await get(`/speakers?q=${encodeURIComponent(words)}`)).text();
      expect(speakersTooLong).toContain('最多 100 字');
      expect(speakersTooLong).toContain(`value="${words}"`);
      const speakersPage = await (await get('/speakers?region=999&language=mn')).text();
      expect(speakersPage).toContain('盟市 / 旗县：格式不正确');
      const topics = await (await get('/speakers/topics?grade=99')).text();
      expect(topics).toContain('年级：不能大于 12');
      const outreach = await (await get('/outreach?grade=99')).text();
      expect(outreach).toMatch(/年级：不能大于 12/);
    });

    it('names the start point distances run from: the place or point typed, else the teacher’s school', async () => {
      const teacher = new Browser(server.url);
      expect((await teacher.signIn('teacher@demo.example', DEMO_PASSWORD)).status).toBe(302);
      const countLine = async (path: string) =>
        parse(await (await teacher.fetch(path)).text()).querySelector('.result-count')?.text ?? '';
      expect(await countLine('/search?sort=distance')).toContain('默认从您的学校');
      const fromPlace = await countLine(`/search?near=${encodeURIComponent('包头市')}&radiusKm=30`);
      expect(fromPlace).toContain('从包头市的政府驻地起算');
      expect(fromPlace).not.toContain('您的学校');
      const fromPoint = await countLine('/search?near=40.8,111.7&sort=distance');
      expect(fromPoint).toContain('从 40.8,111.7 起算');
      expect(fromPoint).not.toContain('您的学校');
    });

    it('narrows "book a trip" by its filters, names a wrong one and keeps the others, and never fails', async () => {
      const teacher = new Browser(server.url);
      expect((await teacher.signIn('teacher@demo.example', DEMO_PASSWORD)).status).toBe(302);
      const rows = (html: string) => parse(html).querySelectorAll('ul.trip-rows > li');
      const all = await teacher.fetch('/trips/new');
      expect(all.status).toBe(200);
      const allRows = rows(await all.text());
      expect(allRows.length).toBeGreaterThan(1);
      // The first session's own words find it, and fewer than all.
      const title = allRows[0]?.querySelector('.row-title')?.text.trim() ?? '';
      expect(title).not.toBe('');
      const found = await (await teacher.fetch(`/trips/new?q=${encodeURIComponent(title)}`)).text();
      expect(rows(found).length).toBeGreaterThan(0);
      expect(rows(found).every((row) => row.text.includes(title))).toBe(true);
      // Wrong filters: each named by its label, what was typed kept in its box, the good one still applied.
      const yesterday = shanghaiDay(new Date(DEMO_NOW.getTime() - 86_400_000));
      const wrong = await teacher.fetch(
        `/trips/new?grade=99&region=abc&from=${yesterday}&q=${encodeURIComponent(title)}`,
      );
      expect(wrong.status).toBe(200);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).toContain('年级：不能大于 12');
      expect(wrongHtml).toContain('盟市 / 旗县：格式不正确');
      expect(wrongHtml).toContain('日期（起）：这一天已经过去了');
      expect(wrongHtml).toContain(`value="${yesterday}"`);
      expect(rows(wrongHtml).length).toBe(rows(found).length);
      const garbage = await teacher.fetch(`/trips/new?from=tomorrow&q=${'%'.repeat(3)}&grade=`);
      expect(garbage.status).toBe(200);
      const garbageHtml = await garbage.text();
      expect(garbageHtml).toContain('没有符合这些条件的场次');
      expect(garbageHtml).toContain('日期（起）：');
      const nobody = await new Browser(server.url).fetch('/trips/new?grade=3');
      expect(nobody.status).toBe(302);
    });

    it('titles every page by what it shows, and an error page by what went wrong, in both languages', async () => {
      const titleOf = (html: string) => parse(html).querySelector('title')?.text.trim() ?? '';
      const uuid = '[0-9a-f-]{36}';
      /** The first link on a page that matches, to reach the pages of one record. */
      const firstLink = async (browser: Browser, page: string, href: RegExp) => {
        const found = new RegExp(`href="(${href.source})"`).exec(await (await browser.fetch(page)).text());
        expect(found?.[1], `a link like ${href} on ${page}`).toBeTruthy();
        return found?.[1] as string;
      };
      const signedIn = async (email: string | null) => {
        const browser = new Browser(server.url);
        if (email) expect((await browser.signIn(email, DEMO_PASSWORD)).status).toBe(302);
        return browser;
      };
      const anonymous = await signedIn(null);
      const teacher = await signedIn('teacher@demo.example');
      const schoolAdmin = await signedIn('school-admin@demo.example');
      const operator = await signedIn('operator@demo.example');
      const speaker = await signedIn('speaker@demo.example');
      const auditor = await signedIn('auditor@demo.example');
      const admin = await signedIn('admin@demo.example');
      const person = await firstLink(admin, '/admin', new RegExp(`/admin/users/${uuid}`));
      const pages: [string, Browser, string[]][] = [
        [
          'anonymous',
          anonymous,
          [
            '/',
            '/search',
            '/speakers',
            '/speakers/topics',
            '/outreach',
            '/privacy',
            '/login',
            '/signup',
            '/forgot',
            '/regions/150100',
            await firstLink(anonymous, '/search', /\/venues\/[a-z0-9-]+/),
            await firstLink(anonymous, '/speakers', new RegExp(`/speakers/${uuid}`)),
          ],
        ],
        [
          'teacher',
          teacher,
          [
            '/trips',
            '/trips/new',
            await firstLink(teacher, '/trips', new RegExp(`/trips/${uuid}`)),
            '/invitations',
            await firstLink(teacher, '/speakers/topics', new RegExp(`/invitations/new\\?topic=${uuid}`)),
            await firstLink(teacher, '/invitations', new RegExp(`/invitations/${uuid}`)),
            '/inbox',
            '/account',
            '/calendars',
            '/logout',
            await firstLink(teacher, '/search', /\/venues\/[a-z0-9-]+/).then((venue) =>
              firstLink(teacher, venue, new RegExp(`/sessions/${uuid}/book`)),
            ),
          ],
        ],
        ['school admin', schoolAdmin, ['/school/approvals', '/school/calendar', '/invites']],
        [
          'operator',
          operator,
          [
            '/console',
            '/console/bookings',
            await firstLink(operator, '/console/bookings', new RegExp(`/console/bookings/${uuid}`)),
            '/console/profile',
            '/console/programs',
            '/console/sessions',
            '/console/commitments',
            '/console/outreach',
            '/info-reports',
          ],
        ],
        ['speaker', speaker, ['/speaker', '/speaker/profile', '/speaker/topics']],
        [
          'auditor',
          auditor,
          [
            '/bureau',
            '/bureau/queue',
            '/bureau/overdue',
            '/bureau/info-reports',
            '/bureau/compliance',
            '/bureau/coverage',
            '/bureau/requests',
            '/bureau/audit',
          ],
        ],
        ['admin', admin, ['/admin', person, '/speakers/vetting']],
      ];
      for (const [who, browser, paths] of pages) {
        const titles: string[] = [];
        for (const path of paths) {
          const response = await browser.fetch(path);
          expect(response.status, `${who} ${path}`).toBe(200);
          const title = titleOf(await response.text());
          expect(title, `${who} ${path}`).not.toBe('');
          expect(title, `${who} ${path}`).not.toBe('社会大课堂');
          titles.push(title);
        }
        // Each page its own title: none inherits the one of the desk around it (a person's page titled "平台管理").
        expect(new Set(titles).size, `${who}: ${titles.join(' | ')}`).toBe(titles.length);
      }
      const personPage = await (await admin.fetch(person)).text();
      const personName = parse(personPage).querySelector('main h1')?.text.trim();
      expect(titleOf(personPage)).toBe(`${personName} · 平台管理 · 社会大课堂`);

      // Error pages, which the root error boundary (and the bureau's) draws, in Chinese and in English.
      const errors: [Browser, string, string][] = [
        [anonymous, '/no-such-page', '页面不存在 · 社会大课堂'],
        [anonymous, '/venues/no-such-venue', '页面不存在 · 社会大课堂'],
        [anonymous, '/speakers/00000000-0000-4000-8000-000000000000', '页面不存在 · 社会大课堂'],
        [teacher, '/admin', '无权访问 · 社会大课堂'],
        [teacher, '/console', '无权访问 · 社会大课堂'],
        [teacher, '/bureau', '无权访问 · 社会大课堂'],
        [admin, '/admin/users/00000000-0000-4000-8000-000000000000', '页面不存在 · 社会大课堂'],
      ];
      for (const [browser, path, title] of errors) {
        const response = await browser.fetch(path);
        expect(response.status, path).toBeGreaterThanOrEqual(400);
        expect(titleOf(await response.text()), path).toBe(title);
      }
      for (const browser of [anonymous, teacher]) {
        expect((await browser.form('/lang', { lang: 'en', redirectTo: '/' })).status).toBe(302);
      }
      expect(titleOf(await (await anonymous.fetch('/no-such-page')).text())).toBe(
        'Page not found · Social Classroom',
      );
      expect(titleOf(await (await teacher.fetch('/console')).text())).toBe(
        'Access denied · Social Classroom',
      );
      expect(titleOf(await (await teacher.fetch('/trips')).text())).toBe('My trips · Social Classroom');
    });

    it('names the search landmarks apart, the home link by its visible words, the language buttons in their language', async () => {
      const admin = new Browser(server.url);
      expect((await admin.signIn('admin@demo.example', DEMO_PASSWORD)).status).toBe(302);
      for (const path of ['/', '/search', '/speakers', '/admin']) {
        const page = parse(await (await admin.fetch(path)).text());
        const names = page.querySelectorAll('[role="search"]').map((form) => form.getAttribute('aria-label'));
        // The search page has one box, its own with the filters: the header's is not repeated there.
        if (path === '/search') expect(names, path).toEqual(['找场馆']);
        else {
          expect(names.length, path).toBe(2);
          expect(names.every(Boolean), path).toBe(true);
          expect(new Set(names).size, `${path}: ${names.join(' | ')}`).toBe(2);
          expect(names[0], path).toBe('全站搜索');
        }
        // The brand link is called what it shows (WCAG 2.5.3): no other name laid over its words.
        const brand = page.querySelector('header a.brand');
        expect(brand?.text, path).toContain('社会大课堂');
        expect(brand?.getAttribute('aria-label'), path).toBeUndefined();
        // The switch is drawn once (at the top right, or in a phone's menu: app.css shows one of the two).
        const switches = page.querySelectorAll('.lang-switch');
        expect(switches.map((s) => s.getAttribute('class')).sort(), path).toEqual([
          'lang-switch lang-switch-menu',
          'lang-switch lang-switch-top',
        ]);
        for (const languageSwitch of switches) {
          const languages = languageSwitch
            .querySelectorAll('button')
            .map((button) => [button.text.trim(), button.getAttribute('lang')]);
          expect(languages, path).toEqual([
            ['中文', 'zh-CN'],
            ['English', 'en'],
          ]);
        }
      }
    });

    it('lists the same page beside the map as without it', async () => {
      const names = async (path: string) =>
        parse(await (await get(path)).text())
          .querySelectorAll('.result-list .result h2 a')
          .map((a) => a.text);
      for (const page of [1, 2, 3]) {
        const list = await names(`/search?q=%E9%A6%86&page=${page}`);
        expect(list.length, `page ${page}`).toBeGreaterThan(0);
        expect(await names(`/search?q=%E9%A6%86&view=map&page=${page}`), `page ${page}`).toEqual(list);
      }
    });

    it('says of a map with no venue placed that all found are unplaced, not that there is "one more"', async () => {
      const [unplaced] = await server.database.db
        .select({ name: venues.name })
        .from(venues)
        .where(and(eq(venues.regionCode, '150000'), eq(venues.status, 'published')))
        .limit(1);
      if (!unplaced) throw new Error('the demo has a venue whose place is unknown');
      const page = parse(await (await get(`/search?q=${encodeURIComponent(unplaced.name)}&view=map`)).text());
      const note = page.querySelector('[data-unplaced]')?.text ?? '';
      expect(note).toContain('找到的场馆位置都待核实');
      expect(note).not.toContain('另有');
    });

    it('sends a page past the end to the last page, keeping the filters', async () => {
      for (const path of [
        '/search?q=%E9%A6%86&page=999',
        '/search?q=%E9%A6%86&view=map&page=40',
        '/speakers?page=999',
        '/speakers/topics?page=999',
        '/outreach?page=999',
      ]) {
        const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
        expect(response.status, path).toBe(302);
        const location = response.headers.get('location') ?? '';
        expect(location, path).not.toContain('page=999');
        const last = await get(location);
        expect(last.status, path).toBe(200);
      }
      const response = await fetch(`${server.url}/search?q=%E9%A6%86&page=999`, { redirect: 'manual' });
      expect(response.headers.get('location')).toMatch(/^\/search\?q=%E9%A6%86(&page=\d+)?$/);
    });
  });
}
