// Placing a venue that has no coordinates: in the 旗县 or 盟市 that its name (or address) names, else nowhere more
// precise than the autonomous region (150000). Such positions are flagged as approximate; see ADR 018.
import { type SQL, sql } from 'drizzle-orm';
import { PROVINCE_CODE } from '#app/domain/bureau/scope.ts';

export interface PlaceableRegion {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  parentCode: string | null;
  lat: number | null;
  lng: number | null;
}

export interface Placement {
  regionCode: string;
  /** The seat of the region found; for an unknown place, the seat of the regional government (not to be shown). */
  lat: number;
  lng: number;
  /**
   * How the place was found: a county named in the text, a prefecture named in it (or the one 盟市 that all the
   * counties a name could mean belong to), or none: the venue sits at the autonomous region, its place unknown.
   */
  matchedBy: 'county' | 'prefecture' | 'unknown';
  matched?: string;
  /** The counties a name could mean, when it names several in different 盟市. */
  candidates?: string[];
}

/** An imported venue whose 旗县 and 盟市 are unknown sits at the autonomous region, flagged approximate (ADR 018). */
export function isLocationUnknown(venue: { regionCode: string; locationApproximate: boolean }): boolean {
  return venue.locationApproximate && venue.regionCode === PROVINCE_CODE;
}

export type VenuePlace = 'exact' | 'approximate' | 'unknown';

/** How far a venue's stored point can be trusted: its own, the seat of its 旗县 or 盟市, or no place at all. */
export function venuePlace(venue: { regionCode: string; locationApproximate: boolean }): VenuePlace {
  if (isLocationUnknown(venue)) return 'unknown';
  return venue.locationApproximate ? 'approximate' : 'exact';
}

/** `isLocationUnknown` in SQL, for the venues row aliased `alias`: true when its point may be used for distances. */
export function venueLocationKnownSql(alias: string): SQL {
  const v = (column: string) => sql.raw(`${alias}.${column}`);
  return sql`not (${v('location_approximate')} and ${v('region_code')} = ${PROVINCE_CODE})`;
}

/**
 * Kilometres from a point to the venue row aliased `alias`, in SQL: null without a point, and null for a venue whose
 * place is unknown, so that it falls outside every radius and sorts last (ADR 018).
 */
export function venueDistanceSql(
  alias: string,
  from: { lat: number; lng: number } | null,
): SQL<number | null> {
  if (!from) return sql<number | null>`null::float8`;
  const v = (column: string) => sql.raw(`${alias}.${column}`);
  return sql<
    number | null
  >`case when ${venueLocationKnownSql(alias)} then distance_km(${from.lat}::float8, ${from.lng}::float8, ${v('lat')}, ${v('lng')}) end`;
}

/** Common short forms that the full GB/T 2260 names do not contain. */
const ALIASES: Record<string, string[]> = {
  '150100': ['呼市'],
  '150121': ['土左旗'],
  '150203': ['昆区'],
  '150221': ['土右旗'],
  '150223': ['达茂旗', '达茂'],
  '150521': ['科左中旗'],
  '150522': ['科左后旗'],
  '150722': ['莫旗', '莫力达瓦'],
  '150723': ['鄂伦春'],
  '150724': ['鄂温克'],
  '150926': ['察右前旗'],
  '150927': ['察右中旗'],
  '150928': ['察右后旗'],
  '152221': ['科右前旗'],
  '152222': ['科右中旗'],
  '152525': ['东乌旗'],
  '152526': ['西乌旗'],
};

const SUFFIXES = ['族自治旗', '自治旗', '联合旗', '矿区', '市', '县', '旗', '区', '盟'];

/**
 * The names a region goes by in free text, longest first. Banners split into 左/右/前/中/后 (巴林左旗, 巴林右旗) or
 * 东/西 (东乌珠穆沁旗) also go by the name they share (巴林, 乌珠穆沁), which alone does not say which of them.
 */
export function regionNameForms(region: Pick<PlaceableRegion, 'code' | 'name'>): string[] {
  const forms = new Set<string>([region.name, ...(ALIASES[region.code] ?? [])]);
  for (const suffix of SUFFIXES) {
    if (region.name.endsWith(suffix)) {
      const short = region.name.slice(0, -suffix.length);
      if (short.length >= 2) forms.add(short);
      break;
    }
  }
  const shared =
    /^(.{2,}?)(?:左翼|右翼)?[左右前中后]旗$/.exec(region.name) ?? /^[东西](.{2,})旗$/.exec(region.name);
  if (shared?.[1]) forms.add(shared[1]);
  return [...forms].sort((a, b) => b.length - a.length);
}

interface Candidate {
  region: PlaceableRegion;
  form: string;
  /** A short form (巴林, 鄂温克) is found only where a name begins: it is also part of longer names (敖鲁古雅鄂温克族乡). */
  short: boolean;
}

/** Names of the autonomous region, which a 盟市 or 旗县 name may follow directly (内蒙古土默特博物馆). */
const PROVINCE_FORMS = ['内蒙古自治区', '内蒙古'];

/** Whether the character is a Chinese one, i.e. a name before it would run on into it. */
const HAN = /\p{Script=Han}/u;

export class RegionPlacer {
  private readonly counties: Candidate[] = [];
  private readonly prefectures: Candidate[] = [];
  private readonly byCode = new Map<string, PlaceableRegion>();
  private readonly province: PlaceableRegion;
  /** Every place name known, after which another begins (赤峰市|红山区, 鄂尔多斯市|东胜). */
  private readonly placeNames: string[];

