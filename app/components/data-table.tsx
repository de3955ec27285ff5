import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import type { CellValue, ColumnKind, ReportTable, TableRow } from '#app/domain/bureau/tables.ts';
import { useI18n } from '#app/utils/i18n.tsx';

const NUMERIC: ReadonlySet<ColumnKind> = new Set(['count', 'pupils', 'decimal', 'km', 'percent', 'yuan']);

/**
 * True while the element is wider inside than it shows (it scrolls sideways). Until the browser has measured (on the
 * server, without JavaScript) it is taken to scroll, so a keyboard can always reach a table that might.
 */
function useScrollsSideways(ref: RefObject<HTMLElement>): boolean {
  const [scrolls, setScrolls] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}

/**
 * A report table as the page shows it (exact figures; exports suppress small counts). `renderCell` may replace a
 * cell, e.g. with a link. A `stacked` table turns each row into a card on a phone: the row's name as its heading,
 * then each figure under its column's name (a wide table would scroll sideways there). The table is named by its
 * title, for screen readers only unless a `caption` is given to show; while it scrolls sideways its frame is a named
 * region that takes the keyboard's focus, so arrow keys can scroll it.
 */
export function DataTable({
  table: given,
  caption,
  renderCell,
  empty,
  stacked = false,
}: {
  table: ReportTable;
  caption?: ReactNode;
  renderCell?: (key: string, row: TableRow, index: number) => ReactNode | undefined;
  empty?: ReactNode;
  stacked?: boolean;
}) {
  const { t, format } = useI18n();
  // Columns only for the downloads (a region's code) stay off the page.
  const table = given.columns.some((c) => c.exportOnly)
    ? { ...given, columns: given.columns.filter((c) => !c.exportOnly) }
    : given;
  const wrap = useRef<HTMLDivElement>(null);
  const scrolls = useScrollsSideways(wrap);
  const captionId = `table-${table.id}-caption`;
  const show = (kind: ColumnKind, value: CellValue): ReactNode => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'string') return value;
    switch (kind) {
      case 'percent':
        return `${(value * 100).toFixed(1)}%`;
      case 'yuan':
        return format.yuan(value);
      case 'decimal':
        return value.toFixed(2);
      case 'km':
        return value.toFixed(1);
      default:
        return format.number(value);
    }
  };
  if (table.rows.length === 0 && empty) return <>{empty}</>;
  const cells = (row: TableRow, index: number) =>
    table.columns.map((column, i) => {
      const custom = renderCell?.(column.key, row, index);
      const content = custom ?? show(column.kind, row[column.key] ?? null);
      const className = NUMERIC.has(column.kind) ? 'num' : undefined;
      return i === 0 ? (
        <th key={column.key} scope="row" className={className}>
          {content}
        </th>
      ) : (
        <td key={column.key} className={className} data-label={stacked ? t(column.label) : undefined}>
          {content}
        </td>
      );
    });
  return (
    <div
      className="table-wrap"
      ref={wrap}
      {...(scrolls ? { role: 'region', tabIndex: 0, 'aria-labelledby': captionId } : {})}
    >
      <table className={stacked ? 'data stacked' : 'data'} id={`table-${table.id}`}>
        <caption id={captionId} className={caption ? undefined : 'visually-hidden'}>
          {caption ?? t(table.title)}
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" className={NUMERIC.has(c.kind) ? 'num' : undefined}>
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            // Rows have no id of their own; their order is the report's.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index}>{cells(row, index)}</tr>
          ))}
        </tbody>
        {table.footer ? (
          <tfoot>
            <tr>{cells(table.footer, -1)}</tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
