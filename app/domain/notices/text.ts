import type { Formatters } from '#app/i18n/index.ts';
import { parseShanghaiWallTime } from '#app/utils/time.ts';

/** Money is stored in fen under a name ending in `Fen` (`chargedFen: 1000000`) and read as `{charged}`: ¥10,000. */
const FEN_SUFFIX = 'Fen';

/**
 * Over-charge notices written before amounts were kept in fen hold yuan as text (`promised: "10000.00"`); they read
 * as money too, as the newer ones do.
 */
const LEGACY_YUAN_PARAMS = new Set(['promised', 'charged']);
const LEGACY_YUAN_TEXT = /^\d+\.\d{2}$/;

/**
 * A notice's values as its reader sees them. Times are stored as Beijing wall time ("2026-12-06 09:30", see
 * `formatWhen`); they read as dates do on every page (2026/12/6 09:30, 6 Dec 2026, 09:30), in the inbox and in e-mails.
 * Amounts in fen read as prices do on every page (¥6,745, ¥12.50).
 */
export function readableParams(
  params: Record<string, unknown>,
  format: Pick<Formatters, 'dateTime' | 'yuan'>,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => {
      if (typeof value === 'number') {
        return key.endsWith(FEN_SUFFIX) && key.length > FEN_SUFFIX.length
          ? [key.slice(0, -FEN_SUFFIX.length), format.yuan(value)]
          : [key, value];
      }
      const text = typeof value === 'string' ? value : value == null ? '' : String(value);
      if (LEGACY_YUAN_PARAMS.has(key) && LEGACY_YUAN_TEXT.test(text)) {
        return [key, format.yuan(Math.round(Number(text) * 100))];
      }
      const instant = parseShanghaiWallTime(text);
      return [key, instant ? format.dateTime(instant) : text];
    }),
  );
}
