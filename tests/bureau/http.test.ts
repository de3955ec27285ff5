import { eq, inArray, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import type { AuditAction } from '#app/domain/audit/actions.ts';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import type { AuditEntityType } from '#app/domain/audit/entities.ts';
import { complianceTableIds, coverageTableIds, type TableId, tableIds } from '#app/domain/bureau/tables.ts';
import { getFormatters, getT, type Locale } from '#app/i18n/index.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import {
  emailOutbox,
  infoReports,
  memberships,
  programs,
  sessions,
  speakers,
  speakerTopics,
  users,
  venueChanges,
  venues,
} from '#db/schema/index.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { BAOTOU_ONLY_NAMES, type BureauDataset, buildBureauDataset, NOW, PASSWORD } from './dataset.ts';

function expectNoBaotou(text: string) {
  for (const name of BAOTOU_ONLY_NAMES) expect(text, name).not.toContain(name);
}

async function xlsxCells(response: Response): Promise<{ sheets: string[]; cells: unknown[][][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
  return {
    sheets: workbook.worksheets.map((s) => s.name),
    cells: workbook.worksheets.map((sheet) => {
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    }),
  };
}

for (const driver of testDrivers) {
  describe(`the bureau desk over HTTP [${driver}]`, () => {
    let server: TestServer;
    let data: BureauDataset;
    let chifeng: Browser;
    let chifengToken: string;

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock: new FakeClock(NOW) });
      data = await buildBureauDataset(server.database.db);
      chifeng = new Browser(server.url);
      expect((await chifeng.signIn(data.users.auditorChifeng.email, PASSWORD)).status).toBe(302);
      chifengToken = (
        await createApiToken(server.database.db, data.users.auditorChifeng.id, 'reports', { userId: null })
      ).token;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('never shows an auditor of 赤峰市 a 包头市 row on any bureau page, and refuses 包头 as a region', async () => {
      for (const path of [
        '/bureau',
        '/bureau/coverage',
        '/bureau/compliance',
        '/bureau/queue',
        '/bureau/overdue',
        '/bureau/info-reports',
        '/bureau/audit',
        '/bureau/coverage?region=150421&term=2026-autumn',
      ]) {
        const response = await chifeng.fetch(path);
        expect(response.status, path).toBe(200);
        const bytes = Buffer.from(await response.arrayBuffer());
        // React 18.3 can stream zero bytes inside Chinese text (react/react#31134); entry.server drops them.
        expect(bytes.includes(0), path).toBe(false);
        const html = bytes.toString('utf8');
        // The queue may name 东河区 as where a 赤峰 venue asks to move; it lists no 包头 entry.
        expectNoBaotou(path === '/bureau/queue' ? html.replaceAll('东河区', '') : html);
      }
      // 阿旗科技馆's new free entry for 初中 meets nothing in force to 初中: the card says so rather than "—".
      const queue = await (await chifeng.fetch('/bureau/queue')).text();
      expect(queue).toContain('本馆对这一对象在这段日期内没有现行承诺。');
      expect(queue).toContain('<h4>同一对象同期的现行承诺</h4>');
      expect(queue).not.toContain('<h4>现值</h4>');
      // A commitment names who submitted it, as a change of key fields does.
      const commitmentHeads = parse(queue)
        .querySelectorAll('.queue-item')
        .filter((item) => item.querySelector('h2')?.text.includes(data.venues.V2.name))
        .map((item) => item.querySelector('.queue-head p.muted')?.text ?? '');
      expect(commitmentHeads).toHaveLength(1);
      expect(commitmentHeads[0]).toContain('提交人：红山馆员');
      const coverage = await (await chifeng.fetch('/bureau/coverage')).text();
      expect(coverage).toContain(data.schools.C.name);
      expect(coverage).toContain('2026年秋季学期');
      const compliance = await (await chifeng.fetch('/bureau/compliance')).text();
      expect(compliance).toContain(data.venues.V2.name);
      for (const path of [
        '/bureau/coverage?region=150200',
        '/bureau/compliance?region=150202',
        '/bureau/coverage?region=150000',
        '/bureau/overdue?region=150200',
      ]) {
        const refused = await chifeng.fetch(path);
        expect(refused.status, path).toBe(403);
        // The refusal says why, in Chinese, and leads back to the desk.
        const page = await refused.text();
        expect(page, path).toContain('该地区不在您的辖区内。');
        expect(page, path).toContain('回到教育局工作台');
      }
    });

    it('names every report table, and lets a keyboard reach and scroll the frame of a table wider than the page', async () => {
      for (const path of ['/bureau', '/bureau/coverage', '/bureau/compliance']) {
        const page = parse(await (await chifeng.fetch(path)).text());
        const wraps = page.querySelectorAll('.table-wrap');
        expect(wraps.length, path).toBeGreaterThan(0);
        for (const wrap of wraps) {
          const table = wrap.querySelector('table');
          // Before the browser measures it, a table may scroll: its frame is a named region in the tab order.
          expect(wrap.getAttribute('tabindex'), path).toBe('0');
          expect(wrap.getAttribute('role'), path).toBe('region');
          const name = page.getElementById(wrap.getAttribute('aria-labelledby') ?? '');
          expect(name?.tagName, path).toBe('CAPTION');
          expect(name?.parentNode, path).toBe(table);
          expect(name?.text.trim(), path).not.toBe('');
        }
      }
      const compliance = parse(await (await chifeng.fetch('/bureau/compliance')).text());
      expect(compliance.querySelector('#table-compliance-regions caption')?.text).toBe('各地区承诺履行');
    });

    it('drops a report parameter that does not parse, names it, and shows the default, as /search does', async () => {
      const notice = '部分筛选条件不正确，已忽略：';
      const bad = await chifeng.fetch('/bureau/coverage?region=zz&term=xx');
      expect(bad.status).toBe(200);
      const badHtml = await bad.text();
      expect(badHtml).toContain(notice);
      expect(badHtml).toContain('地区：请选择有效的行政区划代码。');
      expect(badHtml).toContain('学期：学期格式应为“2026-autumn”或“2026-spring”。');
      // The defaults: the auditor's own region and the current term, in the heading and the form alike.
      expect(badHtml).toContain('赤峰市 · 2026年秋季学期');
      expect(badHtml).toContain('<option value="2026-autumn" selected="">');
      expect(badHtml).toContain('<option value="150400" selected="">');

      // A term not yet begun is not reported on: the heading and the picker both show the current term.
      const future = await (await chifeng.fetch('/bureau/compliance?term=2027-spring')).text();
      expect(future).toContain('学期：只能查看 2000 年以来、已经开始的学期（最近的是2026年秋季学期）。');
      expect(future).not.toContain('2027年春季学期');
      expect(future).toContain('<option value="2026-autumn" selected="">');
      // An older term than the picker lists is shown, and the picker offers it, selected.
      const old = await (await chifeng.fetch('/bureau/compliance?term=2020-spring')).text();
      expect(old).not.toContain(notice);
      expect(old).toContain('赤峰市 · 2020年春季学期');
      expect(old).toContain('<option value="2020-spring" selected="">2020年春季学期</option>');
      // A well-formed code that is no region is dropped too (not refused as out of the jurisdiction).
      const unknown = await chifeng.fetch('/bureau?region=150499&term=2026-spring');
      expect(unknown.status).toBe(200);
      const unknownHtml = await unknown.text();
      expect(unknownHtml).toContain('地区：没有这个行政区划代码。');
      expect(unknownHtml).toContain('<option value="2026-spring" selected="">');
      // The overdue list has no term: one carried over from a report is not its business.
      const overdue = await chifeng.fetch('/bureau/overdue?region=150421&term=xx');
      expect(overdue.status).toBe(200);
      expect(await overdue.text()).not.toContain(notice);
      const overdueBad = await (await chifeng.fetch('/bureau/overdue?region=1504')).text();
      expect(overdueBad).toContain('地区：请选择有效的行政区划代码。');
      const corrections = await chifeng.fetch('/bureau/info-reports?status=everything');
      expect(corrections.status).toBe(200);
      expect(await corrections.text()).toContain('状态：只能是“待处理”或“已关闭”。');
      expect(await (await chifeng.fetch('/bureau/info-reports?status=closed')).text()).not.toContain(notice);
    });

    it('carries on only the checked region and term into the section links, never a value it dropped', async () => {
      const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
      const sectionLinks = (html: string) =>
        hrefs(html).filter((href) => /^\/bureau(\/(coverage|compliance))?(\?|$)/.test(href));
      // A region that does not exist is dropped; the term that was kept still carries on.
      const unknown = await chifeng.fetch('/bureau/coverage?region=150499&term=2026-spring');
      expect(unknown.status).toBe(200);
      const unknownHtml = await unknown.text();
      expect(hrefs(unknownHtml).filter((href) => href.includes('150499'))).toEqual([]);
      expect(sectionLinks(unknownHtml)).toEqual(
        expect.arrayContaining([
          '/bureau?term=2026-spring',
          '/bureau/compliance?term=2026-spring',
          '/bureau/coverage?term=2026-spring',
        ]),
      );
      // Neither a code that does not parse nor a term not yet begun is carried on, from any bureau page.
      for (const path of [
        '/bureau/compliance?region=15%2204&term=2027-spring',
        '/bureau/queue?region=zz&term=xx',
        '/bureau/overdue?region=150499',
      ]) {
        const response = await chifeng.fetch(path);
        expect(response.status, path).toBe(200);
        const links = hrefs(await response.text());
        expect(
          links.filter((href) => /region=|term=/.test(href) && /15%2204|zz|xx|2027|150499/.test(href)),
          path,
        ).toEqual([]);
        expect(links, path).toContain('/bureau/compliance');
        expect(links, path).toContain('/bureau/coverage');
      }
      // Good values carry on as they were chosen.
      const good = await (await chifeng.fetch('/bureau/queue?region=150421&term=2026-autumn')).text();
      expect(hrefs(good)).toContain('/bureau/compliance?region=150421&amp;term=2026-autumn');
    });

    it('counts overdue venues on the desk for the region chosen, as the overdue list it links to shows them', async () => {
      const overdueOn = (html: string) =>
        Number(/<div class="stat-value">([\d,]+)<\/div><div class="stat-label">逾期未核实/.exec(html)?.[1]);
      const rowsOf = (html: string) =>
        (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1]?.match(/<tr/g) ?? []).length;
      const whole = await (await chifeng.fetch('/bureau')).text();
      expect(rowsOf(await (await chifeng.fetch('/bureau/overdue')).text())).toBe(overdueOn(whole));
      const counts: number[] = [];
      for (const region of ['150400', '150421', '150402']) {
        const desk = await (await chifeng.fetch(`/bureau?region=${region}`)).text();
        expect(desk, region).toContain(`href="/bureau/overdue?region=${region}"`);
        const listed = rowsOf(await (await chifeng.fetch(`/bureau/overdue?region=${region}`)).text());
        expect(overdueOn(desk), region).toBe(listed);
        counts.push(listed);
      }
      // The fixture has overdue venues in more than one 旗县, so a 旗县's count differs from the whole area's.
      expect(Math.min(...counts)).toBeLessThan(overdueOn(whole));
    });

    it('names the term chosen on the desk and in a past term’s report and workbook, never “this term”', async () => {
      const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '');
      const desk = visible(await (await chifeng.fetch('/bureau?region=150400&term=2026-spring')).text());
      expect(desk).toContain('<div class="stat-label">2026年春季学期到访学生</div>');
      expect(desk).toContain('<div class="stat-label">2026年春季学期无研学的学校</div>');
      const coverage = visible(
        await (await chifeng.fetch('/bureau/coverage?region=150400&term=2026-spring')).text(),
      );
      const compliance = visible(
        await (await chifeng.fetch('/bureau/compliance?region=150400&term=2026-spring')).text(),
      );
      for (const page of [desk, coverage, compliance]) expect(page).not.toContain('本学期');
      const { sheets, cells } = await xlsxCells(
        await chifeng.fetch('/bureau/export/coverage.xlsx?region=150400&term=2026-spring'),
      );
      expect(sheets).toEqual(['各地区覆盖情况', '场馆类型', '无研学的学校']);
      expect(JSON.stringify(cells)).not.toContain('本学期');
      expect(String(cells[2]?.[1]?.[0])).toContain('学期：2026年春季学期；');
      expect((await chifeng.form('/lang', { lang: 'en', redirectTo: '/bureau' })).status).toBe(302);
      try {
        const english = visible(await (await chifeng.fetch('/bureau?region=150400&term=2026-spring')).text());
        expect(english).toContain('<div class="stat-label">Pupils reached, Spring term 2026</div>');
        expect(english).not.toContain('this term');
      } finally {
        await chifeng.form('/lang', { lang: 'zh', redirectTo: '/bureau' });
      }
    });

    it('says in a sentence, instead of an empty axis, when the desk’s chart by region below has nothing to draw', async () => {
      const chart = (html: string) => parse(html).querySelector('figure.chart')?.text.trim();
      // A term with trips (红山区): the chart (drawn in the browser; the table below stands in without JavaScript).
      expect(chart(await (await chifeng.fetch('/bureau?region=150400&term=2026-spring')).text())).toBe(
        '每百名学生到访人次（按下级地区）图表的全部数据见下表。',
      );
      // A term without any: every region below at zero.
      expect(chart(await (await chifeng.fetch('/bureau?region=150400&term=2025-autumn')).text())).toBe(
        '每百名学生到访人次（按下级地区）2025年秋季学期各下级地区都还没有学生到访，暂无图表。',
      );
      // A county has no region below it, whatever its figures: they are in the table.
      for (const term of ['2026-spring', '2025-autumn']) {
        expect(chart(await (await chifeng.fetch(`/bureau?region=150402&term=${term}`)).text())).toBe(
          '每百名学生到访人次（按下级地区）县级地区没有下级地区，本地区的数字见下表。',
        );
      }
      expect((await chifeng.form('/lang', { lang: 'en', redirectTo: '/bureau' })).status).toBe(302);
      try {
        expect(chart(await (await chifeng.fetch('/bureau?region=150400&term=2025-autumn')).text())).toBe(
          'Pupils reached per 100 pupils, by region belowNo region below has reached any pupils in Autumn term 2025 yet: nothing to chart.',
        );
        expect(chart(await (await chifeng.fetch('/bureau?region=150402&term=2026-spring')).text())).toBe(
          'Pupils reached per 100 pupils, by region belowA county has no regions below it; its figures are in the table below.',
        );
      } finally {
        await chifeng.form('/lang', { lang: 'zh', redirectTo: '/bureau' });
      }
    });

    it('keeps the bureau to auditors and admins', async () => {
      const anonymous = await new Browser(server.url).fetch('/bureau/coverage');
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
      const teacher = new Browser(server.url);
      await teacher.signIn(data.users.teacherA.email, PASSWORD);
      for (const path of ['/bureau', '/bureau/queue', '/bureau/export/coverage.xlsx']) {
        expect((await teacher.fetch(path)).status, path).toBe(403);
      }
    });

    it('exports the coverage workbook with the page’s figures, small counts suppressed, no 包头 cell', async () => {
      const response = await chifeng.fetch('/bureau/export/coverage.xlsx?region=150400&term=2026-autumn');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      expect(response.headers.get('content-disposition')).toContain('coverage-150400-2026-autumn.xlsx');
      const { sheets, cells } = await xlsxCells(response);
      expect(sheets).toEqual(['各地区覆盖情况', '场馆类型', '无研学的学校']);
      expectNoBaotou(JSON.stringify(cells));
      const regions = cells[0] as unknown[][];
      // The line about the export names the term as people do.
      expect(String(regions[1]?.[0])).toContain('学期：2026年秋季学期；');
      const header = regions[3] as string[];
      const column = (label: string) => header.indexOf(label);
      const own = regions.find((r) => r[0] === '赤峰市（本级）') as unknown[];
      expect(own[column('到访学生')]).toBe('<5');
      expect(own[column('每百名学生到访人次')]).toBe('<5');
      expect(own[column('到访残疾学生')]).toBe('<5');
      const total = regions.find((r) => r[0] === '赤峰市合计') as unknown[];
      expect(total[column('研学人次（团）')]).toBe(8);
      expect(total[column('到访学生')]).toBe(187);
      expect(total[column('宣讲场次')]).toBe(2);
      // The total cannot give the own level's small count back by subtraction: another figure is hidden with it.
      const rows = regions.slice(4, -1);
      const reached = rows.map((r) => r[column('到访学生')]);
      expect(reached).toContain('*');
      expect(
        187 - reached.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0),
      ).toBeGreaterThan(4);
      const schools = cells[2] as unknown[][];
      const h = schools.find((r) => r[0] === data.schools.H.name) as unknown[];
      // The school's region by name and by its GB/T 2260 code, then its pupils, suppressed.
      expect(h.slice(1, 4)).toEqual(['红山区', '150402', '<5']);
    });

    it('names every sheet of every workbook whole, within Excel’s 31 characters, and dates it in Beijing time, in both languages', async () => {
      const auditor = new Browser(server.url);
      expect((await auditor.signIn(data.users.auditorChifeng.email, PASSWORD)).status).toBe(302);
      const files: [string, readonly TableId[]][] = [
        ['coverage', coverageTableIds],
        ['compliance', complianceTableIds],
        ...tableIds.map((id): [string, TableId[]] => [id, [id]]),
      ];
      const generated: Record<Locale, string> = {
        zh: '生成时间（北京时间）：2027-02-10 10:00',
        en: 'generated (Beijing time): 2027-02-10 10:00',
      };
      try {
        for (const locale of ['zh', 'en'] as const) {
          expect((await auditor.form('/lang', { lang: locale, redirectTo: '/bureau' })).status).toBe(302);
          const t = getT(locale);
          for (const [file, ids] of files) {
            const response = await auditor.fetch(
              `/bureau/export/${file}.xlsx?region=150400&term=2026-autumn`,
            );
            expect(response.status, file).toBe(200);
            const { sheets, cells } = await xlsxCells(response);
            // Each sheet carries its table's whole name: nothing cut off at the limit, mid-word or otherwise.
            expect(sheets, `${locale} ${file}`).toEqual(ids.map((id) => t(`bureau.sheet.${id}`)));
            for (const sheet of sheets) expect(sheet.length, sheet).toBeLessThanOrEqual(31);
            for (const rows of cells) {
              const about = String(rows[1]?.[0]);
              expect(about, `${locale} ${file}`).toContain(generated[locale]);
              expect(about).not.toMatch(/UTC|\d{4}-\d{2}-\d{2}T/);
            }
          }
        }
      } finally {
        await auditor.form('/lang', { lang: 'zh', redirectTo: '/bureau' });
      }
    });

    it('writes a moment as date and time, a day as a day, the same way on every page of the desk', async () => {
      const moment = /^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}$/;
      const day = /^\d{4}年\d{1,2}月\d{1,2}日$/;
      // A queue card: when it was submitted and when the venue was last verified, alike.
      const queue = parse(await (await chifeng.fetch('/bureau/queue')).text());
      const submitted = queue
        .querySelectorAll('.queue-head p.muted')
        .flatMap((p) => /提交于 ([^·]+?)(?: ·|$)/.exec(p.text.trim())?.[1] ?? []);
      const verified = queue
        .querySelectorAll('.queue-head p.muted.small')
        .flatMap((p) => /最近核实：(.+?)\s*(?:逾期核实)?$/.exec(p.text.trim())?.[1] ?? []);
      expect(submitted.length).toBeGreaterThan(0);
      expect(verified.length).toBeGreaterThan(0);
      for (const text of [...submitted, ...verified]) expect(text.trim()).toMatch(moment);
      // The overdue list's 最近核实 as on the queue card.
      const overdue = parse(await (await chifeng.fetch('/bureau/overdue')).text());
      const lastVerified = overdue
        .querySelectorAll('#table-overdue tbody tr')
        .map((tr) => tr.querySelectorAll('td')[3]?.text.trim() ?? '');
      expect(lastVerified.filter((text) => text !== '从未核实').length).toBeGreaterThan(0);
      for (const text of lastVerified) expect(text === '从未核实' || moment.test(text), text).toBe(true);
      // Days (a term, a session's day, a commitment's end) as days, never as 2027-01-31.
      const compliance = parse(await (await chifeng.fetch('/bureau/compliance?term=2026-autumn')).text());
      expect(compliance.querySelector('.page-header')?.text).toContain('2026年9月1日 至 2027年1月31日');
      const days = [
        ...compliance.querySelectorAll('#table-compliance-flagged tbody th').map((th) => th.text.trim()),
        ...compliance
          .querySelectorAll('#table-compliance-lapsing tbody tr')
          .map((tr) => tr.querySelectorAll('td')[2]?.text.trim() ?? ''),
      ];
      expect(days.length).toBeGreaterThan(1);
      for (const text of days) expect(text).toMatch(day);
      const coverage = await (await chifeng.fetch('/bureau/coverage?term=2026-autumn')).text();
      expect(coverage).toContain('“免费场馆”按 2027年1月31日 的开放承诺判断。');
    });

    it('names the regions in English on the English desk, in Chinese on the Chinese one and in every download', async () => {
      const province = new Browser(server.url);
      expect((await province.signIn(data.users.auditorProvince.email, PASSWORD)).status).toBe(302);
      const query = '?region=150100&term=2026-autumn';
      const coverage = async () => parse(await (await province.fetch(`/bureau/coverage${query}`)).text());
      const rowHeads = (page: ReturnType<typeof parse>) =>
        page.querySelectorAll('#table-coverage-regions tbody th').map((th) => th.text.trim());
      const footHead = (page: ReturnType<typeof parse>) =>
        page.querySelector('#table-coverage-regions tfoot th')?.text.trim();
      const regionOption = (page: ReturnType<typeof parse>, code: string) =>
        page.querySelector(`select[name="region"] option[value="${code}"]`)?.text.trim();

      const chinese = await coverage();
      expect(rowHeads(chinese)).toContain('武川县');
      expect(footHead(chinese)).toBe('呼和浩特市合计');
      expect(regionOption(chinese, '150100')).toBe('呼和浩特市');

      expect((await province.form('/lang', { lang: 'en', redirectTo: '/bureau' })).status).toBe(302);
      try {
        const english = await coverage();
        expect(rowHeads(english)).toContain('Wuchuan County');
        expect(rowHeads(english).filter((name) => /\p{Script=Han}/u.test(name))).toEqual([]);
        expect(english.querySelector('#table-coverage-regions')?.text).not.toContain('武川县');
        expect(footHead(english)).toBe('Hohhot total');
        expect(regionOption(english, '150100')?.trim()).toBe('Hohhot');
        expect(regionOption(english, '150125')?.trim()).toBe('Wuchuan County');
        expect(english.querySelector('.page-header')?.text).toContain('Hohhot');
        // The compliance report and the desk name them so too.
        const compliance = parse(await (await province.fetch(`/bureau/compliance${query}`)).text());
        expect(compliance.querySelector('#table-compliance-regions tfoot th')?.text.trim()).toBe(
          'Hohhot total',
        );
        const desk = parse(await (await province.fetch(`/bureau${query}`)).text());
        expect(desk.querySelector('#table-coverage-regions')?.text).toContain('Wuchuan County');

        // The overdue list and the audit log too.
        const overdue = parse(await (await province.fetch('/bureau/overdue?region=150400')).text());
        const overdueRegions = overdue
          .querySelectorAll('#table-overdue tbody tr')
          .map((tr) => tr.querySelectorAll('td')[2]?.text.trim());
        expect(overdueRegions).toContain('Chifeng');
        expect(overdueRegions.filter((name) => !name || /\p{Script=Han}/u.test(name))).toEqual([]);
        const audit = parse(await (await province.fetch('/bureau/audit')).text());
        expect(audit.querySelector('#table-audit')?.text).toContain('Hongshan District');
        expect(audit.querySelector('#table-audit')?.text).not.toContain('红山区');

        const queue = parse(await (await province.fetch('/bureau/queue')).text())
          .querySelectorAll('.queue-head p.muted')
          .map((p) => p.text.split(' · ')[0]);
        expect(queue).toContain('Hongshan District');
        expect(queue.filter((name) => !name || /\p{Script=Han}/u.test(name))).toEqual([]);

        // The downloads name the regions as the page does, each with its GB/T 2260 code in a column of its own.
        const csv = await (await province.fetch(`/bureau/export/coverage-regions.csv${query}`)).text();
        expect(csv).toContain('Region,Region code (GB/T 2260),');
        expect(csv).toContain('\r\nWuchuan County,150125,');
        expect(csv).toContain('\r\nHohhot total,150100,');
        expect(csv).not.toMatch(/\p{Script=Han}/u);
        for (const file of ['compliance-regions', 'compliance-venues', 'compliance-lapsing']) {
          const text = await (await province.fetch(`/bureau/export/${file}.csv${query}`)).text();
          const regionCells = text
            .trim()
            .split('\r\n')
            .slice(1)
            .map((line) => line.split(',').slice(file === 'compliance-regions' ? 0 : 1))
            .map(([name, code]) => [name, code]);
          for (const [name, code] of regionCells) {
            expect(name, file).not.toMatch(/\p{Script=Han}/u);
            expect(code, file).toMatch(/^15\d{4}$/);
          }
        }
        const workbook = await xlsxCells(await province.fetch(`/bureau/export/coverage.xlsx${query}`));
        const regionsSheet = workbook.cells[0] as unknown[][];
        expect(String(regionsSheet[1]?.[0])).toContain('Region: Hohhot (150100);');
        expect(regionsSheet).toContainEqual(expect.arrayContaining(['Wuchuan County', '150125']));
        const cells = JSON.stringify(workbook.cells);
        expect(cells).not.toContain('武川县');
        expect(cells).not.toContain('呼和浩特');
      } finally {
        await province.form('/lang', { lang: 'zh', redirectTo: '/bureau' });
      }
      // In Chinese they keep the stored names, with the code beside them.
      const csv = await (await province.fetch(`/bureau/export/coverage-regions.csv${query}`)).text();
      expect(csv).toContain('\r\n武川县,150125,');
      expect(csv).toContain('\r\n呼和浩特市合计,150100,');
      expect(csv).not.toContain('Wuchuan');
      const workbook = await xlsxCells(await province.fetch(`/bureau/export/coverage.xlsx${query}`));
      expect(String((workbook.cells[0] as unknown[][])[1]?.[0])).toContain('呼和浩特市（150100）');
    });

    it('exports each table as CSV, refusing other regions and unknown tables', async () => {
      const response = await chifeng.fetch('/bureau/export/compliance-flagged.csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lines = (await response.text()).trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[1])
          .sort(),
      ).toEqual([data.venues.V2.name, data.venues.V6.name].sort());
      const overdue = await (await chifeng.fetch('/bureau/export/overdue.csv')).text();
      expect(overdue).toContain(data.venues.V6.name);
      // An entry never verified says so, as the page does, rather than an empty cell.
      const neverVerified = overdue
        .trim()
        .split('\r\n')
        .slice(1)
        .filter((line) => line.endsWith(','));
      expect(neverVerified).toEqual([]);
      expect(overdue).toMatch(/,从未核实\r\n/);
      expectNoBaotou(overdue);
      expect((await chifeng.fetch('/bureau/export/passwords.csv')).status).toBe(404);
      expect((await chifeng.fetch('/bureau/export/coverage.csv')).status).toBe(404);
    });

    it('refuses an export of another region or a bad term with the reason in words, not a server error', async () => {
      const refusals: [string, number, string][] = [
        [
          '/bureau/export/coverage-regions.csv?region=150200&term=2026-autumn',
          403,
          '无法导出：该地区不在您的辖区内。',
        ],
        [
          '/bureau/export/coverage-regions.csv?region=150400&term=1999-winter',
          400,
          '无法导出：学期：学期格式应为“2026-autumn”或“2026-spring”。',
        ],
        [
          '/bureau/export/compliance.xlsx?term=2027-spring',
          400,
          '无法导出：学期：只能查看 2000 年以来、已经开始的学期（最近的是2026年秋季学期）。',
        ],
        ['/bureau/export/overdue.csv?region=zz', 400, '无法导出：地区：请选择有效的行政区划代码。'],
        ['/bureau/export/passwords.csv', 404, '没有这个导出文件。请使用报表页面上的下载链接。'],
      ];
      for (const [path, status, text] of refusals) {
        const response = await chifeng.fetch(path);
        expect(response.status, path).toBe(status);
        expect(response.headers.get('content-type'), path).toBe('text/plain; charset=utf-8');
        expect(await response.text(), path).toBe(text);
      }
      // The overdue list has no term, so one in its link does not spoil its export.
      expect((await chifeng.fetch('/bureau/export/overdue.csv?region=150400&term=xx')).status).toBe(200);
      const teacher = new Browser(server.url);
      await teacher.signIn(data.users.teacherA.email, PASSWORD);
      const refused = await teacher.fetch('/bureau/export/coverage.xlsx');
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe('您没有权限访问此页面');
    });

    it('answers the report API for an auditor’s token, scoped, with small counts suppressed', async () => {
      const get = (path: string, token: string | null = chifengToken) =>
        fetch(`${server.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      const coverage = await get('/api/v1/reports/coverage?region=150400&term=2026-autumn');
      expect(coverage.status).toBe(200);
      const body = await coverage.json();
      expect(body.region).toEqual({ code: '150400', name: '赤峰市', level: 'prefecture' });
      expect(body.term).toEqual({ id: '2026-autumn', firstDay: '2026-09-01', lastDay: '2027-01-31' });
      expect(body.total).toMatchObject({
        trips: 8,
        pupilsReached: 187,
        schoolsWithoutTrip: 2,
        suppressed: [],
      });
      const own = body.rows.find((r: { regionCode: string }) => r.regionCode === '150400');
      expect(own).toMatchObject({ pupilsReached: null, disabilitiesReached: null, trips: 1 });
      expect(own.suppressed).toEqual(['disabilitiesReached', 'pupilsReached', 'pupilsReachedPer100']);
      // As in the exports, the total cannot give it back: the figures shown leave more than 4 unaccounted for.
      const shown = body.rows.reduce(
        (sum: number, r: { pupilsReached: number | null }) => sum + (r.pupilsReached ?? 0),
        0,
      );
      expect(
        body.rows.filter((r: { suppressed: string[] }) => r.suppressed.includes('pupilsReached')).length,
      ).toBe(2);
      expect(187 - shown).toBeGreaterThan(4);
      expectNoBaotou(JSON.stringify(body));

      const compliance = await (await get('/api/v1/reports/compliance')).json();
      expect(compliance.region.code).toBe('150400');
      expect(compliance.total).toMatchObject({
        bookingsUnderCommitment: 10,
        attendedCharged: 7,
        overcharged: 2,
      });
      expect(compliance.flagged).toHaveLength(2);
      expectNoBaotou(JSON.stringify(compliance));

      const outOfScope = await get('/api/v1/reports/coverage?region=150200&term=2026-autumn');
      expect(outOfScope.status).toBe(403);
      expect(await outOfScope.json()).toEqual({ error: 'out_of_scope', message: '该地区不在您的辖区内。' });
      const badTerm = await get('/api/v1/reports/compliance?term=2026-summer');
      expect(badTerm.status).toBe(400);
      expect((await badTerm.json()).fields.term).toBeDefined();
      expect((await get('/api/v1/reports/coverage', null)).status).toBe(401);
      expect((await get('/api/v1/reports/coverage', 'sct_not-a-token')).status).toBe(401);
      const teacherToken = (
        await createApiToken(server.database.db, data.users.teacherA.id, 't', { userId: null })
      ).token;
      expect((await get('/api/v1/reports/coverage', teacherToken)).status).toBe(403);
      // The browser's cookie is no key to the API.
      expect((await chifeng.fetch('/api/v1/reports/coverage')).status).toBe(401);
    });

    it('refuses a report API query the report pages would drop with a 400 naming it, as the exports do', async () => {
      const get = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${chifengToken}`, ...headers } });
      // A term not yet begun is not reported on (the pages show the current term instead; a JSON answer cannot).
      for (const path of ['/api/v1/reports/coverage', '/api/v1/reports/compliance']) {
        const future = await get(`${path}?region=150400&term=2027-spring`);
        expect(future.status, path).toBe(400);
        expect(await future.json(), path).toEqual({
          error: 'invalid_request',
          message: '请求参数有误。',
          fields: { term: '只能查看 2000 年以来、已经开始的学期（最近的是2026年秋季学期）。' },
        });
        // A well-formed code that is no region is bad input, not a region outside the jurisdiction.
        const unknown = await get(`${path}?region=150499&term=2026-autumn`, { 'Accept-Language': 'en' });
        expect(unknown.status, path).toBe(400);
        expect(await unknown.json(), path).toEqual({
          error: 'invalid_request',
          message: 'Some parameters are not valid.',
          fields: { region: 'There is no region with this code.' },
        });
        const outOfScope = await get(`${path}?region=150202&term=2026-autumn`);
        expect(outOfScope.status, path).toBe(403);
        expect((await outOfScope.json()).error, path).toBe('out_of_scope');
        const good = await get(`${path}?region=150421&term=2026-spring`);
        expect(good.status, path).toBe(200);
        const body = await good.json();
        expect(body.region.code, path).toBe('150421');
        expect(body.term.id, path).toBe('2026-spring');
      }
    });

    it('rejects a queue decision without a reason with a field message and changes nothing; approves by form', async () => {
      const db = server.database.db;
      const noReason = await chifeng.form('/bureau/queue', {
        kind: 'venue_change',
        id: data.changes.c3,
        decision: 'reject',
        reason: '',
      });
      expect(noReason.status).toBe(400);
      expect(await noReason.text()).toContain('驳回时请写明理由');
      const garbage = await chifeng.form('/bureau/queue', {
        kind: 'venue',
        id: 'not-a-uuid',
        decision: 'maybe',
      });
      expect(garbage.status).toBe(400);
      const foreign = await chifeng.form('/bureau/queue', {
        kind: 'venue_change',
        id: data.changes.c2,
        decision: 'approve',
      });
      // Not in the queue as this auditor sees it: back to the fresh queue, saying it no longer waits.
      expect(foreign.status).toBe(302);
      expect(foreign.headers.get('location')).toBe('/bureau/queue?done=gone');
      const [c2] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c2));
      expect(c2?.status).toBe('pending');

      const approved = await chifeng.form('/bureau/queue', {
        kind: 'venue_change',
        id: data.changes.c1,
        decision: 'approve',
      });
      expect(approved.status).toBe(302);
      expect(approved.headers.get('location')).toBe('/bureau/queue?done=approved');
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      expect(venue).toMatchObject({ name: '红山区博物馆', verifiedAt: NOW });
      const again = await chifeng.form('/bureau/queue', {
        kind: 'venue_change',
        id: data.changes.c1,
        decision: 'approve',
      });
      // Decided already (here by the same auditor, as by another one in a second tab): the queue is loaded afresh,
      // saying so, with no stale entry left whose buttons still seem to work.
      expect(again.status).toBe(302);
      expect(again.headers.get('location')).toBe('/bureau/queue?done=gone');
      const fresh = parse(await (await chifeng.fetch('/bureau/queue?done=gone')).text());
      expect(fresh.querySelector('.alert')?.text).toContain('该条目已经处理过了');
      expect(fresh.getElementById(`item-${data.changes.c1}`)).toBeNull();
      const log = await (await chifeng.fetch('/bureau/audit?action=venue_change')).text();
      expect(log).toContain('venue_change.approve');
      // A change reads as a table of the fields that moved, instants in Beijing time as on the rest of the page.
      const inLog = parse(await (await chifeng.fetch('/bureau/audit')).text());
      const verified = inLog
        .querySelectorAll('.audit-changes > div')
        .find((row) => row.querySelector('dt code')?.text === 'verifiedAt');
      expect(verified?.querySelector('dd .audit-new')?.text).toBe(getFormatters('zh').dateTime(NOW));
      expect(inLog.querySelector('#table-audit')?.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
      expect(inLog.querySelector('#table-audit')?.text).not.toContain('"verifiedAt"');
    });

    it('shows a price the log keeps in fen in yuan, so ¥50 is not read as 5000', async () => {
      const db = server.database.db;
      await recordAudit(db, {
        actorUserId: data.users.operatorV1.id,
        action: 'program.update',
        entityType: 'program',
        entityId: 'fen-check',
        regionCode: '150402',
        before: { standardPricePerPupil: 0, standardPricePerChaperone: 1550, maxGroupSize: 40 },
        after: { standardPricePerPupil: 5000, standardPricePerChaperone: 2000, maxGroupSize: 4500 },
      });
      const page = parse(await (await chifeng.fetch('/bureau/audit?entityId=fen-check')).text());
      const change = (field: string) =>
        page
          .querySelectorAll('.audit-changes > div')
          .find((row) => row.querySelector('dt code')?.text === field)
          ?.querySelector('dd')
          ?.text.replace(/\s+/g, ' ')
          .trim();
      expect(change('standardPricePerPupil')).toBe('变更前 ¥0 → 变更后 ¥50');
      expect(change('standardPricePerChaperone')).toBe('变更前 ¥15.50 → 变更后 ¥20');
      // A count stays a count.
      expect(change('maxGroupSize')).toBe('变更前 40 → 变更后 4500');
    });

    it('says in words when a change moves the address but not the pin, or the pin but not the address, and how far', async () => {
      const db = server.database.db;
      const [live] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      if (!live) throw new Error('V1 missing');
      const propose = async (changes: Record<string, unknown>) => {
        const [row] = await db
          .insert(venueChanges)
          .values({ venueId: live.id, proposedBy: data.users.operatorV1.id, changes })
          .returning({ id: venueChanges.id });
        return row?.id as string;
      };
      const addressOnly = await propose({ address: '红山区昭乌达路99号' });
      // The same coordinates sent again along with the new address are no move either.
      const addressSamePin = await propose({ address: '红山区昭乌达路100号', lat: live.lat, lng: live.lng });
      const pinOnly = await propose({ lat: live.lat + 0.01 });
      const both = await propose({ address: '红山区新华路2号', lat: live.lat + 0.01 });
      const nameOnly = await propose({ name: '红山博物馆（本馆）' });
      try {
        const placeOf = (html: string, id: string) => parse(html).querySelector(`#item-${id} .place-check`);
        const zh = await (await chifeng.fetch('/bureau/queue')).text();
        const km = (text: string | undefined) => /相距 ([\d.]+) 公里/.exec(text ?? '')?.[1];
        for (const id of [addressOnly, addressSamePin]) {
          const place = placeOf(zh, id);
          expect(place?.querySelector('.alert-warn')?.text).toContain('地址改了，坐标没有改');
          // The pin stays: no "0 km apart" beside the warning that says so.
          expect(place?.querySelector('.place-distance')).toBeNull();
          // The map of both pins, named for what it shows (drawn in the browser).
          expect(place?.querySelector('figure.bubble-map')?.getAttribute('aria-label')).toBe(
            '现位置与拟改位置',
          );
        }
        const moved = placeOf(zh, pinOnly);
        expect(moved?.querySelector('.alert-warn')?.text).toContain(
          `坐标改了，地址没有改：地址仍是“${live.address}”`,
        );
        expect(km(moved?.querySelector('.place-distance')?.text)).toBe('1.11');
        const whole = placeOf(zh, both);
        expect(whole?.querySelector('.alert-warn')).toBeNull();
        expect(km(whole?.querySelector('.place-distance')?.text)).toBe('1.11');
        expect(parse(zh).querySelector(`#item-${nameOnly}`)).not.toBeNull();
        expect(placeOf(zh, nameOnly)).toBeNull();

        await chifeng.form('/lang', { lang: 'en', redirectTo: '/bureau/queue' });
        const en = await (await chifeng.fetch('/bureau/queue')).text();
        expect(placeOf(en, addressOnly)?.querySelector('.alert-warn')?.text).toContain(
          'The address changes but the coordinates do not',
        );
        expect(placeOf(en, pinOnly)?.querySelector('.place-distance')?.text).toBe(
          'The current and the proposed position are 1.11 km apart.',
        );
      } finally {
        await chifeng.form('/lang', { lang: 'zh', redirectTo: '/bureau/queue' });
        await db
          .delete(venueChanges)
          .where(inArray(venueChanges.id, [addressOnly, addressSamePin, pinOnly, both, nameOnly]));
      }
    });

    it('shows the 赤峰 auditor the audit entries of 赤峰 only, filtered by who and dates', async () => {
      const all = await (await chifeng.fetch('/bureau/audit')).text();
      expect(all).toContain('红山馆员');
      expect(all).not.toContain('东河馆员');
      expect(all).not.toContain('auth.sign_in');
      const filtered = await (
        await chifeng.fetch('/bureau/audit?who=%E7%BA%A2%E5%B1%B1&entity=venue')
      ).text();
      // The action by name; its code, as the filter takes it, only in the tooltip (it ran past a phone's card edge).
      expect(filtered).toContain('<span class="audit-action" title="venue.update">修改场馆信息</span>');
      expect(filtered).not.toContain('>venue.update<');
      const none = await (await chifeng.fetch('/bureau/audit?from=2020-01-01&to=2020-01-02')).text();
      expect(none).toContain('没有符合条件的记录');
      // An auditor of a region where nothing has been recorded, with no filter set: the log is empty, nothing was
      // filtered out.
      const [hohhotAuditor] = await server.database.db
        .insert(users)
        .values({
          email: 'auditor-hohhot@bureau.test',
          name: '呼和浩特审核员',
          passwordHash: await hashPassword(PASSWORD),
        })
        .returning({ id: users.id });
      await server.database.db
        .insert(memberships)
        .values({ userId: hohhotAuditor?.id as string, role: 'auditor', regionCode: '150100' });
      const hohhot = new Browser(server.url);
      expect((await hohhot.signIn('auditor-hohhot@bureau.test', PASSWORD)).status).toBe(302);
      const empty = await (await hohhot.fetch('/bureau/audit')).text();
      expect(empty).toContain('还没有记录任何更改。');
      expect(empty).not.toContain('没有符合条件的记录');
      expect(await (await hohhot.fetch('/bureau/audit?who=x')).text()).toContain('没有符合条件的记录');
      await hohhot.form('/lang', { lang: 'en', redirectTo: '/bureau/audit' });
      expect(await (await hohhot.fetch('/bureau/audit')).text()).toContain(
        'No changes have been recorded yet.',
      );
      // A filter that does not parse is dropped and named, at its field too; the others still apply.
      const reversed = await chifeng.fetch(
        '/bureau/audit?who=%E7%BA%A2%E5%B1%B1&from=2020-01-01&to=2019-01-01',
      );
      expect(reversed.status).toBe(200);
      const reversedHtml = await reversed.text();
      expect(reversedHtml).toContain('结束日期：结束日期不能早于开始日期。');
      expect(reversedHtml).toContain('红山馆员');
      const word = await chifeng.fetch('/bureau/audit?from=yesterday&to=2099-12-31&before=soon');
      expect(word.status).toBe(200);
      const wordHtml = await word.text();
      expect(wordHtml).toContain('部分筛选条件不正确，已忽略：');
      expect(wordHtml).toMatch(/<li>起始日期：[^<]+<\/li>/);
      expect(wordHtml).toMatch(/<li>翻页位置：[^<]+<\/li>/);
      // The end date is fine on its own: a bad start date does not make it 'before the start'.
      expect(wordHtml).not.toContain('结束日期：');
      expect(wordHtml).toContain('红山馆员');
    });

    it('names what each audit entry is about, links to the page the auditor can open, never a contact; filters by choice', async () => {
      const db = server.database.db;
      const v1 = data.venues.V1;
      const [venueNow] = await db.select({ name: venues.name }).from(venues).where(eq(venues.id, v1.id));
      const [program] = await db.select().from(programs).where(eq(programs.venueId, v1.id));
      const [session] = await db
        .select()
        .from(sessions)
        .where(eq(sessions.venueId, v1.id))
        .orderBy(sessions.startsAt);
      const [topic] = await db
        .select()
        .from(speakerTopics)
        .where(eq(speakerTopics.speakerId, data.speakers.S1));
      // A speaker's private contact and a booking's contact must stay off the log.
      await db
        .update(speakers)
        .set({ phone: '13912345678', email: 'wuyun-private@example.com' })
        .where(eq(speakers.id, data.speakers.S1));
      const actor = data.users.auditorChifeng.id;
      const subjects: [AuditEntityType, string, AuditAction][] = [
        ['venue', v1.id, 'venue.reverify'],
        ['program', program!.id, 'program.create'],
        ['session', session!.id, 'session.update'],
        ['booking', data.bookings.b1 as string, 'booking.attendance'],
        ['commitment', data.pendingCommitments.k2, 'commitment.propose'],
        ['speaker', data.speakers.S1, 'speaker.reverify'],
        ['speaker', data.speakers.S2, 'speaker.update'],
        ['speaker_topic', topic!.id, 'speaker_topic.update'],
        ['school', data.schools.A.id, 'school.create'],
        ['user', data.users.speakerS1.id, 'user.update_details'],
      ];
      for (const [entityType, entityId, action] of subjects) {
        await recordAudit(db, { actorUserId: actor, action, entityType, entityId, regionCode: '150402' });
      }

      const html = await (
        await chifeng.fetch(`/bureau/audit?who=${encodeURIComponent(data.users.auditorChifeng.email)}`)
      ).text();
      const page = parse(html);
      /** The entity cell of the newest entry about an id: its text and its links. */
      const about = (id: string) => {
        const row = page
          .querySelectorAll('#table-audit tbody tr')
          .find((tr) => tr.querySelector(`a[href*="entityId=${id}"]`));
        const cell = row?.querySelectorAll('td')[2];
        return {
          text: cell?.text.replace(/\s+/g, ' ').trim() ?? '',
          links: cell?.querySelectorAll('a').map((a) => a.getAttribute('href')) ?? [],
        };
      };
      const zh = getFormatters('zh');
      expect(about(v1.id)).toEqual({
        text: `场馆${venueNow!.name}此对象的全部记录`,
        links: [`/venues/${v1.slug}`, `/bureau/audit?entity=venue&entityId=${v1.id}`],
      });
      expect(about(program!.id).text).toContain(`${program!.title}${venueNow!.name}`);
      expect(about(program!.id).links[0]).toBe(`/venues/${v1.slug}`);
      expect(about(session!.id).text).toContain(
        `${venueNow!.name}${program!.title} · ${zh.dateTime(session!.startsAt)}`,
      );
      // A booking by its school, where and when: never the contact person, the phone, or a pupil.
      expect(about(data.bookings.b1 as string).text).toContain(
        `${data.schools.A.name}${venueNow!.name} · ${zh.dateTime(shanghaiTime(2026, 10, 10, 9, 30))}`,
      );
      expect(about(data.pendingCommitments.k2).text).toContain('阿旗科技馆初中生免费');
      expect(about(data.pendingCommitments.k2).links[0]).toBe(
        `/bureau/queue#item-${data.pendingCommitments.k2}`,
      );
      expect(about(data.speakers.S1).links[0]).toBe(`/speakers/${data.speakers.S1}`);
      // A speaker still waiting to be verified has no public page yet: the link is to their card in the queue.
      expect(about(data.speakers.S2)).toMatchObject({ text: expect.stringContaining('张老') });
      expect(about(data.speakers.S2).links[0]).toBe(`/bureau/queue#item-${data.speakers.S2}`);
      expect(about(topic!.id).text).toContain(`${topic!.title}乌云`);
      expect(about(data.schools.A.id).text).toContain(data.schools.A.name);
      expect(about(data.users.speakerS1.id).text).toBe('用户乌云此对象的全部记录');
      for (const secret of ['13912345678', 'wuyun-private@example.com', '13800000000', '带队教师']) {
        expect(html, secret).not.toContain(secret);
      }
      // No entry is a bare id: ids live only in the links that filter by them.
      const cells = page
        .querySelectorAll('#table-audit tbody tr')
        .map((tr) => tr.querySelectorAll('td')[2]?.text);
      expect(cells.filter((text) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(text ?? ''))).toEqual([]);

      // The action and entity filters are choices named in the reader's language; the URL keeps the codes.
      expect(html).not.toContain('如 venue');
      expect(page.querySelector('input[name="action"]')).toBeNull();
      const chosen = parse(await (await chifeng.fetch('/bureau/audit?action=venue&entity=venue')).text());
      const option = (name: string, value: string) =>
        chosen.querySelector(`select[name="${name}"] option[value="${value}"]`);
      expect(option('action', 'venue')?.text).toBe('场馆：全部操作');
      expect(option('action', 'venue')?.hasAttribute('selected')).toBe(true);
      expect(option('action', 'venue.reverify')?.text).toBe('场馆复核无误');
      expect(option('action', 'venue.reverify')?.parentNode?.getAttribute('label')).toBe('场馆');
      expect(option('entity', 'venue')?.text).toBe('场馆');
      expect(option('entity', 'venue')?.hasAttribute('selected')).toBe(true);
      // A code from an older link, not in this log, stays chosen and is still applied.
      const old = parse(await (await chifeng.fetch('/bureau/audit?action=venue.polish')).text());
      expect(old.querySelector('select[name="action"] option[selected]')?.getAttribute('value')).toBe(
        'venue.polish',
      );
      expect(old.text).toContain('没有符合条件的记录');
      // An action or entity no entry could have is a bad filter: named, not offered as a choice, the rest applied.
      const nope = parse(
        await (await chifeng.fetch('/bureau/audit?action=nope&entity=nothing&who=%E7%BA%A2%E5%B1%B1')).text(),
      );
      expect(nope.querySelector('.alert')?.text).toContain('部分筛选条件不正确，已忽略：');
      expect(nope.querySelectorAll('.alert li').map((li) => li.text)).toEqual([
        '操作：请从列表中选择',
        '对象类型：请从列表中选择',
      ]);
      expect(nope.querySelector('select[name="action"] option[value="nope"]')).toBeNull();
      expect(nope.querySelector('select[name="action"] option[selected]')?.getAttribute('value')).toBe('');
      expect(nope.querySelector('select[name="entity"] option[value="nothing"]')).toBeNull();
      expect(nope.text).toContain('红山馆员');
    });

    it('lets a teacher whose school visited report wrong information, validating the form', async () => {
      const teacher = new Browser(server.url);
      await teacher.signIn(data.users.teacherA.email, PASSWORD);
      const mine = await (await teacher.fetch('/info-reports')).text();
      for (const venue of [data.venues.V1, data.venues.V2, data.venues.V6]) {
        expect(mine).toContain(`href="/report-issue/${venue.slug}"`);
      }
      expect(mine).not.toContain(`href="/report-issue/${data.venues.V3.slug}"`);
      const form = await teacher.fetch(`/report-issue/${data.venues.V2.slug}`);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('哪里不对？');
      const short = await teacher.form(`/report-issue/${data.venues.V2.slug}`, { body: '不对' });
      expect(short.status).toBe(400);
      expect(await short.text()).toContain('请至少写 10 个字');
      const bot = await teacher.form(`/report-issue/${data.venues.V2.slug}`, {
        body: '开放时间与网站上写的不一致。',
        website: 'http://spam.example',
      });
      expect(bot.status).toBe(400);
      expect(await server.database.db.select().from(infoReports)).toHaveLength(0);
      const filed = await teacher.form(`/report-issue/${data.venues.V2.slug}`, {
        body: '开放时间与网站上写的不一致，周一闭馆。',
      });
      expect(filed.status).toBe(302);
      expect(filed.headers.get('location')).toMatch(/^\/info-reports\?filed=1#report-/);
      expect(await (await teacher.fetch('/info-reports')).text()).toContain('周一闭馆');

      const other = new Browser(server.url);
      await other.signIn(data.users.teacherC.email, PASSWORD);
      expect(await (await other.fetch(`/report-issue/${data.venues.V2.slug}`)).text()).toContain(
        '只有到访过该场馆的学校的教师才能报告',
      );
      expect(await (await other.fetch('/info-reports')).text()).not.toContain('href="/report-issue/');
      const refused = await other.form(`/report-issue/${data.venues.V2.slug}`, {
        body: '我没去过但是想报告。',
      });
      expect(refused.status).toBe(403);
      expect((await other.fetch('/report-issue/no-such-venue')).status).toBe(404);
      expect((await chifeng.fetch(`/report-issue/${data.venues.V2.slug}`)).status).toBe(403);

      const desk = await (await chifeng.fetch('/bureau/info-reports')).text();
      expect(desk).toContain('周一闭馆');

      // A note too long (the field's maxlength removed) is named at its field, keeps what was typed, closes nothing.
      const [report] = await server.database.db.select().from(infoReports);
      const tooLong = `核对${'很长的说明'.repeat(400)}`;
      const tooLongAnswer = await chifeng.form('/bureau/info-reports?status=open', {
        id: report!.id,
        status: 'fixed',
        note: tooLong,
      });
      expect(tooLongAnswer.status).toBe(400);
      const refusedHtml = await tooLongAnswer.text();
      expect(refusedHtml).toContain(`id="note-${report!.id}-error">最多 500 字`);
      expect(refusedHtml).toContain(`value="${tooLong}"`);
      const [unchanged] = await server.database.db.select().from(infoReports);
      expect(unchanged).toMatchObject({ status: 'open', closedAt: null, closeNote: null });

      // The note of a closed report is on both lists: the auditor's and the reporter's.
      const closed = await chifeng.form('/bureau/info-reports?status=open', {
        id: report!.id,
        status: 'fixed',
        note: '已请场馆把周一改为闭馆',
      });
      expect(closed.status).toBe(302);
      for (const [who, path] of [
        [chifeng, '/bureau/info-reports?status=closed'],
        [teacher, '/info-reports?status=closed'],
      ] as const) {
        expect(await (await who.fetch(path)).text(), path).toMatch(
          /处理说明：<\/strong>(?: |<!-- -->)*已请场馆把周一改为闭馆/,
        );
      }
      // The e-mails of the report (to the venue's operators and auditors when filed, to the reporter when closed)
      // link to the site in full: a bare /info-reports goes nowhere from a mail client.
      const mails = await server.database.db
        .select({ body: emailOutbox.body, dedupeKey: emailOutbox.dedupeKey })
        .from(emailOutbox)
        .where(like(emailOutbox.dedupeKey, 'info-report:%'));
      expect(mails.filter((m) => m.dedupeKey.includes(':filed:')).length).toBeGreaterThan(0);
      expect(mails.filter((m) => m.dedupeKey.includes(':closed:')).length).toBe(1);
      for (const mail of mails) {
        expect(mail.body, mail.dedupeKey).toMatch(/\n\nhttps?:\/\/[^/\s]+\/(bureau\/)?info-reports#report-/);
      }
    });
  });
}
