// Pieces of the invitation pages (speaker's home, invitation page, outreach desk): times, status, the answer forms.
import { Form, Link, useFormAction, useNavigation } from '@remix-run/react';
import { type ReactNode, useMemo, useState } from 'react';
import { type DeclineSide, declineReasons } from '#app/domain/speakers/decline-reasons.ts';
import type { Formatters, MessageKey, TFunction } from '#app/i18n/index.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import type { InvitationStatus } from '#db/schema/enums.ts';
import { Alert, Badge, Button, RatingField, SelectField, TextArea, TextField } from './ui.tsx';

type Instant = Date | string;

/** "3月11日周一 10:00–11:00" / "Monday 11 March 10:00–11:00", in Asia/Shanghai. */
export function useSlotFormat() {
  const { locale } = useI18n();
  return useMemo(() => {
    const tag = locale === 'zh' ? 'zh-CN' : 'en-GB';
    const timeZone = 'Asia/Shanghai';
    const day = new Intl.DateTimeFormat(tag, { timeZone, month: 'long', day: 'numeric', weekday: 'long' });
    const time = new Intl.DateTimeFormat(tag, {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    return (startsAt: Instant, endsAt: Instant) =>
      `${day.format(new Date(startsAt))} ${time.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`;
  }, [locale]);
}

/**
 * Grades named and listed the locale's way: 一年级、二年级 (Grade 1, Grade 2); three or more in a row as one range,
 * 五年级至高三 (Grade 5 to Grade 12), so that a phone does not wrap eight grade names over four lines.
 */
export function gradeList(
  grades: readonly number[],
  { t, format }: { t: TFunction; format: Pick<Formatters, 'list'> },
): string {
  const name = (g: number) => t(`grade.${g}` as MessageKey);
  const runs: [number, number][] = [];
  for (const g of [...new Set(grades)].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && g === last[1] + 1) last[1] = g;
    else runs.push([g, g]);
  }
  return format.list(
    runs.flatMap(([from, to]) =>
      to - from >= 2
        ? [t('bookings.book.gradeRange', { from: name(from), to: name(to) })]
        : from === to
          ? [name(from)]
          : [name(from), name(to)],
    ),
  );
}

const statusTone: Record<InvitationStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  pending: 'warn',
  countered: 'info',
  scheduled: 'good',
  declined: 'bad',
  expired: 'neutral',
  cancelled: 'neutral',
  completed: 'good',
};

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  const { t } = useI18n();
  return <Badge tone={statusTone[status]}>{t(`invitationStatus.${status}`)}</Badge>;
}

export interface AnswerFeedback {
  ok: boolean;
  intent: string | null;
  invitationId: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
}

/** Up to three date + start-time rows (the length comes from the topic or program). */
export function SlotFields({
  errors,
  defaults = [],
  idPrefix = '',
}: {
  errors?: Record<string, string>;
  defaults?: { date: string; time: string }[];
  idPrefix?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="slot-rows">
      <p className="field-hint">{t('invitation.form.timesHint')}</p>
      {[1, 2, 3].map((n) => (
        <fieldset key={n} className="slot-row">
          <legend>{t('invitation.form.slotN', { n })}</legend>
          <TextField
            label={t('invitation.form.date')}
            name={`date${n}`}
            id={`${idPrefix}date${n}`}
            type="date"
            defaultValue={defaults[n - 1]?.date}
            required={n === 1}
            error={errors?.[`date${n}`]}
          />
          <TextField
            label={t('invitation.form.time')}
            name={`time${n}`}
            id={`${idPrefix}time${n}`}
            type="time"
            step={300}
            defaultValue={defaults[n - 1]?.time}
            required={n === 1}
            error={errors?.[`time${n}`]}
          />
        </fieldset>
      ))}
    </div>
  );
}

export interface SlotChoice {
  id: string;
  startsAt: Instant;
  endsAt: Instant;
  status: 'open' | 'accepted' | 'withdrawn';
  proposedBy: 'teacher' | 'host';
  blocked: 'taken' | 'full' | 'unvetted' | null;
  acceptable: boolean;
}

function FormErrors({ fields }: { fields?: Record<string, string> }) {
  const { t } = useI18n();
  if (!fields || Object.keys(fields).length === 0) return null;
  return (
    <Alert tone="bad" title={t('validation.formTitle')}>
      {fields._form ?? fields.slot ?? null}
    </Alert>
  );
}

