import { formatYuan, type TFunction } from '#app/i18n/index.ts';
import { type BookingStatus, bookingStatuses } from '#db/schema/enums.ts';
import type { ExistingBooking, Failure } from './bookings.server.ts';

/**
 * A booking's status in words. A request that waits for its school admin first says so ("待学校审批"): to the venue,
 * "已申请" alone reads as a request it should be answering, and the teacher's trip page says the same.
 */
export function bookingStatusText(t: TFunction, status: BookingStatus, needsSchoolApproval = false): string {
  return status === 'requested' && needsSchoolApproval
    ? t('bookingStatus.awaitingSchool')
    : t(`bookingStatus.${status}`);
}

/**
 * A school's live bookings in a session, in words: "（30 名学生，已申请；25 名学生，候补中）"; nothing for none. Each group
 * holds a comma of its own, so groups are set apart with a semicolon (`bookings.already.separator`), not with
 * `format.list`'s 、 or "and", which would read as one more item of the same group.
 */
export function schoolGroupsText(
  t: TFunction,
  existing: readonly Pick<ExistingBooking, 'pupils' | 'status' | 'needsSchoolApproval'>[],
) {
  if (existing.length === 0) return '';
  const list = existing
    .map((b) =>
      t(b.pupils === 1 ? 'bookings.already.groupOne' : 'bookings.already.group', {
        pupils: b.pupils,
        status: bookingStatusText(t, b.status, b.needsSchoolApproval),
      }),
    )
    .join(t('bookings.already.separator'));
  return t('bookings.already.groups', { list });
}

/** A group in a row of trips: "Grade 5 · 30 pupils · 1 adult" (one of each is said in the singular). */
export function groupText(t: TFunction, group: { grade: number; pupils: number; chaperones: number }) {
  return t('bookings.trips.groupCounts', {
    grade: t(`grade.${group.grade}` as 'grade.1'),
    pupils: t(group.pupils === 1 ? 'bookings.trips.pupilsOne' : 'bookings.trips.pupils', {
      count: group.pupils,
    }),
    adults: t(group.chaperones === 1 ? 'bookings.trips.adultsOne' : 'bookings.trips.adults', {
      count: group.chaperones,
    }),
  });
}

/** The smallest group a session takes, in words: "学生 10 人、成人 1 人", "10 pupils and 1 adult". */
export function smallestGroupText(t: TFunction, group: { pupils: number; adults: number }) {
  return t('bookings.book.smallestGroup', {
    pupils: t(group.pupils === 1 ? 'bookings.trips.pupilsOne' : 'bookings.trips.pupils', {
      count: group.pupils,
    }),
    adults: t(group.adults === 1 ? 'bookings.trips.adultsOne' : 'bookings.trips.adults', {
      count: group.adults,
    }),
  });
}

/** A refusal in the reader's language, with its values (the chaperones needed, when booking opens …). */
export function failureMessage(
  t: TFunction,
  failure: Pick<Failure, 'error' | 'params' | 'waitlistAvailable' | 'existing'>,
): string {
  // Full, and the group larger than the whole session: no waitlist will ever seat it.
  if (failure.error === 'session_full' && failure.waitlistAvailable === false)
    return t('bookings.error.group_exceeds_session', failure.params);
  // Some seats left, not enough for this group: how many it needs and how many there are.
  const open = Number(failure.params?.open ?? 0);
  if (failure.error === 'session_full' && open > 0 && open < Number(failure.params?.seats))
    return t(open === 1 ? 'bookings.error.session_shortOne' : 'bookings.error.session_short', failure.params);
  if (failure.error === 'already_booked')
    return t('bookings.error.already_booked', { groups: schoolGroupsText(t, failure.existing ?? []) });
  if (failure.error === 'overcharge_unconfirmed') return overchargeMessage(t, failure.params ?? {});
  const now = failure.params?.status;
  if (failure.error === 'invalid_transition' && typeof now === 'string' && isBookingStatus(now))
    return t('bookings.error.invalid_transition_now', { status: t(`bookingStatus.${now}`) });
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

/**
 * A refusal as field errors: its own field (or `_form`) and those of the other wrong fields it carries (`more`),
 * each in the reader's language.
 */
export function failureFields(
  t: TFunction,
  failure: Pick<Failure, 'error' | 'field' | 'params' | 'waitlistAvailable' | 'existing' | 'more'>,
  fallback = '_form',
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const one of [failure, ...(failure.more ?? [])]) {
    const field = one.field ?? fallback;
    fields[field] ??= failureMessage(t, one);
  }
  return fields;
}

/** A price in fen inside a sentence: 免费 / free for none, else in yuan. */
const priceOrFree = (t: TFunction, fen: number) => (fen === 0 ? t('bookings.error.free') : formatYuan(fen));

/**
 * "The charges are above the promise" naming only the charges that are (per pupil, per adult or both), each beside its
 * promise, in the words the form's own line uses (免费, not ¥0).
 */
function overchargeMessage(t: TFunction, params: Record<string, string | number>): string {
  const lines = (['Pupil', 'Chaperone'] as const).flatMap((who) => {
    const promised = Number(params[`promised${who}Fen`] ?? 0);
    const charged = Number(params[`charged${who}Fen`] ?? 0);
    if (!(charged > promised)) return [];
    return [
      t(who === 'Pupil' ? 'bookings.error.overchargePupil' : 'bookings.error.overchargeChaperone', {
        promised: priceOrFree(t, promised),
        charged: priceOrFree(t, charged),
      }),
    ];
  });
  return t('bookings.error.overcharge_unconfirmed', { lines: lines.join(t('bookings.already.separator')) });
}

const isBookingStatus = (value: string): value is BookingStatus =>
  (bookingStatuses as readonly string[]).includes(value);
