import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { formatYuan } from '#app/i18n/index.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { programs, venues } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { DEMO_NOW, describeEachDriver } from '#tests/setup/db.ts';
import { hsdsOrganizations, hsdsService, hsdsServices, stableUuid } from './hsds.server.ts';

/** The official HSDS 3.0 schemas (Open Referral, CC BY-SA 4.0), copied unchanged into tests/fixtures/hsds-3.0. */
function schema(name: string) {
  return JSON.parse(readFileSync(`tests/fixtures/hsds-3.0/${name}.json`, 'utf8')) as object;
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validService = ajv.compile(schema('service_with_definitions'));
const validServiceItem = ajv.compile(schema('service_list'));
const validOrganization = ajv.compile(schema('organization_list'));

function expectValid(validate: typeof validService, value: unknown) {
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
}

it('the official schemas refuse a service without its required fields', () => {
  expect(validServiceItem({ name: '无编号' })).toBe(false);
  expect(validService({ id: 'not-a-uuid', name: 'x', status: 'active' })).toBe(false);
});

it('name-based ids are RFC 4122 version 5 UUIDs and stable', () => {
  const id = stableUuid('address', 'x');
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(stableUuid('address', 'x')).toBe(id);
  expect(stableUuid('address', 'y')).not.toBe(id);
});

describeEachDriver(
  'the catalogue as Open Referral HSDS 3.0',
  (ctx) => {
    it('lists every published program as a valid service, page by page, and every published venue', async () => {
      const [expected] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(programs)
        .innerJoin(venues, eq(venues.id, programs.venueId))
        .where(and(eq(programs.active, true), eq(venues.status, 'published')));
      const first = await hsdsServices(ctx.db, { page: 1, perPage: 100 }, 'https://example.org');
      expect(first.total_items).toBe(expected?.n);
      expect(first.total_items).toBeGreaterThan(100);
      expect(first.size).toBe(100);
      expect(first.first_page).toBe(true);
      expect(first.last_page).toBe(false);
      for (const item of first.contents) expectValid(validServiceItem, item);
      // Fees read as people write money: "¥10,000", "¥12.50", "免费" — not "10000.00 元".
      const prices = new Map(
        (
          await ctx.db
            .select({
              id: programs.id,
              pupil: programs.standardPricePerPupil,
              chaperone: programs.standardPricePerChaperone,
            })
            .from(programs)
        ).map((p) => [p.id, p]),
      );
      const fee = (fen: number) => (fen === 0 ? '免费' : formatYuan(fen));
      for (const item of first.contents) {
        const price = prices.get(item.id);
        expect(item.fees_description).toBe(
          `标准价：学生每人 ${fee(price?.pupil ?? -1)}，陪同成人每人 ${fee(price?.chaperone ?? -1)}`,
        );
        expect(item.fees_description).not.toMatch(/\.00|元/);
      }
      expect(first.contents.some((item) => (prices.get(item.id)?.pupil ?? 0) > 0)).toBe(true);
      const last = await hsdsServices(ctx.db, { page: first.total_pages, perPage: 100 });
      expect(last.last_page).toBe(true);
      expect(last.size).toBe(first.total_items - 100 * (first.total_pages - 1));
      const second = await hsdsServices(ctx.db, { page: 2, perPage: 100 });
      const seen = new Set(first.contents.map((s) => s.id));
      expect(second.contents.some((s) => seen.has(s.id))).toBe(false);

      const organizations = await hsdsOrganizations(ctx.db, { page: 1, perPage: 100 });
      const [published] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(venues)
        .where(eq(venues.status, 'published'));
      expect(organizations.total_items).toBe(published?.n);
      for (const item of organizations.contents) expectValid(validOrganization, item);
    });

    it('nests location, language and the commitments in force as cost options, valid against the schema', async () => {
      const page = await hsdsServices(ctx.db, { page: 1, perPage: 30 });
      for (const item of page.contents) {
        const service = await hsdsService(ctx.db, item.id, DEMO_NOW);
        expect(service).not.toBeNull();
        expectValid(validService, service);
        const place = service?.service_at_locations[0]?.location;
        // A venue whose place is unknown has no coordinates (the next test).
        if (place?.description === '位置待核实：所在旗县和盟市不明，暂列自治区本级') continue;
        expect(place?.latitude).toBeGreaterThan(37);
        expect(place?.longitude).toBeGreaterThan(97);
      }

      // A program for primary pupils at a venue whose free commitment for primary pupils is in force today.
      const today = shanghaiDay(DEMO_NOW);
      const rows = await queryRows<{ id: string }>(
        ctx.db,
        sql`
        select p.id from programs p join venues v on v.id = p.venue_id
        join access_commitments c on c.venue_id = v.id
        where v.status = 'published' and p.active and c.status = 'active' and c.kind = 'free'
          and c.audience = 'primary' and c.valid_from <= ${today} and (c.valid_to is null or c.valid_to >= ${today})
          and 3 = any(p.grades)
        limit 1`,
      );
      const id = rows[0]?.id;
      expect(id).toBeDefined();
      const service = await hsdsService(ctx.db, id as string, DEMO_NOW);
      expect(service?.cost_options).toContainEqual(
        expect.objectContaining({ option: '小学生', amount: 0, currency: 'CNY', amount_description: '免费' }),
      );
    });

    it('gives a venue whose place is unknown no coordinates and no city, only a note to verify it', async () => {
      const [program] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select p.id from programs p join venues v on v.id = p.venue_id
            where v.name = '查布恐龙博物馆' and v.status = 'published' and p.active limit 1`,
      );
      const service = await hsdsService(ctx.db, program?.id as string, DEMO_NOW);
      expectValid(validService, service);
      const place = service?.service_at_locations[0]?.location;
      expect(place).not.toHaveProperty('latitude');
      expect(place).not.toHaveProperty('longitude');
      expect(place?.description).toBe('位置待核实：所在旗县和盟市不明，暂列自治区本级');
      expect(place?.addresses[0]).toMatchObject({ address_1: '查布恐龙博物馆', city: '' });
    });

    it('leaves out programs of venues that are not published', async () => {
      const [program] = await ctx.db
        .select({ id: programs.id, venueId: programs.venueId })
        .from(programs)
        .limit(1);
      expect(await hsdsService(ctx.db, program?.id as string, DEMO_NOW)).not.toBeNull();
      await ctx.db
        .update(venues)
        .set({ status: 'suspended' })
        .where(eq(venues.id, program?.venueId as string));
      expect(await hsdsService(ctx.db, program?.id as string, DEMO_NOW)).toBeNull();
    });
  },
  { fixture: 'demo' },
);
