import type { TFunction } from '#app/i18n/index.ts';
import type { Failure } from './bookings.server.ts';

/** A refusal in the reader's language, with its values (the chaperones needed, when booking opens …). */
export function failureMessage(t: TFunction, failure: Pick<Failure, 'error' | 'params'>): string {
  return t(`bookings.error.${failure.error}`, failure.params);
}
