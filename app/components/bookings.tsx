// Pieces shared by the booking pages: the status badge, a trip's one-line summary, the action forms.
import { Form, Link } from '@remix-run/react';
import { bookingStatusText, groupText } from '#app/domain/bookings/messages.ts';
import { nextStepKey } from '#app/domain/bookings/next-step.ts';
import type { BookingSide } from '#app/domain/bookings/parties.ts';
import type { VenuePlace } from '#app/domain/catalogue/placement.ts';
import type { Formatters, TFunction } from '#app/i18n/index.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import type { BookingStatus } from '#db/schema/enums.ts';
import { Alert, Badge, Button, CheckboxField, ConfirmFold, RatingField, TextArea, TextField } from './ui.tsx';

const DONE = ['approve', 'confirm', 'decline', 'cancel', 'attendance', 'feedback', 'unchanged'] as const;

/**
 * What the last step did (`?done=confirm` after the redirect), said once: not while the page answers a later form
 * with its errors, and nothing for a value the site never sends.
 */
export function StepDone({ done, answered }: { done: string | null; answered: boolean }) {
  const { t } = useI18n();
  if (answered || !(DONE as readonly (string | null)[]).includes(done)) return null;
  return <Alert tone="good">{t(`bookings.action.done.${done as (typeof DONE)[number]}`)}</Alert>;
}

/** A price in fen as the booking pages say it: 免费 / free for none, else in yuan. */
function priceOrFree(t: TFunction, format: Formatters, fen: number): string {
  return fen === 0 ? t('common.free') : format.yuan(fen);
}

const tones: Record<BookingStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  requested: 'info',
  school_approved: 'info',
  confirmed: 'good',
  waitlisted: 'warn',
  declined: 'bad',
  cancelled: 'neutral',
  lapsed: 'neutral',
  attended: 'good',
  no_show: 'bad',
};

/** A booking's status (a request that waits for its school admin says so: `bookingStatusText`). */
export function BookingStatusBadge({
  status,
  needsSchoolApproval = false,
}: {
  status: BookingStatus;
  needsSchoolApproval?: boolean;
}) {
  const { t } = useI18n();
  return <Badge tone={tones[status]}>{bookingStatusText(t, status, needsSchoolApproval)}</Badge>;
}

export interface TripRow {
  id: string;
  status: BookingStatus;
  title: string;
  venueName: string;
  schoolName: string;
  startsAt: string | Date;
  grade: number;
  pupils: number;
  chaperones: number;
  holdUntil: string | Date | null;
  needsSchoolApproval: boolean;
  /** When the school admin approved it (null when not yet, or not needed). */
  approvedAt: string | Date | null;
  /** Charged above the promise (flagged for the venue and the bureau). */
  priceFlagged?: boolean;
  /** The teacher who booked it (an adult of the school's staff), named on the school admin's list. */
  teacherName?: string;
  /** The session's start time has come, by the server's clock (the loader says so; the page never guesses). */
  started?: boolean;
  /** When the school rated the visit; null while an attended visit waits for its rating. */
  feedbackAt?: string | Date | null;
  /** Who came, as the venue recorded it (attended visits). */
  attendedPupils?: number | null;
  attendedChaperones?: number | null;
}

/** The next step of a booking in words, with its deadline, as the side reading it has to take it. */
export function NextStep({
  row,
  side,
}: {
  row: Pick<
    TripRow,
    'status' | 'needsSchoolApproval' | 'approvedAt' | 'holdUntil' | 'started' | 'feedbackAt'
  >;
  side: BookingSide;
}) {
  const { t, format } = useI18n();
  const key = nextStepKey(row, side);
  if (!key) return null;
  return <span>{t(key, { deadline: row.holdUntil ? format.dateTime(row.holdUntil) : '' })}</span>;
}

