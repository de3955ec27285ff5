import type { TFunction } from '#app/i18n/index.ts';
import type { Failure } from './bookings.server.ts';

/** A refusal in the reader's language, with its values (the chaperones needed, when booking opens …). */
export function failureMessage(
  t: TFunction,
  failure: Pick<Failure, 'error' | 'params' | 'waitlistAvailable'>,
): string {
  // Full, and the group larger than the whole session: no waitlist will ever seat it.
  if (failure.error === 'session_full' && failure.waitlistAvailable === false)
    return t('bookings.error.group_exceeds_session', failure.params);
  return t(`bookings.error.${failure.error}`, failure.params);
}
