import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getT, locales } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import type { ComplianceReport } from './compliance.server.ts';
import type { CoverageReport, CoverageRow, SchoolWithoutTrip } from './coverage.server.ts';
import { sheetName, tablesToXlsx, tableToCsv } from './exports.server.ts';
import {
  complianceTables,
  coverageTables,
  overdueTable,
  type ReportTable,
  suppressTable,
  tableIds,
} from './tables.ts';

const t = getT('zh');

function coverageRow(overrides: Partial<CoverageRow>): CoverageRow {
  return {
    regionCode: '150402',
    regionName: '红山区',
    lat: 42.29,
    lng: 118.94,
    own: false,
    schools: 3,
    pupils: 920,
    venues: 2,
    venuesPer10k: (2 / 920) * 10_000,
    trips: 6,
    tripsPer100: (6 / 920) * 100,
    pupilsReached: 153,
    pupilsReachedPer100: (153 / 920) * 100,
    schoolsWithTrip: 2,
    schoolsWithoutTrip: 1,
    leftBehindReached: 12,
    disabilitiesReached: 1,
    speakerTalks: 2,
    speakerAudience: 280,
    greenSeatsOffered: 18,
    greenSeatsUsed: 16,
    ...overrides,
  };
}

const report: CoverageReport = {
  region: { code: '150400', name: '赤峰市', level: 'prefecture', lat: 42.25, lng: 118.88 },
  term: { id: '2026-autumn', firstDay: '2026-09-01', lastDay: '2027-01-31' },
  referenceDay: '2027-01-31',
  rows: [
    coverageRow({
      regionCode: '150400',
      regionName: '赤峰市',
      own: true,
      schools: 1,
      pupils: 90,
      venuesPer10k: (2 / 90) * 10_000,
      trips: 1,
      tripsPer100: (1 / 90) * 100,
      pupilsReached: 4,
      pupilsReachedPer100: (4 / 90) * 100,
      disabilitiesReached: 4,
      leftBehindReached: 0,
    }),
    coverageRow({}),
  ],
  total: coverageRow({ regionCode: '150400', regionName: '赤峰市', pupilsReached: 157 }),
  venuesByType: [{ type: 'museum', venues: 2 }],
  schoolsWithoutTrip: [
    {
      schoolId: 'h',
      schoolName: '=HYPERLINK("http://evil.example","点我")',
      regionCode: '150402',
      regionName: '红山区',
      pupils: 3,
      leftBehindPupils: 0,
      priority: false,
      nearestFreeVenueName: '红山博物馆',
      nearestFreeVenueSlug: 'venue-v1',
      distanceKm: 0.4567,
    },
  ],
};

