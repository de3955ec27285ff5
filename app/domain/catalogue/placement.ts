// Placing a venue that has no coordinates: at the seat of the 旗县 or 盟市 that its name (or address) names,
// else at the regional capital. Such positions are flagged as approximate.

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
  lat: number;
  lng: number;
  /** How the place was found: a county or prefecture named in the text, or the capital by default. */
  matchedBy: 'county' | 'prefecture' | 'capital';
  matched?: string;
}

/** Common short forms that the full GB/T 2260 names do not contain. */
const ALIASES: Record<string, string[]> = {
  '150121': ['土左旗'],
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

/** The names a region goes by in free text, longest first. */
export function regionNameForms(region: Pick<PlaceableRegion, 'code' | 'name'>): string[] {
  const forms = new Set<string>([region.name, ...(ALIASES[region.code] ?? [])]);
  for (const suffix of SUFFIXES) {
    if (region.name.endsWith(suffix)) {
      const short = region.name.slice(0, -suffix.length);
      if (short.length >= 2) forms.add(short);
      break;
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export const CAPITAL_CODE = '150100';
const PROVINCE_CODE = '150000';

interface Candidate {
  region: PlaceableRegion;
  form: string;
}

export class RegionPlacer {
  private readonly counties: Candidate[] = [];
  private readonly prefectures: Candidate[] = [];
  private readonly capitalSeat: PlaceableRegion;

  constructor(regions: PlaceableRegion[]) {
    for (const region of regions) {
      if (region.lat == null || region.lng == null) continue;
      const target =
        region.level === 'county' ? this.counties : region.level === 'prefecture' ? this.prefectures : null;
      if (!target) continue;
      for (const form of regionNameForms(region)) target.push({ region, form });
    }
    // The seat of the regional government is the province row's point; it lies in 呼和浩特市.
    const seat =
      regions.find((r) => r.code === PROVINCE_CODE) ?? regions.find((r) => r.code === CAPITAL_CODE);
    if (!seat || seat.lat == null) throw new Error('regions must include 150000 or 150100 with coordinates');
    this.capitalSeat = seat;
  }

  private static bestMatch(text: string, candidates: Candidate[]): Candidate | undefined {
    let best: { candidate: Candidate; at: number } | undefined;
    for (const candidate of candidates) {
      const at = text.indexOf(candidate.form);
      if (at < 0) continue;
      if (
        !best ||
        candidate.form.length > best.candidate.form.length ||
        (candidate.form.length === best.candidate.form.length && at < best.at)
      ) {
        best = { candidate, at };
      }
    }
    return best?.candidate;
  }

  /** Where to put a venue known only by its name and, perhaps, an address. */
  place(...texts: (string | null | undefined)[]): Placement {
    const text = texts.filter(Boolean).join(' ');
    const county = RegionPlacer.bestMatch(text, this.counties);
    if (county) return this.at(county.region, 'county', county.form);
    const prefecture = RegionPlacer.bestMatch(text, this.prefectures);
    if (prefecture) return this.at(prefecture.region, 'prefecture', prefecture.form);
    return {
      regionCode: CAPITAL_CODE,
      lat: this.capitalSeat.lat as number,
      lng: this.capitalSeat.lng as number,
      matchedBy: 'capital',
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