  constructor(regions: PlaceableRegion[]) {
    const names = new Set(PROVINCE_FORMS);
    for (const region of regions) {
      this.byCode.set(region.code, region);
      if (region.lat == null || region.lng == null) continue;
      const target =
        region.level === 'county' ? this.counties : region.level === 'prefecture' ? this.prefectures : null;
      if (!target) continue;
      for (const form of regionNameForms(region)) {
        target.push({ region, form, short: form !== region.name });
        names.add(form);
      }
    }
    this.placeNames = [...names];
    const province = regions.find((r) => r.code === PROVINCE_CODE);
    if (!province || province.lat == null) throw new Error('regions must include 150000 with coordinates');
    this.province = province;
  }

  /**
   * Where a name begins in the text: at its start, after a character that is not Chinese (a space, a bracket), or
   * right after another place name. 敖鲁古雅鄂温克族驯鹿文化博物馆 does not begin a name at 鄂温克: there it is part
   * of 敖鲁古雅鄂温克族乡 (in 根河市), not the 鄂温克族自治旗.
   */
  private beginsName(text: string, at: number): boolean {
    if (at === 0 || !HAN.test(text[at - 1] as string)) return true;
    const before = text.slice(0, at);
    return this.placeNames.some((name) => before.endsWith(name));
  }

  /** Where the candidate's form first stands in the text as a name, or -1. */
  private findForm(text: string, candidate: Candidate): number {
    for (let at = text.indexOf(candidate.form); at >= 0; at = text.indexOf(candidate.form, at + 1)) {
      if (!candidate.short || this.beginsName(text, at)) return at;
    }
    return -1;
  }

  /** The form found in the text that is longest (then first), and every candidate going by that form. */
  private bestMatch(text: string, candidates: Candidate[]): Candidate[] {
    let best: { form: string; at: number } | undefined;
    for (const candidate of candidates) {
      const at = this.findForm(text, candidate);
      if (at < 0) continue;
      if (
        !best ||
        candidate.form.length > best.form.length ||
        (candidate.form.length === best.form.length && at < best.at)
      ) {
        best = { form: candidate.form, at };
      }
    }
    return best ? candidates.filter((c) => c.form === best.form && this.findForm(text, c) >= 0) : [];
  }

  /**
   * Where to put a venue known only by its name and, perhaps, an address. A 盟市 named in the text limits the 旗县
   * to its own (赤峰市新城区 is not 呼和浩特市新城区); a 旗县 name shared across 盟市 places nothing by itself.
   */
  place(...texts: (string | null | undefined)[]): Placement {
    const text = texts.filter(Boolean).join(' ');
    const prefecture = this.bestMatch(text, this.prefectures)[0];
    const counties = prefecture
      ? this.counties.filter((c) => c.region.parentCode === prefecture.region.code)
      : this.counties;
    const named = this.bestMatch(text, counties);
    const county = named[0];
    if (county) {
      const regions = [...new Map(named.map((c) => [c.region.code, c.region])).values()];
      if (regions.length === 1) return this.at(county.region, 'county', county.form);
      const parents = new Set(regions.map((r) => r.parentCode));
      const parent = parents.size === 1 ? this.byCode.get([...parents][0] as string) : undefined;
      if (parent?.lat != null) return this.at(parent, 'prefecture', county.form);
      return { ...this.unknown(), matched: county.form, candidates: regions.map((r) => r.code) };
    }
    if (prefecture) return this.at(prefecture.region, 'prefecture', prefecture.form);
    return this.unknown();
  }

  private unknown(): Placement {
    return {
      regionCode: PROVINCE_CODE,
      lat: this.province.lat as number,
      lng: this.province.lng as number,
      matchedBy: 'unknown',
    };
  }

  private at(region: PlaceableRegion, matchedBy: 'county' | 'prefecture', matched: string): Placement {
    return {
      regionCode: region.code,
      lat: region.lat as number,
      lng: region.lng as number,
      matchedBy,
      matched,
    };
  }
}

/** Coordinates as the search form takes them: `lat,lng`. */
const COORDINATES = /^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/;

/** An English region name without what kind of region it is: Wuchuan County → wuchuan. */
const englishCore = (name: string) =>
  name
    .toLowerCase()
    .replace(/\s+(county|banner|city|district|league|autonomous banner|mining district)$/, '')
    .trim();

/**
 * A starting point typed as a place instead of coordinates: a 旗县市区 or 盟市 by its Chinese name (武川县, 武川) or
 * its English one (Wuchuan County, Wuchuan), found as an imported venue's place is (RegionPlacer), at its seat. Null
 * for coordinates (the schema reads those) and for a text that names no one place; `englishNames` by region code.
 */
export function placeOrigin(
  text: string,
  regions: PlaceableRegion[],
  englishNames: Readonly<Record<string, string>>,
): { near: string; regionCode: string; name: string } | null {
  const typed = text.trim();
  if (!typed || COORDINATES.test(typed) || typed.length > 40) return null;
  const at = (region: PlaceableRegion | undefined) =>
    region?.lat != null && region.lng != null
      ? { near: `${region.lat},${region.lng}`, regionCode: region.code, name: region.name }
      : null;
  if (/\p{Script=Han}/u.test(typed)) {
    const placed = new RegionPlacer(regions).place(typed);
    return placed.matchedBy === 'unknown' ? null : at(regions.find((r) => r.code === placed.regionCode));
  }
  const wanted = englishCore(typed);
  const named = regions.filter(
    (r) =>
      r.level !== 'province' &&
      englishNames[r.code] &&
      englishCore(englishNames[r.code] as string) === wanted,
  );
  return named.length === 1 ? at(named[0]) : null;
}
