import { formatYuan, type TFunction } from '#app/i18n/index.ts';
import type { Failure } from './bookings.server.ts';

/** A refusal in the reader's language, with its values (the chaperones needed, when booking opens …). */
export function failureMessage(
  t: TFunction,
  failure: Pick<Failure, 'error' | 'params' | 'waitlistAvailable'>,
): string {
  // Full, and the group larger than the whole session: no waitlist will ever seat it.
  if (failure.error === 'session_full' && failure.waitlistAvailable === false)
    return t('bookings.error.group_exceeds_session', failure.params);
  // Amounts are kept in fen (`…Fen`) and read in yuan, as on the pages.
  const params =
    failure.params &&
    Object.fromEntries(
      Object.entries(failure.params).map(([name, value]) =>
        name.endsWith('Fen') ? [name.slice(0, -3), formatYuan(Number(value))] : [name, value],
      ),
    );
  return t(`bookings.error.${failure.error}`, params);
}