/**
 * Everything one side can answer, on one screen: one large button per time that may be accepted, then "other times",
 * "decline", "cancel" or "feedback" as folded forms. Plain forms: they work without JavaScript. The forms with fields
 * are noValidate: the server's message in the page's language is what people see, kept beside what they typed, not
 * the browser's pop-up in the browser's language that vanishes.
 */
export function AnswerPanel({
  invitationId,
  slots,
  actions,
  feedback,
  holdsSlotsFromTeacher,
  declineSide,
  counterHint,
}: {
  invitationId: string;
  slots: SlotChoice[];
  actions: readonly string[];
  feedback?: AnswerFeedback;
  /** The host answers the teacher's slots; the teacher answers the host's counter-proposals. */
  holdsSlotsFromTeacher: boolean;
  /** Whose reasons the decline form offers: a speaker's, or a venue's for an outreach request. */
  declineSide: DeclineSide;
  /** What new times must fit, shown at the top of the counter form (the speaker's hours, to a teacher). */
  counterHint?: ReactNode;
}) {
  const { t, format } = useI18n();
  const when = useSlotFormat();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formData?.get('invitationId') === invitationId;
  const mine = feedback && feedback.invitationId === invitationId ? feedback : undefined;
  const errorsFor = (intent: string) =>
    mine && !mine.ok && mine.intent === intent ? mine.fields : undefined;
  const typed = (intent: string, name: string) =>
    mine && !mine.ok && mine.intent === intent ? mine.values?.[name] : undefined;
  const acceptable = slots.filter((s) => s.acceptable);
  // A time is accepted with a second tap on the same button, which first asks "确认接受…？" (with a way back): one
  // stray tap on a phone does not commit a speaker to a day. Without JavaScript the first press sends it.
  const [confirming, setConfirming] = useState<string | null>(null);
  // The speaker answering the school's times reads about their own month, not "the speaker's".
  const speakerAnswers = holdsSlotsFromTeacher && declineSide === 'speaker';
  // Each form posts back to this page with its own place as the fragment: a refused answer comes back with the browser
  // at its message and fields (further down, in a fold), not at the top of the page, even without JavaScript.
  const pageAction = useFormAction();
  const spot = (intent: string) => `answer-${invitationId}-${intent}`;
  const actionTo = (intent: string) => `${pageAction}#${spot(intent)}`;
  return (
    <div className="answer-panel">
      {actions.includes('accept') && acceptable.length > 0 ? (
        <div className="accept-list" id={spot('accept')}>
          <p className="answer-prompt">
            {holdsSlotsFromTeacher ? t('invitation.answer.pickOne') : t('invitation.answer.pickCounter')}
          </p>
          <FormErrors fields={errorsFor('accept')} />
          {acceptable.map((slot) => (
            <Form method="post" action={actionTo('accept')} key={slot.id} className="accept-form">
              <input type="hidden" name="invitationId" value={invitationId} />
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="slot" value={slot.id} />
              <Button
                size="large"
                className="accept-button"
                disabled={busy || slot.blocked !== null}
                onClick={(event) => {
                  if (confirming === slot.id) return;
                  event.preventDefault();
                  setConfirming(slot.id);
                }}
              >
                {t(confirming === slot.id ? 'invitation.answer.confirmAccept' : 'invitation.answer.accept', {
                  // On a phone the line breaks before the times, never inside "08:30–09:15" (word joiners hold it).
                  when: when(slot.startsAt, slot.endsAt).replaceAll('–', '\u2060–\u2060'),
                })}
              </Button>
              {confirming === slot.id ? (
                <Button type="button" variant="secondary" size="large" onClick={() => setConfirming(null)}>
                  {t('invitation.answer.notThisTime')}
                </Button>
              ) : null}
              {slot.blocked ? (
                <p className="field-hint">
                  {slot.blocked === 'unvetted'
                    ? // Other times would not help: the badge is the bureau's to give back.
                      t(
                        speakerAnswers
                          ? 'invitation.answer.blockedUnvettedSelf'
                          : 'invitation.answer.blockedUnvetted',
                      )
                    : format.sentences(
                        slot.blocked === 'taken'
                          ? t('invitation.answer.blockedTaken')
                          : declineSide !== 'speaker'
                            ? t('invitation.answer.blockedFullVenue')
                            : speakerAnswers
                              ? t('invitation.answer.blockedFullSelf')
                              : t('invitation.answer.blockedFullSpeaker'),
                        actions.includes('counter') ? t('invitation.answer.blockedProposeOthers') : '',
                      )}
                  {/* The speaker's own limit: where to change it, if the month may take one more. */}
                  {slot.blocked === 'full' && speakerAnswers ? (
                    <>
                      {' '}
                      <Link to="/speaker/profile">{t('invitation.answer.changeCap')}</Link>
                    </>
                  ) : null}
                </p>
              ) : null}
            </Form>
          ))}
        </div>
      ) : null}
      {actions.includes('counter') ? (
        <Fold
          id={spot('counter')}
          title={
            holdsSlotsFromTeacher
              ? t('invitation.answer.counterTitle')
              : t('invitation.answer.counterTitleTeacher')
          }
          open={Boolean(errorsFor('counter'))}
        >
          <Form method="post" action={actionTo('counter')} className="form" noValidate>
            <input type="hidden" name="invitationId" value={invitationId} />
            <input type="hidden" name="intent" value="counter" />
            {counterHint}
            <FormErrors fields={errorsFor('counter')} />
            <SlotFields
              errors={errorsFor('counter')}
              idPrefix={`c-${invitationId.slice(0, 8)}-`}
              defaults={[1, 2, 3].map((n) => ({
                date: typed('counter', `date${n}`) ?? '',
                time: typed('counter', `time${n}`) ?? '',
              }))}
            />
            <TextArea
              label={
                holdsSlotsFromTeacher
                  ? t('invitation.answer.counterNote')
                  : t('invitation.answer.counterNoteTeacher')
              }
              name="note"
              id={`c-${invitationId.slice(0, 8)}-note`}
              rows={2}
              maxLength={500}
              defaultValue={typed('counter', 'note')}
              error={errorsFor('counter')?.note}
            />
            <Button variant="secondary" disabled={busy}>
              {t('invitation.answer.counterSubmit')}
            </Button>
          </Form>
        </Fold>
      ) : null}
      {actions.includes('decline') ? (
        <Fold
          id={spot('decline')}
          title={t('invitation.answer.declineTitle')}
          open={Boolean(errorsFor('decline'))}
        >
          {/* No reason chosen for them: one tap must not send a reason never picked. The server asks for it. */}
          <Form method="post" action={actionTo('decline')} className="form" noValidate>
            <input type="hidden" name="invitationId" value={invitationId} />
            <input type="hidden" name="intent" value="decline" />
            <FormErrors fields={errorsFor('decline')} />
            <SelectField
              label={t('invitation.answer.declineReason')}
              name="reasonCode"
              id={`d-${invitationId.slice(0, 8)}-reason`}
              required
              defaultValue={typed('decline', 'reasonCode') ?? ''}
              options={[
                { value: '', label: t('common.choose') },
                ...declineReasons[declineSide].map(({ code, label }) => ({ value: code, label: t(label) })),
              ]}
              error={errorsFor('decline')?.reasonCode}
            />
            <TextArea
              label={t('invitation.answer.declineDetail')}
              name="detail"
              id={`d-${invitationId.slice(0, 8)}-detail`}
              rows={2}
              maxLength={400}
              defaultValue={typed('decline', 'detail')}
              error={errorsFor('decline')?.detail}
            />
            <Button variant="danger" disabled={busy}>
              {t('invitation.answer.declineSubmit')}
            </Button>
          </Form>
        </Fold>
      ) : null}
      {actions.includes('complete') ? (
        <Fold id={spot('complete')} title={t('invitation.answer.completeTitle')} open>
          <Form method="post" action={actionTo('complete')} className="form" noValidate>
            <input type="hidden" name="invitationId" value={invitationId} />
            <input type="hidden" name="intent" value="complete" />
            <FormErrors fields={errorsFor('complete')} />
            <RatingField
              id={`r-${invitationId.slice(0, 8)}-rating`}
              defaultValue={typed('complete', 'rating')}
              label={t('invitation.answer.rating')}
              stars={(n) => t('invitation.answer.stars', { n })}
              error={errorsFor('complete')?.rating}
            />
            <TextArea
              label={t('invitation.answer.feedback')}
              name="feedback"
              id={`r-${invitationId.slice(0, 8)}-feedback`}
              rows={3}
              maxLength={2000}
              required
              defaultValue={typed('complete', 'feedback')}
              error={errorsFor('complete')?.feedback}
            />
            <Button disabled={busy}>{t('invitation.answer.completeSubmit')}</Button>
          </Form>
        </Fold>
      ) : null}
      {actions.includes('cancel') ? (
        <Fold
          id={spot('cancel')}
          title={t('invitation.answer.cancelTitle')}
          open={Boolean(errorsFor('cancel'))}
        >
          <Form method="post" action={actionTo('cancel')} className="form" noValidate>
            <input type="hidden" name="invitationId" value={invitationId} />
            <input type="hidden" name="intent" value="cancel" />
            <FormErrors fields={errorsFor('cancel')} />
            <TextArea
              label={t('invitation.answer.cancelReason')}
              name="reason"
              id={`x-${invitationId.slice(0, 8)}-reason`}
              rows={2}
              maxLength={500}
              required
              defaultValue={typed('cancel', 'reason')}
              error={errorsFor('cancel')?.reason}
            />
            <Button variant="danger" disabled={busy}>
              {t('invitation.answer.cancelSubmit')}
            </Button>
          </Form>
        </Fold>
      ) : null}
    </div>
  );
}