/** One booking in a list: what, where, when, the group, its status and next step. */
export function TripRows({
  rows,
  linkTo,
  showSchool,
  showTeacher,
}: {
  rows: TripRow[];
  linkTo: (id: string) => string;
  showSchool?: boolean;
  /** The whole school's list (its admin's): each row names the teacher who booked it, whom to ask. */
  showTeacher?: boolean;
}) {
  const { t, format } = useI18n();
  return (
    <ul className="trip-rows">
      {rows.map((row) => (
        <li key={row.id}>
          <div>
            <Link to={linkTo(row.id)} className="row-title">
              {row.title}
            </Link>
            <span className="muted"> · {showSchool ? row.schoolName : row.venueName}</span>
          </div>
          <div className="muted">
            {format.dateTime(row.startsAt)} ·{' '}
            {showTeacher && row.teacherName ? (
              <>{t('bookings.trips.bookedBy', { name: row.teacherName })} · </>
            ) : null}
            {groupText(t, row)}
            {row.status === 'attended' && row.attendedPupils != null && row.attendedChaperones != null ? (
              <>
                {' · '}
                {t('bookings.trips.came', {
                  pupils: t(row.attendedPupils === 1 ? 'bookings.trips.pupilsOne' : 'bookings.trips.pupils', {
                    count: row.attendedPupils,
                  }),
                  adults: t(
                    row.attendedChaperones === 1 ? 'bookings.trips.adultsOne' : 'bookings.trips.adults',
                    { count: row.attendedChaperones },
                  ),
                })}
              </>
            ) : null}
          </div>
          <div>
            <BookingStatusBadge status={row.status} needsSchoolApproval={row.needsSchoolApproval} />{' '}
            {row.priceFlagged ? (
              <>
                <Badge tone="bad">{t('bookings.trips.flagged')}</Badge>{' '}
              </>
            ) : null}
            {/* The venue's view names only the deadline of what waits for it; the school's view every next step. */}
            {!showSchool || row.status === 'requested' || row.status === 'school_approved' ? (
              <NextStep row={row} side={showSchool ? 'venue' : 'school'} />
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Fen as a form shows yuan ("12.50"); nothing when there is no amount. */
const yuanText = (fen: number | undefined) => (fen === undefined ? undefined : (fen / 100).toFixed(2));

/** The small forms for the steps a person may take on a booking. */
export function BookingActions({
  actions,
  side,
  errors,
  intent,
  promised,
  recorded,
  typed,
  confirmCharges,
}: {
  actions: readonly string[];
  /** Who reads the forms: what happens after a cancellation is told from their side. */
  side: BookingSide;
  errors?: Record<string, string>;
  intent?: string;
  promised?: { pupil: number; chaperone: number };
  /** What was recorded already: a correction starts from it. */
  recorded?: { pupils: number; chaperones: number; pupilPrice: number; chaperonePrice: number } | null;
  /** The form of `intent` as typed before a refusal (attendance, the reason to cancel or decline, feedback). */
  typed?: Record<string, string>;
  /** Charges above the promise that the server asks to confirm with a tick (the value the tick sends). */
  confirmCharges?: string;
}) {
  const { t, format } = useI18n();
  const err = (name: string, forIntent: string) => (intent === forIntent ? errors?.[name] : undefined);
  const attendanceValue = (name: string, shown: string | undefined) =>
    intent === 'attendance' && typed?.[name] !== undefined ? typed[name] : shown;
  const overcharge =
    intent === 'attendance' && confirmCharges ? err('confirmOvercharge', 'attendance') : undefined;
  return (
    <div className="stack">
      {actions.includes('approve') || actions.includes('confirm') ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value={actions.includes('approve') ? 'approve' : 'confirm'} />
          <Button size="large">
            {t(actions.includes('approve') ? 'bookings.action.approve' : 'bookings.action.confirm')}
          </Button>
        </Form>
      ) : null}
      {actions.includes('decline') ? (
        // Declining sits under the large Confirm: a fold of its own and a ticked box, so that a slip of the finger
        // on a phone does not turn a school away.
        <ConfirmFold
          className="booking-decline"
          summary={<span id="decline-title">{t('bookings.decline.title')}</span>}
          fields={{ intent: 'decline' }}
          lead={t('bookings.decline.lead')}
          confirmId="decline-confirm"
          confirmLabel={t('bookings.decline.confirm')}
          submit={t('bookings.action.decline')}
          error={err('confirm', 'decline')}
          open={intent === 'decline' && errors !== undefined}
        >
          <TextArea
            label={t('bookings.decline.reason')}
            name="reason"
            id="decline-reason"
            required
            rows={2}
            maxLength={500}
            defaultValue={intent === 'decline' ? typed?.reason : undefined}
            error={err('reason', 'decline')}
          />
        </ConfirmFold>
      ) : null}
      {actions.includes('attendance') ? (
        // noValidate: the server's message at each field, in the page's language, beside what was typed.
        <Form method="post" aria-labelledby="attendance-title" noValidate>
          <h2 id="attendance-title">{t('bookings.attendance.title')}</h2>
          <p className="muted">{t('bookings.attendance.intro')}</p>
          {promised ? (
            <p>
              {t('bookings.attendance.promisedHint', {
                pupil: priceOrFree(t, format, promised.pupil),
                chaperone: priceOrFree(t, format, promised.chaperone),
              })}
            </p>
          ) : null}
          <input type="hidden" name="intent" value="attendance" />
          <div className="form-grid">
            <TextField
              label={t('bookings.attendance.attendedPupils')}
              name="attendedPupils"
              inputMode="numeric"
              required
              defaultValue={attendanceValue('attendedPupils', recorded ? String(recorded.pupils) : undefined)}
              error={err('attendedPupils', 'attendance')}
            />
            <TextField
              label={t('bookings.attendance.attendedChaperones')}
              name="attendedChaperones"
              inputMode="numeric"
              required
              defaultValue={attendanceValue(
                'attendedChaperones',
                recorded ? String(recorded.chaperones) : undefined,
              )}
              error={err('attendedChaperones', 'attendance')}
            />
            <TextField
              label={t('bookings.attendance.chargedPricePerPupil')}
              name="chargedPricePerPupil"
              inputMode="decimal"
              required
              defaultValue={attendanceValue(
                'chargedPricePerPupil',
                yuanText(recorded?.pupilPrice ?? promised?.pupil),
              )}
              error={err('chargedPricePerPupil', 'attendance')}
            />
            <TextField
              label={t('bookings.attendance.chargedPricePerChaperone')}
              name="chargedPricePerChaperone"
              inputMode="decimal"
              required
              defaultValue={attendanceValue(
                'chargedPricePerChaperone',
                yuanText(recorded?.chaperonePrice ?? promised?.chaperone),
              )}
              error={err('chargedPricePerChaperone', 'attendance')}
            />
          </div>
          {overcharge && confirmCharges ? (
            // A charge above the promise is reported to the bureau: asked once more, so that a typo is not.
            <>
              <Alert tone="warn">{overcharge}</Alert>
              <CheckboxField
                // Amounts changed after a tick are asked about afresh: the box comes back unticked, not still ticked
                // for amounts the person has not confirmed.
                key={confirmCharges}
                id="confirm-overcharge"
                label={t('bookings.attendance.confirmOvercharge')}
                name="confirmOvercharge"
                value={confirmCharges}
              />
            </>
          ) : null}
          <Button>{t('bookings.attendance.submit')}</Button>
        </Form>
      ) : null}
      {actions.includes('feedback') ? (
        // The server says what is missing, at the field and in the page's language (not the browser's own bubble).
        <Form method="post" className="form" aria-labelledby="feedback-title" noValidate>
          <h2 id="feedback-title">{t('bookings.feedback.title')}</h2>
          <input type="hidden" name="intent" value="feedback" />
          <RatingField
            id="feedback-rating"
            label={t('bookings.feedback.rating')}
            stars={(n) => t('bookings.feedback.stars', { n })}
            defaultValue={intent === 'feedback' ? typed?.rating : undefined}
            error={err('rating', 'feedback')}
          />
          <TextArea
            label={t('bookings.feedback.text')}
            name="feedback"
            id="feedback-text"
            rows={3}
            maxLength={2000}
            defaultValue={intent === 'feedback' ? typed?.feedback : undefined}
            hint={t('bookings.feedback.hint')}
            error={err('feedback', 'feedback')}
          />
          <Button>{t('bookings.feedback.submit')}</Button>
        </Form>
      ) : null}
      {/* A request still waiting for this side's answer is declined, not cancelled: one way to say no, not two. */}
      {actions.includes('cancel') && !actions.includes('decline') ? (
        // Cancelling gives the seats away at once: a fold of its own, a reason and a ticked box before it happens.
        <ConfirmFold
          className="booking-cancel"
          // Plain text: a heading inside <summary> is dropped by screen readers (the summary is a button).
          summary={<span id="cancel-title">{t('bookings.cancel.title')}</span>}
          fields={{ intent: 'cancel' }}
          lead={t(side === 'venue' ? 'bookings.cancel.leadVenue' : 'bookings.cancel.leadSchool')}
          confirmId="cancel-confirm"
          confirmLabel={t('bookings.cancel.confirm')}
          submit={t('bookings.cancel.submit')}
          error={err('confirm', 'cancel')}
          open={intent === 'cancel' && errors !== undefined}
        >
          <TextArea
            label={t('bookings.cancel.reason')}
            name="reason"
            id="cancel-reason"
            required
            rows={2}
            maxLength={500}
            defaultValue={intent === 'cancel' ? typed?.reason : undefined}
            error={err('reason', 'cancel')}
          />
        </ConfirmFold>
      ) : null}
    </div>
  );
}

export interface BookingFactsData extends TripRow {
  teacherName: string;
  contactName: string;
  contactPhone: string;
  notes: string;
  pupilsWithDisabilities: number;
  leftBehindPupils: number;
  seats: number;
  priority: boolean;
  endsAt: string | Date;
  promisedPricePerPupil: number;
  promisedPricePerChaperone: number;
  attendedPupils: number | null;
  attendedChaperones: number | null;
  chargedPricePerPupil: number | null;
  chargedPricePerChaperone: number | null;
  priceFlagged?: boolean;
  reason: string | null;
  venueEmergencyContact: string;
  venueAddress: string;
  /** How far the venue's point can be trusted (ADR 018), with its 旗县 to name where it is without an address. */
  venuePlace?: VenuePlace;
  venueRegionCode?: string;
  venueRegionName?: string;
  feedbackRating?: number | null;
  feedbackText?: string | null;
}

/** Everything about one booking, in counts (never a pupil's name). */
export function BookingFacts({ b }: { b: BookingFactsData }) {
  const { t, format } = useI18n();
  const placeName = useRegionName();
  // Without an address, the 旗县 says where to go; a point that is not the venue's own says so.
  const where =
    b.venueAddress ||
    (b.venueRegionCode && b.venueRegionName
      ? placeName({ code: b.venueRegionCode, name: b.venueRegionName })
      : '');
  const price = (fen: number) => priceOrFree(t, format, fen);
  return (
    <>
      {/* The page's main content has a heading of its own, for those who move by headings (the steps below have theirs). */}
      <h2 className="visually-hidden">{t('bookings.detail.facts')}</h2>
      <dl className="facts">
        <dt>{t('bookings.trips.when')}</dt>
        <dd>
          {format.dateTime(b.startsAt)}–{format.time(b.endsAt)}
        </dd>
        <dt>{t('bookings.trips.venue')}</dt>
        <dd>
          {b.venueName}
          {where ? ` · ${where}` : ''}
          {b.venuePlace && b.venuePlace !== 'exact' ? (
            <span className="muted" data-testid="venue-place">
              {' '}
              ·{' '}
              {t(
                b.venuePlace === 'unknown'
                  ? 'bookings.detail.placeUnknown'
                  : 'bookings.detail.placeApproximate',
              )}
            </span>
          ) : null}
        </dd>
        <dt>{t('bookings.detail.school')}</dt>
        <dd>
          {b.schoolName}
          {b.priority ? <span className="muted"> · {t('bookings.detail.priority')}</span> : null}
        </dd>
        <dt>{t('bookings.detail.teacher')}</dt>
        <dd>{b.teacherName}</dd>
        <dt>{t('bookings.detail.contact')}</dt>
        <dd>
          {b.contactName} <span className="tel">{b.contactPhone}</span>
        </dd>
        <dt>{t('bookings.detail.grade')}</dt>
        <dd>{t(`grade.${b.grade}` as 'grade.1')}</dd>
        <dt>{t('bookings.detail.pupils')}</dt>
        <dd>{format.number(b.pupils)}</dd>
        <dt>{t('bookings.detail.chaperones')}</dt>
        <dd>{format.number(b.chaperones)}</dd>
        <dt>{t('bookings.detail.disabilities')}</dt>
        <dd>{format.number(b.pupilsWithDisabilities)}</dd>
        <dt>{t('bookings.detail.leftBehind')}</dt>
        <dd>{format.number(b.leftBehindPupils)}</dd>
        {/* One label whatever the status: the value says when the seats are not held (waitlisted, released). */}
        <dt>{t('bookings.detail.seats')}</dt>
        <dd>
          {b.status === 'waitlisted'
            ? t('bookings.detail.seatsWaiting', { seats: format.number(b.seats) })
            : b.status === 'declined' || b.status === 'cancelled' || b.status === 'lapsed'
              ? t('bookings.detail.seatsReleased', { seats: format.number(b.seats) })
              : format.number(b.seats)}
        </dd>
        <dt>{t('bookings.detail.promised')}</dt>
        <dd>
          {price(b.promisedPricePerPupil)} / {price(b.promisedPricePerChaperone)}
        </dd>
        {b.attendedPupils !== null ? (
          <>
            <dt>{t('bookings.detail.attendance')}</dt>
            <dd>
              {format.number(b.attendedPupils)} / {format.number(b.attendedChaperones ?? 0)}
            </dd>
            <dt>{t('bookings.detail.charged')}</dt>
            <dd>
              {price(b.chargedPricePerPupil ?? 0)} / {price(b.chargedPricePerChaperone ?? 0)}
            </dd>
          </>
        ) : null}
        {b.holdUntil && (b.status === 'requested' || b.status === 'school_approved') ? (
          <>
            <dt>{t('bookings.detail.holdUntil')}</dt>
            <dd>{format.dateTime(b.holdUntil)}</dd>
          </>
        ) : null}
        {b.reason ? (
          <>
            <dt>{t('bookings.detail.reason')}</dt>
            <dd>{b.reason}</dd>
          </>
        ) : null}
        {b.notes ? (
          <>
            <dt>{t('bookings.detail.notes')}</dt>
            <dd>{b.notes}</dd>
          </>
        ) : null}
        {b.feedbackRating ? (
          <>
            <dt>{t('bookings.feedback.given')}</dt>
            <dd>
              {t('bookings.feedback.stars', { n: b.feedbackRating })}
              {b.feedbackText ? <span className="block-text">{b.feedbackText}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** The calendar file and the printable trip sheet of a confirmed (or held) trip. */
export function TripDocuments({
  id,
  status,
  side,
}: {
  id: string;
  status: BookingStatus;
  side: BookingSide;
}) {
  const { t } = useI18n();
  if (status !== 'confirmed' && status !== 'attended') return null;
  return (
    <div className="actions-row trip-documents">
      <a className="btn btn-secondary" href={`/bookings/${id}/trip-sheet.pdf`}>
        {t('bookings.detail.tripSheet')}
      </a>
      <a className="btn btn-secondary" href={`/bookings/${id}/calendar.ics`}>
        {t('bookings.detail.ics')}
      </a>
      <a className="btn btn-quiet" href="/calendars">
        {t(side === 'venue' ? 'bookings.detail.feedsVenue' : 'bookings.detail.feedsSchool')}
      </a>
    </div>
  );
}
