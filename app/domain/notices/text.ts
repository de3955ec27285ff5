import type { Formatters } from '#app/i18n/index.ts';
import { parseShanghaiWallTime } from '#app/utils/time.ts';

/**
 * A notice's values as its reader sees them. Times are stored as Beijing wall time ("2026-12-06 09:30", see
 * `formatWhen`); they read as dates do on every page (2026/12/6 09:30, 6 Dec 2026, 09:30), in the inbox and in e-mails.
 */
export function readableParams(
  params: Record<string, unknown>,
  format: Pick<Formatters, 'dateTime'>,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => {
      if (typeof value === 'number') return [key, value];
      const text = typeof value === 'string' ? value : value == null ? '' : String(value);
      const instant = parseShanghaiWallTime(text);
      return [key, instant ? format.dateTime(instant) : text];
    }),
  );
}
