// The one interface every search engine implements (embedded, Meilisearch) and the shapes that cross it.
import type { AccessKind, CommitmentTerms } from '#app/domain/commitments/pricing.ts';

export type DocKind = 'venue' | 'speaker';

/** What the index knows of a venue or speaker. Records shown to people always come from PostgreSQL. */
export interface SearchDoc {
  kind: DocKind;
  id: string;
  /** Venue name or speaker display name. */
  name: string;
  /** Other searchable text, by weight. */
  labels: string[];
  /** Region names (county, 盟市). */
  place: string;
  address: string;
  description: string;
  /** Venue type or speaker category. */
  type: string;
  /** Where it is (venue) or where the speaker lives (旗县); speakers are placed at its seat, never their home. */
  regionCode: string;
  /** Speakers: the regions they serve. */
  serviceRegionCodes: string[];
  themes: string[];
  grades: number[];
  languages: string[];
  accessible: boolean;
  /** Access commitments (venues), so that the access filter follows the day. */
  commitments: CommitmentTerms[];
  verifiedAt: number | null;
  lat: number | null;
  lng: number | null;
}

export type SortOrder = 'relevance' | 'distance' | 'name';

export interface SearchFilters {
  type?: string;
  region?: string;
  theme?: string;
  grade?: number;
  access?: Exclude<AccessKind, 'standard'>;
  accessible?: boolean;
  language?: string;
  verified?: boolean;
  /** Only these ids (e.g. venues with free seats on a day, found in PostgreSQL). */
  ids?: ReadonlySet<string>;
}

export interface SearchRequest {
  kind: DocKind;
  q?: string;
  filters: SearchFilters;
  near?: { lat: number; lng: number };
  radiusKm?: number;
  sort: SortOrder;
  offset: number;
  limit: number;
  facets: boolean;
  /** Shanghai day (YYYY-MM-DD) the access commitments are read for. */
  day: string;
  now: Date;
}

export const facetNames = [
  'type',
  'region',
  'theme',
  'grade',
  'access',
  'accessible',
  'language',
  'verified',
] as const;
export type FacetName = (typeof facetNames)[number];
export type Facets = Record<FacetName, Record<string, number>>;

export interface SearchHit {
  id: string;
  score: number;
  distanceKm?: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  facets?: Facets;
  /** False when the answer came from a fallback that may miss entries (no pinyin, no typo tolerance). */
  complete: boolean;
  engine: string;
}

export interface IndexStats {
  engine: string;
  documents: number;
  venues: number;
  speakers: number;
  /** Entries replaced or removed since the last build (the embedded index keeps them until a rebuild). */
  tombstones: number;
  builtAt: Date | null;
}

export interface RebuildOptions {
  /** Called as documents are added to the new index. */
  onProgress?: (done: number, total: number) => void;
}

/** Documents in batches, with the number expected (for the progress bar). */
export interface DocSource {
  total: number;
  batches: AsyncIterable<SearchDoc[]>;
}

export interface CatalogueIndex {
  readonly engine: string;
  upsert(docs: SearchDoc[]): Promise<void>;
  delete(refs: { kind: DocKind; id: string }[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  stats(): Promise<IndexStats>;
  /** Builds a fresh index from the source and swaps it in; searches keep answering from the old one meanwhile. */
  rebuild(source: DocSource, options?: RebuildOptions): Promise<void>;
}

/** Great-circle distance in km, the same formula as the `distance_km` SQL function (migration 0002). */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

/** `code` lies within the region `root` (province 150000 ⊃ 盟市 1501xx00 ⊃ 旗县). */
export function regionWithin(code: string, root: string): boolean {
  if (root.endsWith('0000')) return code.slice(0, 2) === root.slice(0, 2);
  if (root.endsWith('00')) return code.slice(0, 4) === root.slice(0, 4);
  return code === root;
}

export function prefectureOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}
