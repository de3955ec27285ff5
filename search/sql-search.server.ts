// The PostgreSQL-only search path: the same filters, facets and distances as the index, with plain substring
// matching (ILIKE) for text. It knows no pinyin of names beyond the slug and no typo tolerance, so its answers are
// marked incomplete. Used when the index is not ready or its engine is down, and as the benchmark's baseline.
import { type SQL, sql } from 'drizzle-orm';
import { overdueBefore } from '#app/domain/bureau/overdue.ts';
import { venueDistanceSql } from '#app/domain/catalogue/placement.ts';
import type { Database } from '#db/client.ts';
import { likeContaining, queryRows } from '#db/sql.ts';
import { loadSynonyms, parseQuery } from './text.ts';
import {
  type FacetName,
  type Facets,
  facetNames,
  type SearchFilters,
  type SearchRequest,
  type SearchResponse,
} from './types.ts';

function withinRegion(column: SQL, root: string): SQL {
  if (root.endsWith('0000')) return sql`left(${column}, 2) = ${root.slice(0, 2)}`;
  if (root.endsWith('00')) return sql`left(${column}, 4) = ${root.slice(0, 4)}`;
  return sql`${column} = ${root}`;
}

function textConditions(request: SearchRequest, fields: SQL[], latinField: SQL): SQL[] {
  const parsed = parseQuery(request.q ?? '', { synonyms: loadSynonyms() });
  return parsed.terms.map((term) => {
    const alternatives = term.alternatives.flatMap((alt) => {
      const pattern = likeContaining(alt);
      const own = fields.map((field) => sql`${field} ilike ${pattern}`);
      if (term.script === 'latin') own.push(sql`${latinField} ilike ${pattern}`);
      return own;
    });
    return sql`(${sql.join(alternatives, sql` or `)})`;
  });
}

type FilterSql = Partial<Record<FacetName, SQL>>;

function venueFilters(filters: SearchFilters): FilterSql {
  const out: FilterSql = {};
  if (filters.type !== undefined) out.type = sql`b.type = ${filters.type}`;
  if (filters.region !== undefined) out.region = withinRegion(sql`b.region_code`, filters.region);
  if (filters.theme !== undefined) out.theme = sql`${filters.theme} = any(b.themes)`;
  if (filters.grade !== undefined) out.grade = sql`${filters.grade} = any(b.grades)`;
  if (filters.access !== undefined) out.access = sql`b.access = ${filters.access}`;
  if (filters.accessible !== undefined) out.accessible = sql`b.accessible = ${filters.accessible}`;
  if (filters.language !== undefined) out.language = sql`${filters.language} = any(b.languages)`;
  if (filters.verified !== undefined) out.verified = sql`b.verified = ${filters.verified}`;
  return out;
}

