import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '#tests/setup/processes.ts';

const REAL_CSV = join(import.meta.dirname, '../db/seed/data/venues-real-nmg.csv');

function parseExport(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

// Each command boots its own embedded PostgreSQL (seconds each), so these tests get a generous budget.
describe('catalogue commands on an embedded database', { timeout: 300_000 }, () => {
  it('imports the national museum directory: dry run first, then all rows, then nothing twice', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const dry = await runCli(['import:venues', REAL_CSV, '--dry-run'], env);
    expect(dry.status).toBe(0);
    const planned = Number(/(\d+) new venue/.exec(dry.stdout)?.[1]);
    expect(planned).toBeGreaterThan(100);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    // The directory names no place for some museums: they stay at the autonomous region, not in 呼和浩特市.
    const unplaced = Number(/(\d+) naming no place left at the autonomous region/.exec(dry.stdout)?.[1]);
    expect(unplaced).toBeGreaterThan(0);
    expect(dry.stdout).toMatch(
      /\d+ placed at a county or league seat, \d+ naming no place left at the autonomous region, flagged approximate/,
    );
    const empty = await runCli(['export:venues'], env);
    expect(parseExport(empty.stdout)).toHaveLength(0);

    const real = await runCli(['import:venues', REAL_CSV], env);
    expect(real.stderr).not.toContain('Error');
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`Imported ${planned} venue(s)`);
    const again = await runCli(['import:venues', REAL_CSV], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(
      `0 new venue(s) (0 placed at a county or league seat, 0 naming no place left at the autonomous region, flagged approximate), ${planned} already in the catalogue`,
    );

    const out = join(env.DATA_DIR, 'venues.csv');
    const exported = await runCli(['export:venues', '--out', out], env);
    expect(exported.status).toBe(0);
    const rows = parseExport(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(planned);
    const museum = rows.find((r) => r.name === '内蒙古博物院');
    expect(museum?.locationApproximate).toBe('true');
    expect(museum?.status).toBe('pending');
    expect(rows.find((r) => r.name === '赤峰博物院')?.regionCode).toBe('150400');
    // No made-up address for a museum whose place is unknown.
    expect(rows.find((r) => r.name === '查布恐龙博物馆')).toMatchObject({
      regionCode: '150000',
      address: '',
      locationApproximate: 'true',
    });
    expect(rows.filter((r) => r.regionCode === '150000')).toHaveLength(unplaced);

    // Our own export reads back into another catalogue as the same venues.
    const other = { DATA_DIR: tempDataDir() };
    const roundTrip = await runCli(['import:venues', out], other);
    expect(roundTrip.status).toBe(0);
    expect(roundTrip.stdout).toContain(`Imported ${planned} venue(s)`);
  });

  it('converts GCJ-02 and BD-09 points to WGS-84, dedupes by normalised name and region, and writes nothing on an error', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const file = join(env.DATA_DIR, 'mars.csv');
    writeFileSync(
      file,
      [
        'name,lat,lng,type,regionCode',
        '青城科学技术馆,40.8426,111.7562,science_museum,150105',
        '青城 科学技术馆（ ）,40.8426,111.7562,science_museum,150105',
        '武川县红色教育基地,,,patriotic_education_base,',
      ].join('\n'),
    );
    const gcj = await runCli(['import:venues', file, '--crs', 'gcj02'], env);
    expect(gcj.status).toBe(0);
    expect(gcj.stdout).toContain(
      '2 new venue(s) (1 placed at a county or league seat, 0 naming no place left at the autonomous region, flagged approximate), 0 already in the catalogue, 1 repeated in the file',
    );
    const rows = parseExport((await runCli(['export:venues'], env)).stdout);
    const science = rows.find((r) => r.name === '青城科学技术馆');
    const [lng, lat] = gcoord.transform([111.7562, 40.8426], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    expect(Number(science?.lat)).toBeCloseTo(lat, 5);
    expect(Number(science?.lng)).toBeCloseTo(lng, 5);
    expect(Number(science?.lng)).not.toBeCloseTo(111.7562, 3);
    const wuchuan = rows.find((r) => r.name === '武川县红色教育基地');
    expect(wuchuan?.regionCode).toBe('150125');
    expect(wuchuan?.locationApproximate).toBe('true');

    const broken = join(env.DATA_DIR, 'broken.csv');
    writeFileSync(
      broken,
      ['name,lat,lng', '新馆甲,40.9,111.6', '新馆乙,91,111.6', ',40.9,111.6', '新馆丙,31.2,121.5'].join('\n'),
    );
    const refused = await runCli(['import:venues', broken, '--crs', 'bd09'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('line 3: coordinates "91,111.6" are not a point');
    expect(refused.stderr).toContain('line 4: no name');
    expect(refused.stderr).toContain('line 5: point');
    expect(refused.stderr).toContain('nothing was imported');
    expect(parseExport((await runCli(['export:venues'], env)).stdout)).toHaveLength(2);
    expect((await runCli(['import:venues', join(env.DATA_DIR, 'missing.csv')], env)).status).toBe(1);
  });

  it('rebuilds the search index with a progress bar and reports what it indexed', async () => {
    const env = { DATA_DIR: tempDataDir() };
    expect((await runCli(['db:seed', '--demo'], env)).status).toBe(0);
    const reindex = await runCli(['search:reindex'], env);
    expect(reindex.status).toBe(0);
    expect(reindex.stdout).toMatch(/Indexed \d{3} venues and \d+ speakers with the embedded engine/);
  });
});