function Fold({
  id,
  title,
  open,
  children,
}: {
  id?: string;
  title: ReactNode;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="fold" id={id} open={open}>
      <summary>{title}</summary>
      <div className="fold-body">{children}</div>
    </details>
  );
}

/** After a successful answer the page comes back with `?done=<intent>`: say so. */
export function DoneNotice({ done, byTeacher = false }: { done: string | null; byTeacher?: boolean }) {
  const { t } = useI18n();
  if (!done || !['accept', 'decline', 'counter', 'cancel', 'complete', 'sent', 'requested'].includes(done)) {
    return null;
  }
  if (done === 'counter' && byTeacher)
    return <Alert tone="good">{t('invitation.done.counterByTeacher')}</Alert>;
  return <Alert tone="good">{t(`invitation.done.${done as 'accept'}`)}</Alert>;
}

/**
 * Engagements per month as bars, with the monthly cap as a dashed line. Plain text rows rather than a drawing, so that
 * the month names and numbers are page-sized text on a phone and grow with the reader's font size.
 */
export function LoadChart({
  months,
  cap,
  title,
}: {
  months: { month: string; engagements: number }[];
  cap: number;
  title: string;
}) {
  const { t, format } = useI18n();
  const top = Math.max(cap, ...months.map((m) => m.engagements), 1);
  const share = (n: number) => `${(n / top) * 100}%`;
  return (
    <figure className="load-chart">
      <ol className="load-bars" aria-label={title}>
        {months.map((m) => (
          <li key={m.month}>
            <span className="load-month">{format.month(m.month)}</span>
            <span className="load-track" aria-hidden="true">
              <span
                className={m.engagements >= cap ? 'load-bar load-bar-full' : 'load-bar'}
                style={{ width: share(m.engagements) }}
              />
              <span className="load-cap" style={{ left: share(cap) }} />
            </span>
            <span className="load-count">{format.number(m.engagements)}</span>
          </li>
        ))}
      </ol>
      <figcaption>{t('speakers.home.chartCaption', { cap })}</figcaption>
    </figure>
  );
}

/** A speaker's weekly hours and days off, as a teacher choosing times reads them. */
export function SpeakerHours({
  weeklyAvailability,
  blackoutDates,
}: {
  weeklyAvailability: readonly { weekday: number; from: string; to: string }[];
  blackoutDates: readonly string[];
}) {
  const { t, format } = useI18n();
  return (
    <div className="speaker-hours">
      <h3>{t('invitation.new.availability')}</h3>
      <p>
        {weeklyAvailability.length
          ? format.list(
              weeklyAvailability.map(
                (w) => `${t(`speakers.weekday.${w.weekday}` as MessageKey)} ${w.from}–${w.to}`,
              ),
            )
          : t('invitation.new.anyTime')}
      </p>
      {blackoutDates.length ? (
        <p className="muted">{t('invitation.new.blackout', { dates: format.list([...blackoutDates]) })}</p>
      ) : null}
    </div>
  );
}
