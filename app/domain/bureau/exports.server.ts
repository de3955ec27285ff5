import ExcelJS from 'exceljs';
import type { TFunction } from '#app/i18n/index.ts';
import { shanghaiMinute } from '#app/utils/time.ts';
import { SUPPRESSED, SUPPRESSED_WITH, SUPPRESSION_THRESHOLD } from './suppression.ts';
import {
  type CellValue,
  type ReportTable,
  suppressTable,
  type TableColumn,
  type TableRow,
} from './tables.ts';

/** What the export is of, printed above the tables (XLSX) so that a saved file explains itself. */
export interface ExportMeta {
  title: string;
  regionName: string;
  regionCode: string;
  termId: string | null;
  /** The term as people name it (2026年秋季学期); the id stays in the file name. */
  termName?: string | null;
  generatedAt: Date;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula: text from users must not. */
function safeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** A cell as CSV text. Numbers stay plain; percentages carry `%`; money is in yuan. */
export function csvCell(column: TableColumn, value: CellValue, t: TFunction): string {
  if (value === null || value === undefined) return '';
  if (value === SUPPRESSED || value === SUPPRESSED_WITH) return value;
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string') return safeText(value);
  switch (column.kind) {
    case 'percent':
      return `${round(value * 100, 1).toFixed(1)}%`;
    case 'yuan':
      return (value / 100).toFixed(2);
    case 'decimal':
    case 'km':
      return round(value, 2).toFixed(2);
    default:
      return String(value);
  }
}

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function exportRows(table: ReportTable): TableRow[] {
  return suppressTable(table);
}

/** One table as CSV (UTF-8 with a byte-order mark, so that Excel reads Chinese), small counts suppressed. */
export function tableToCsv(table: ReportTable, t: TFunction): string {
  const lines = [table.columns.map((c) => csvQuote(t(c.label))).join(',')];
  for (const row of exportRows(table)) {
    lines.push(table.columns.map((c) => csvQuote(csvCell(c, row[c.key] ?? null, t))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function xlsxValue(column: TableColumn, value: CellValue, t: TFunction): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (value === SUPPRESSED || value === SUPPRESSED_WITH) return value;
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string') return safeText(value);
  if (column.kind === 'yuan') return value / 100;
  if (column.kind === 'decimal' || column.kind === 'km') return round(value, 2);
  if (column.kind === 'percent') return round(value, 4);
  return value;
}

const NUMBER_FORMATS: Partial<Record<TableColumn['kind'], string>> = {
  percent: '0.0%',
  yuan: '#,##0.00',
  decimal: '0.00',
  km: '0.0',
  count: '#,##0',
  pupils: '#,##0',
};

const SHEET_NAME_MAX = 31;

/**
 * Excel sheet names: at most 31 characters, none of []:*?/\ . Each table's name is written to fit
 * (`bureau.sheet.*`); one that does not is cut at a word, never inside one.
 */
export function sheetName(name: string, used: Set<string>): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim();
  const cutAtWord = (text: string, room: number) => {
    if (text.length <= room) return text;
    const cut = text.slice(0, room + 1);
    const space = cut.lastIndexOf(' ');
    return (space > 0 ? cut.slice(0, space) : text.slice(0, room)).trimEnd();
  };
  let result = cutAtWord(clean, SHEET_NAME_MAX);
  for (let i = 2; used.has(result); i++) {
    const suffix = ` (${i})`;
    result = `${cutAtWord(clean, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  used.add(result);
  return result;
}

/** A workbook with one sheet per table, each headed by what it is of; small counts suppressed. */
export async function tablesToXlsx(
  tables: readonly ReportTable[],
  meta: ExportMeta,
  t: TFunction,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t('site.name');
  workbook.created = meta.generatedAt;
  const used = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(t(`bureau.sheet.${table.id}`), used));
    sheet.addRow([t(table.title)]).font = { bold: true, size: 13 };
    sheet.addRow([
      t('bureau.export.about', {
        region: t('bureau.export.regionWithCode', { name: meta.regionName, code: meta.regionCode }),
        term: meta.termName ?? meta.termId ?? t('bureau.export.noTerm'),
        at: shanghaiMinute(meta.generatedAt),
      }),
    ]);
    // The note on hidden counts where a sheet has counts of pupils to hide; a sheet without (the overdue venues) says
    // so on the same row, so that the header is the fourth row of every sheet.
    sheet.addRow([
      table.columns.some((column) => column.kind === 'pupils')
        ? t('bureau.export.suppression', {
            threshold: SUPPRESSION_THRESHOLD,
            marker: SUPPRESSED,
            withMarker: SUPPRESSED_WITH,
          })
        : t('bureau.export.noPupilCounts'),
    ]);
    const header = sheet.addRow(table.columns.map((c) => t(c.label)));
    header.font = { bold: true };
    const headerRow = header.number;
    const rows = exportRows(table);
    for (const [index, row] of rows.entries()) {
      const added = sheet.addRow(table.columns.map((c) => xlsxValue(c, row[c.key] ?? null, t)));
      if (table.footer && index === rows.length - 1) added.font = { bold: true };
    }
    table.columns.forEach((column, i) => {
      const sheetColumn = sheet.getColumn(i + 1);
      const format = NUMBER_FORMATS[column.kind];
      if (format) sheetColumn.numFmt = format;
      sheetColumn.width = column.kind === 'text' ? 24 : 14;
    });
    sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