function and(parts: SQL[]): SQL {
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** Venues: the base set (text, ids, radius) as a CTE, then filters, page and facets over it. */
async function searchVenues(db: Database, request: SearchRequest): Promise<SearchResponse> {
  const { near, radiusKm, filters } = request;
  const day = request.day;
  const verifiedSince = overdueBefore(request.now).toISOString();
  const base: SQL[] = [sql`v.status = 'published'`];
  base.push(
    ...textConditions(
      request,
      [
        sql`v.name`,
        sql`v.description`,
        sql`v.address`,
        sql`array_to_string(v.themes, ' ')`,
        sql`r.name`,
        sql`p.name`,
      ],
      sql`replace(v.slug, '-', '')`,
    ),
  );
  if (filters.ids) {
    const ids = [...filters.ids];
    base.push(
      ids.length
        ? sql`v.id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  // A venue whose place is unknown has no distance: outside every radius, last by distance (ADR 018).
  const distance = venueDistanceSql('v', near ?? null);
  if (near && radiusKm !== undefined) base.push(sql`${distance} <= ${radiusKm}`);
  const inForce = sql`c.status = 'active' and c.valid_from <= ${day}::date and (c.valid_to is null or c.valid_to >= ${day}::date)`;
  const cte = sql`with b as (
    select v.id, v.name, v.type, v.region_code, v.themes, v.languages, v.accessible,
      (select array(select distinct g from unnest(v.grades || coalesce((
        select array_agg(x) from programs pr, unnest(pr.grades) x where pr.venue_id = v.id and pr.active
      ), '{}')) g)) as grades,
      (v.verified_at is not null and v.verified_at >= ${verifiedSince}::timestamptz) as verified,
      case
        when exists (select 1 from access_commitments c where c.venue_id = v.id and ${inForce}
          and c.kind = 'free' and c.audience in ('primary', 'junior')) then 'free'
        when exists (select 1 from access_commitments c where c.venue_id = v.id and ${inForce}
          and c.audience <> 'chaperone') then 'discounted'
        else 'standard'
      end as access,
      ${distance} as distance,
      (case when v.name = ${(request.q ?? '').trim()} then 1000 else 0 end) as exact
    from venues v
    join regions r on r.code = v.region_code
    left join regions p on p.code = left(v.region_code, 4) || '00'
    where ${and(base)}
  )`;
  const where = venueFilters(filters);
  const order =
    request.sort === 'distance' && near
      ? sql`distance asc nulls last, name`
      : request.sort === 'name'
        ? sql`name`
        : sql`exact desc, ${near ? sql`distance asc nulls last,` : sql``} name`;
  const rows = await queryRows<{ id: string; distance: number | null; total: string | number }>(
    db,
    sql`${cte} select id, distance, count(*) over () as total from b
      where ${and(Object.values(where))} order by ${order}, id
      limit ${request.limit} offset ${request.offset}`,
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && request.offset > 0) {
    const [row] = await queryRows<{ n: string | number }>(
      db,
      sql`${cte} select count(*) as n from b where ${and(Object.values(where))}`,
    );
    total = Number(row?.n ?? 0);
  }
  let facets: Facets | undefined;
  if (request.facets) {
    const except = (name: FacetName) =>
      and(
        Object.entries(where)
          .filter(([key]) => key !== name)
          .map(([, value]) => value as SQL),
      );
    const facetRows = await queryRows<{ facet: FacetName; value: string; n: string | number }>(
      db,
      sql`${cte}
        select 'type' as facet, type as value, count(*) as n from b where ${except('type')} group by type
        union all select 'region', left(region_code, 4) || '00', count(*) from b where ${except('region')} group by 2
        union all select 'region', region_code, count(*) from b where ${except('region')}
          and region_code <> left(region_code, 4) || '00' group by 2
        union all select 'theme', t, count(*) from b, unnest(b.themes) t where ${except('theme')} group by 2
        union all select 'grade', g::text, count(*) from b, unnest(b.grades) g where ${except('grade')} group by 2
        union all select 'access', access, count(*) from b where ${except('access')} group by 2
        union all select 'accessible', accessible::text, count(*) from b where ${except('accessible')} group by 2
        union all select 'language', l, count(*) from b, unnest(b.languages) l where ${except('language')} group by 2
        union all select 'verified', verified::text, count(*) from b where ${except('verified')} group by 2`,
    );
    facets = Object.fromEntries(facetNames.map((name) => [name, {}])) as Facets;
    for (const row of facetRows) facets[row.facet][row.value] = Number(row.n);
  }
  return {
    hits: rows.map((row) => ({
      id: row.id,
      score: 0,
      distanceKm: row.distance === null ? undefined : Number(row.distance),
    })),
    total,
    facets,
    complete: false,
    engine: 'postgresql',
  };
}

/** Speakers: text on name, title, bio and topics; category, region (home or service area), radius. */
async function searchSpeakers(db: Database, request: SearchRequest): Promise<SearchResponse> {
  const { near, radiusKm, filters } = request;
  const parts: SQL[] = [sql`s.status = 'published'`];
  parts.push(
    ...textConditions(
      request,
      [
        sql`s.display_name`,
        sql`s.title`,
        sql`s.bio`,
        sql`r.name`,
        sql`(select string_agg(t.title || ' ' || array_to_string(t.themes, ' '), ' ') from speaker_topics t
          where t.speaker_id = s.id and t.active)`,
      ],
      sql`''`,
    ),
  );
  if (filters.type !== undefined) parts.push(sql`s.category = ${filters.type}`);
  if (filters.theme !== undefined)
    parts.push(
      sql`exists (select 1 from speaker_topics t where t.speaker_id = s.id and t.active and ${filters.theme} = any(t.themes))`,
    );
  if (filters.language !== undefined) parts.push(sql`${filters.language} = any(s.languages)`);
  if (filters.region !== undefined) {
    const region = filters.region;
    parts.push(sql`(${withinRegion(sql`s.region_code`, region)} or exists (
      select 1 from unnest(s.service_region_codes) a(code)
      where ${withinRegion(sql`a.code`, region)} or ${withinRegionReverse(region)}))`);
  }
  const distance = near ? sql`distance_km(${near.lat}, ${near.lng}, r.lat, r.lng)` : sql`null::float8`;
  if (near && radiusKm !== undefined) parts.push(sql`${distance} <= ${radiusKm}`);
  const order =
    request.sort === 'distance' && near ? sql`distance asc nulls last, s.display_name` : sql`s.display_name`;
  const rows = await queryRows<{ id: string; distance: number | null; total: string | number }>(
    db,
    sql`select s.id, ${distance} as distance, count(*) over () as total
      from speakers s join regions r on r.code = s.region_code
      where ${and(parts)} order by ${order}, s.id limit ${request.limit} offset ${request.offset}`,
  );
  return {
    hits: rows.map((row) => ({
      id: row.id,
      score: 0,
      distanceKm: row.distance === null ? undefined : Number(row.distance),
    })),
    total: Number(rows[0]?.total ?? 0),
    complete: false,
    engine: 'postgresql',
  };
}

/** `region` lies within the service-area code `a.code` (a 盟市 or the province served as a whole). */
function withinRegionReverse(region: string): SQL {
  return sql`(a.code = ${region}
    or (a.code like '%0000' and left(a.code, 2) = ${region.slice(0, 2)})
    or (a.code like '%00' and left(a.code, 4) = ${region.slice(0, 4)}))`;
}

export function sqlSearch(db: Database, request: SearchRequest): Promise<SearchResponse> {
  return request.kind === 'venue' ? searchVenues(db, request) : searchSpeakers(db, request);
}