describe('exports suppress counts under 5 pupils (DESIGN.md rule 6: no personal data of children)', () => {
  const [regions, , withoutTrip] = coverageTables(report, t) as [ReportTable, ReportTable, ReportTable];

  it('hides a pupil count of 1–4 and every rate derived from it, but keeps 0, 5 and non-pupil counts', () => {
    const [own = {}] = suppressTable(regions);
    expect(own).toMatchObject({
      pupilsReached: '<5',
      pupilsReachedPer100: '<5',
      disabilitiesReached: '<5',
      leftBehindReached: 0,
      trips: 1,
      schools: 1,
      pupils: 90,
    });
    expect(typeof own.tripsPer100).toBe('number');
    const [edge = {}] = suppressTable({
      columns: regions.columns,
      rows: [{ ...regions.rows[1], pupilsReached: 5, leftBehindReached: 4 }],
    });
    expect(edge).toMatchObject({ pupilsReached: 5, leftBehindReached: '<5' });
  });

  it('writes CSV with a BOM, localized headers, the total row, suppressed cells and no formula injection', () => {
    const csv = tableToCsv(regions, t);
    expect(csv.startsWith('\uFEFF地区,行政区划代码,学校数,在校学生,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 2 + 1);
    expect(lines[1]).toMatch(/^赤峰市（本级）,150400,1,90,2,222\.22,1,1\.11,<5,<5,/);
    expect(lines[2]?.startsWith('红山区,150402,')).toBe(true);
    expect(lines[3]?.startsWith('赤峰市合计,150400,')).toBe(true);
    const school = tableToCsv(withoutTrip, t).trim().split('\r\n')[1];
    expect(school).toBe(
      `"'=HYPERLINK(""http://evil.example"",""点我"")",红山区,150402,<5,0,否,红山博物馆,0.46`,
    );
  });

  it('writes an XLSX that exceljs reads back with the same figures, numbers as numbers and suppressed cells', async () => {
    const buffer = await tablesToXlsx(
      coverageTables(report, t),
      {
        title: '覆盖情况',
        regionName: '赤峰市',
        regionCode: '150400',
        termId: '2026-autumn',
        generatedAt: new Date('2027-02-10T02:00:00Z'),
      },
      t,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['各地区覆盖情况', '场馆类型', '无研学的学校']);
    const sheet = workbook.getWorksheet('各地区覆盖情况') as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toContain('赤峰市（150400）');
    expect(sheet.getCell('A3').value).toContain('<5');
    const header = sheet.getRow(4).values as ExcelJS.CellValue[];
    expect(header.slice(1, 5)).toEqual(['地区', '行政区划代码', '学校数', '在校学生']);
    const own = sheet.getRow(5);
    expect(own.getCell(1).value).toBe('赤峰市（本级）');
    expect(own.getCell(2).value).toBe('150400');
    expect(own.getCell(4).value).toBe(90);
    expect(own.getCell(9).value).toBe('<5');
    expect(own.getCell(10).value).toBe('<5');
    const row = sheet.getRow(6);
    expect(row.getCell(2).value).toBe('150402');
    // 153 is hidden with the own level's 4: the total (157) would give the 4 back.
    expect(row.getCell(9).value).toBe('*');
    expect(row.getCell(10).value).toBe('*');
    expect(sheet.getRow(7).getCell(9).value).toBe(157);
    expect(sheet.getRow(7).getCell(1).value).toBe('赤峰市合计');
    const schools = workbook.getWorksheet('无研学的学校') as ExcelJS.Worksheet;
    expect(schools.getRow(5).getCell(1).value).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(schools.getRow(5).getCell(2).value).toBe('红山区');
    expect(schools.getRow(5).getCell(3).value).toBe('150402');
    expect(schools.getRow(5).getCell(4).value).toBe('<5');
  });
});

describe('an English export names regions as the English page does, each with its code', () => {
  const en = getT('en');
  const place = (r: { code: string; name: string }) => regionName('en', r);

  it('writes English names and the GB/T 2260 code of every region row, with no Chinese region name', () => {
    const [regions, , withoutTrip] = coverageTables(report, en, place) as [
      ReportTable,
      ReportTable,
      ReportTable,
    ];
    const lines = tableToCsv(regions, en).trim().split('\r\n');
    expect(lines[0]?.startsWith('Region,Region code (GB/T 2260),Schools,')).toBe(true);
    expect(lines[1]?.startsWith('Chifeng (own level),150400,')).toBe(true);
    expect(lines[2]?.startsWith('Hongshan District,150402,')).toBe(true);
    expect(lines[3]?.startsWith('Chifeng total,150400,')).toBe(true);
    const school = tableToCsv(withoutTrip, en).trim().split('\r\n')[1];
    expect(school).toContain(',Hongshan District,150402,');
    for (const line of lines) expect(line).not.toMatch(/赤峰|红山/);
  });

  it('names the region in the workbook’s heading in English', async () => {
    const buffer = await tablesToXlsx(
      coverageTables(report, en, place),
      {
        title: 'coverage',
        regionName: place(report.region),
        regionCode: '150400',
        termId: '2026-autumn',
        generatedAt: new Date('2027-02-10T02:00:00Z'),
      },
      en,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toContain('Region: Chifeng (150400);');
    expect(sheet.getRow(5).getCell(1).value).toBe('Chifeng (own level)');
    expect(sheet.getRow(5).getCell(2).value).toBe('150400');
  });
});

describe('a venue or a school registered at the report region’s own level', () => {
  const cityOwn = { code: '150400', name: '赤峰市' };
  const withCitySchool: CoverageReport = {
    ...report,
    schoolsWithoutTrip: [
      {
        ...(report.schoolsWithoutTrip[0] as SchoolWithoutTrip),
        schoolName: '赤峰市直属学校',
        regionCode: cityOwn.code,
        regionName: cityOwn.name,
      },
      { ...(report.schoolsWithoutTrip[0] as SchoolWithoutTrip), schoolName: '红山一小' },
    ],
  };
  const figures = {
    bookingsUnderCommitment: 6,
    attendedCharged: 5,
    overcharged: 1,
    complianceRate: 0.8,
    excessFen: 1200,
  };
  const compliance: ComplianceReport = {
    region: report.region,
    term: report.term,
    today: '2027-01-10',
    rows: [
      { ...figures, regionCode: '150400', regionName: '赤峰市', lat: null, lng: null, own: true, venues: 1 },
      { ...figures, regionCode: '150402', regionName: '红山区', lat: null, lng: null, own: false, venues: 1 },
    ],
    total: {
      ...figures,
      regionCode: '150400',
      regionName: '赤峰市',
      lat: null,
      lng: null,
      own: false,
      venues: 2,
    },
    venues: [
      {
        ...figures,
        venueId: 'a',
        venueName: '赤峰市博物馆',
        venueSlug: 'a',
        regionCode: '150400',
        regionName: '赤峰市',
        ratings: 0,
        meanRating: null,
      },
      {
        ...figures,
        venueId: 'b',
        venueName: '红山博物馆',
        venueSlug: 'b',
        regionCode: '150402',
        regionName: '红山区',
        ratings: 0,
        meanRating: null,
      },
    ],
    flagged: [
      {
        bookingId: 'f',
        sessionStartsAt: new Date('2026-10-12T02:00:00Z'),
        venueName: '赤峰市博物馆',
        venueRegionCode: '150400',
        venueRegionName: '赤峰市',
        schoolName: '红山一小',
        grade: 4,
        pupils: 30,
        chaperones: 2,
        promisedPricePerPupil: 0,
        chargedPricePerPupil: 40,
        promisedPricePerChaperone: 0,
        chargedPricePerChaperone: 0,
        excessFen: 1200,
      },
    ],
    lapsing: [
      {
        commitmentId: 'c',
        venueName: '赤峰市博物馆',
        venueSlug: 'a',
        regionCode: '150400',
        regionName: '赤峰市',
        audience: 'primary',
        kind: 'free',
        percentOff: null,
        fixedPrice: null,
        validTo: '2027-01-31',
        daysLeft: 21,
        replacementPending: false,
      },
    ],
  };
  const en = getT('en');
  const place = (r: { code: string; name: string }) => regionName('en', r);
  /** The region column of each body row, in the table's CSV. */
  const regionCells = (table: ReportTable, tr: typeof t) =>
    tableToCsv(table, tr)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[table.columns.findIndex((c) => c.key === 'region')]);

  it('is named as the region table names its row (赤峰市（本级）), a county by its name, in both languages', () => {
    const [, , schools] = coverageTables(withCitySchool, t) as [ReportTable, ReportTable, ReportTable];
    expect(regionCells(schools, t)).toEqual(['赤峰市（本级）', '红山区']);
    const [regions, venues, flagged, lapsing] = complianceTables(compliance, t) as ReportTable[] as [
      ReportTable,
      ReportTable,
      ReportTable,
      ReportTable,
    ];
    expect(regionCells(regions, t)).toEqual(['赤峰市（本级）', '红山区', '赤峰市合计']);
    expect(regionCells(venues, t)).toEqual(['赤峰市（本级）', '红山区']);
    expect(regionCells(flagged, t)).toEqual(['赤峰市（本级）']);
    expect(regionCells(lapsing, t)).toEqual(['赤峰市（本级）']);

    const [, , enSchools] = coverageTables(withCitySchool, en, place) as [
      ReportTable,
      ReportTable,
      ReportTable,
    ];
    expect(regionCells(enSchools, en)).toEqual(['Chifeng (own level)', 'Hongshan District']);
    const [, enVenues] = complianceTables(compliance, en, place) as [ReportTable, ReportTable];
    expect(regionCells(enVenues, en)).toEqual(['Chifeng (own level)', 'Hongshan District']);
  });

  it('is named plainly in a county’s own report, whose region table has no 本级 row', () => {
    const county = { code: '150402', name: '红山区', level: 'county' as const, lat: null, lng: null };
    const [, venues] = complianceTables({ ...compliance, region: county }, t) as [ReportTable, ReportTable];
    expect(regionCells(venues, t)).toEqual(['赤峰市', '红山区']);
  });
});

describe('the overdue export', () => {
  it('says an entry was never verified in words, as the page does, in both languages', () => {
    const entries = [
      {
        kind: 'venue' as const,
        name: '红山博物馆',
        category: 'museum',
        regionCode: '150402',
        regionName: '红山区',
        verifiedAt: null,
      },
      {
        kind: 'venue' as const,
        name: '赤峰博物馆',
        category: 'museum',
        regionCode: '150402',
        regionName: '红山区',
        verifiedAt: '2025-01-02T04:00:00Z',
      },
    ];
    const zh = tableToCsv(overdueTable(entries, t), t).trim().split('\r\n');
    expect(zh[1]).toBe('场馆,红山博物馆,博物馆,红山区,150402,从未核实');
    expect(zh[2]?.endsWith(',150402,2025-01-02')).toBe(true);
    const en = getT('en');
    const english = tableToCsv(
      overdueTable(entries, en, (r) => regionName('en', r)),
      en,
    )
      .trim()
      .split('\r\n');
    expect(english[1]?.endsWith(',Hongshan District,150402,never')).toBe(true);
  });

  it('heads its sheet as what it is: of no term, with no counts of pupils to hide, the header still on row 4', async () => {
    const entries = [
      {
        kind: 'venue' as const,
        name: '红山博物馆',
        category: 'museum',
        regionCode: '150402',
        regionName: '红山区',
        verifiedAt: null,
      },
    ];
    const buffer = await tablesToXlsx(
      [overdueTable(entries, t)],
      {
        title: '逾期核实',
        regionName: '赤峰市',
        regionCode: '150400',
        termId: null,
        generatedAt: new Date('2027-02-10T02:00:00Z'),
      },
      t,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toContain('学期：不分学期');
    expect(sheet.getCell('A3').value).toBe('本表没有学生人数，不需要隐藏数字。');
    expect((sheet.getRow(4).values as ExcelJS.CellValue[])[2]).toBe('名称');
  });
});

describe('workbook sheet names', () => {
  it('fit every table’s name whole within Excel’s 31 characters, in both languages', () => {
    for (const locale of locales) {
      const used = new Set<string>();
      for (const id of tableIds) {
        const name = getT(locale)(`bureau.sheet.${id}`);
        expect(name.length, name).toBeLessThanOrEqual(31);
        expect(sheetName(name, used), name).toBe(name);
      }
    }
  });

  it('cut a name too long at a word, never inside one, and keep two alike apart within the limit', () => {
    const used = new Set<string>();
    expect(sheetName('Bookings charged above the promise made', used)).toBe('Bookings charged above the');
    expect(sheetName('Bookings charged above the promise made', used)).toBe('Bookings charged above the (2)');
    expect(sheetName('Flagged: 2027/02', used)).toBe('Flagged  2027 02');
    // Chinese has no spaces between words: a name too long is cut at the limit.
    expect(sheetName('各'.repeat(40), used)).toBe('各'.repeat(31));
  });
});
