import { commitmentFromNotice, commitmentTerms } from '#app/domain/commitments/terms.ts';
import type { Formatters, TFunction } from '#app/i18n/index.ts';
import { parseShanghaiWallTime } from '#app/utils/time.ts';

/** Money is stored in fen under a name ending in `Fen` (`chargedFen: 1000000`) and read as `{charged}`: ¥10,000. */
const FEN_SUFFIX = 'Fen';
/** A calendar day is stored under a name ending in `Day` (`fromDay: "2027-01-01"`) and read as `{from}`: 2027年1月1日. */
const DAY_SUFFIX = 'Day';
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Over-charge notices written before amounts were kept in fen hold yuan as text (`promised: "10000.00"`); they read
 * as money too, as the newer ones do.
 */
const LEGACY_YUAN_PARAMS = new Set(['promised', 'charged']);
const LEGACY_YUAN_TEXT = /^\d+\.\d{2}$/;

/**
 * A notice's values as its reader sees them. Times are stored as Beijing wall time ("2026-12-06 09:30", see
 * `formatWhen`); they read as dates do on every page (2026/12/6 09:30, 6 Dec 2026, 09:30), in the inbox and in e-mails.
 * Amounts in fen read as prices do on every page (¥6,745, ¥12.50), days as dates do. A commitment's terms, kept in no language (see
 * `commitmentNoticeParams`), read as `{terms}` in the reader's (小学生免费, Primary pupils free).
 */
export function readableParams(
  params: Record<string, unknown>,
  format: Pick<Formatters, 'date' | 'dateTime' | 'yuan'>,
  t?: TFunction,
): Record<string, string | number> {
  const commitment = t ? commitmentFromNotice(params) : null;
  return Object.fromEntries([
    ...(t && commitment ? [['terms', commitmentTerms(t, commitment)]] : []),
    ...Object.entries(params).map(([key, value]) => {
      if (typeof value === 'number') {
        return key.endsWith(FEN_SUFFIX) && key.length > FEN_SUFFIX.length
          ? [key.slice(0, -FEN_SUFFIX.length), format.yuan(value)]
          : [key, value];
      }
      const text = typeof value === 'string' ? value : value == null ? '' : String(value);
      if (key.endsWith(DAY_SUFFIX) && key.length > DAY_SUFFIX.length && DAY_TEXT.test(text)) {
        return [key.slice(0, -DAY_SUFFIX.length), format.date(text)];
      }
      if (LEGACY_YUAN_PARAMS.has(key) && LEGACY_YUAN_TEXT.test(text)) {
        return [key, format.yuan(Math.round(Number(text) * 100))];
      }
      const instant = parseShanghaiWallTime(text);
      return [key, instant ? format.dateTime(instant) : text];
    }),
  ]);
}
