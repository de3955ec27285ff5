import { createHash } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import {
  audienceForGrade,
  type CommitmentTerms,
  inForce,
  priceUnder,
} from '#app/domain/commitments/pricing.ts';
import { formatYuan, getT } from '#app/i18n/index.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { accessCommitments, programs, regions, venues } from '#db/schema/index.ts';
import { isLocationUnknown } from './placement.ts';

/**
 * The published catalogue as Open Referral HSDS 3.0 (https://openreferral.org/): each venue is an organization with
 * one physical location; each of its active programs is a service at that location, with the venue's commitments in
 * force today as cost options. Only published venues appear. Ids of records that have no row of their own (address,
 * language, cost option, service-at-location) are name-based UUIDs, stable from one export to the next.
 */

const NAMESPACE = 'social-classroom:hsds';

/** A name-based (version 5 style, SHA-1) UUID. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha1')
    .update([NAMESPACE, ...parts].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export interface HsdsPaging {
  page: number;
  perPage: number;
}

function page<T>(contents: T[], total: number, { page, perPage }: HsdsPaging): HsdsPage<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

type VenueRow = typeof venues.$inferSelect;
type ProgramRow = typeof programs.$inferSelect;

const t = getT('zh');
const languageNames = { zh: t('language.zh'), mn: t('language.mn') } as const;

function organization(venue: VenueRow, publicUrl?: string) {
  return {
    id: venue.id,
    name: venue.name,
    description: venue.description || venue.name,
    ...(venue.website ? { website: venue.website } : {}),
    ...(publicUrl ? { uri: `${publicUrl}/venues/${venue.slug}` } : {}),
  };
}

function location(venue: VenueRow, regionName: string) {
  // A venue whose place is unknown gets no coordinates and no city, not the seat it was stored at (ADR 018).
  const unknown = isLocationUnknown(venue);
  return {
    id: venue.id,
    location_type: 'physical',
    name: venue.name,
    ...(unknown ? {} : { latitude: venue.lat, longitude: venue.lng }),
    ...(unknown
      ? { description: t('hsds.locationUnknown') }
      : venue.locationApproximate
        ? { description: t('hsds.approximate') }
        : {}),
    addresses: [
      {
        id: stableUuid('address', venue.id),
        location_id: venue.id,
        address_1: venue.address || venue.name,
        city: unknown ? '' : regionName,
        state_province: '内蒙古自治区',
        postal_code: '',
        country: 'CN',
        address_type: 'physical',
      },
    ],
    accessibility: venue.accessible
      ? [
          {
            id: stableUuid('accessibility', venue.id),
            location_id: venue.id,
            description: venue.accessibilityNotes,
          },
        ]
      : [],
  };
}

/** The commitments in force today for the audiences this program serves, as HSDS cost options (amounts in yuan). */
function costOptions(program: ProgramRow, commitments: readonly CommitmentTerms[], today: string) {
  const audiences = new Set([...program.grades.map(audienceForGrade), 'chaperone' as const]);
  return commitments
    .filter((c) => audiences.has(c.audience as never) && inForce(c, today))
    .map((c) => {
      const standard =
        c.audience === 'chaperone' ? program.standardPricePerChaperone : program.standardPricePerPupil;
      return {
        id: stableUuid('cost', program.id, c.id),
        service_id: program.id,
        valid_from: c.validFrom,
        ...(c.validTo ? { valid_to: c.validTo } : {}),
        option: t(`audience.${c.audience}`),
        currency: 'CNY',
        amount: priceUnder(c, standard) / 100,
        amount_description:
          c.kind === 'free'
            ? t('hsds.free')
            : c.kind === 'percent_off'
              ? t('hsds.percentOff', { percent: c.percentOff ?? 0 })
              : t('hsds.fixedPrice'),
      };
    });
}

function ages(grades: readonly number[]) {
  const min = Math.min(...grades);
  const max = Math.max(...grades);
  return { minimum_age: min <= 0 ? 3 : min + 6, maximum_age: max <= 0 ? 6 : max + 7 };
}

/** A price as people read it: ¥10,000, ¥12.50, 免费. */
const fee = (fen: number) => (fen === 0 ? t('hsds.free') : formatYuan(fen));

function serviceListItem(program: ProgramRow, venue: VenueRow, publicUrl?: string) {
  return {
    id: program.id,
    organization_id: venue.id,
    name: program.title,
    description: program.summary || program.title,
    ...(publicUrl ? { url: `${publicUrl}/venues/${venue.slug}` } : {}),
    status: 'active',
    fees_description: t('hsds.fees', {
      pupil: fee(program.standardPricePerPupil),
      chaperone: fee(program.standardPricePerChaperone),
    }),
    eligibility_description: t('hsds.grades', { grades: program.grades.join('、') }),
    ...ages(program.grades),
    last_modified: program.updatedAt.toISOString(),
    organization: organization(venue, publicUrl),
  };
}

const publishedProgram = and(eq(programs.active, true), eq(venues.status, 'published'));

export async function hsdsServices(
  db: Database,
  paging: HsdsPaging,
  publicUrl?: string,
): Promise<HsdsPage<ReturnType<typeof serviceListItem>>> {
  const [total] = await db
    .select({ n: count() })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .where(publishedProgram);
  const rows = await db
    .select({ program: programs, venue: venues })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .where(publishedProgram)
    .orderBy(asc(venues.slug), asc(programs.id))
    .limit(paging.perPage)
    .offset((paging.page - 1) * paging.perPage);
  return page(
    rows.map((r) => serviceListItem(r.program, r.venue, publicUrl)),
    total?.n ?? 0,
    paging,
  );
}

/** One service, fully nested; null when it is not published. */
export async function hsdsService(db: Database, id: string, now: Date, publicUrl?: string) {
  const [row] = await db
    .select({ program: programs, venue: venues, regionName: regions.name })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .innerJoin(regions, eq(regions.code, venues.regionCode))
    .where(and(eq(programs.id, id), publishedProgram));
  if (!row) return null;
  const { program, venue } = row;
  const commitments = await db
    .select()
    .from(accessCommitments)
    .where(and(eq(accessCommitments.venueId, venue.id), eq(accessCommitments.status, 'active')));
  const place = location(venue, row.regionName);
  return {
    ...serviceListItem(program, venue, publicUrl),
    languages: [
      {
        id: stableUuid('language', program.id, program.language),
        service_id: program.id,
        name: languageNames[program.language],
        code: program.language,
      },
    ],
    cost_options: costOptions(program, commitments, shanghaiDay(now)),
    service_at_locations: [
      {
        id: stableUuid('service-at-location', program.id, venue.id),
        service_id: program.id,
        location: place,
      },
    ],
    phones: venue.phone
      ? [{ id: stableUuid('phone', venue.id), service_id: program.id, number: venue.phone, type: 'voice' }]
      : [],
  };
}

export async function hsdsOrganizations(db: Database, paging: HsdsPaging, publicUrl?: string) {
  const published = eq(venues.status, 'published');
  const [total] = await db.select({ n: count() }).from(venues).where(published);
  const rows = await db
    .select()
    .from(venues)
    .where(published)
    .orderBy(asc(venues.slug))
    .limit(paging.perPage)
    .offset((paging.page - 1) * paging.perPage);
  return page(
    rows.map((venue) => organization(venue, publicUrl)),
    total?.n ?? 0,
    paging,
  );
}
