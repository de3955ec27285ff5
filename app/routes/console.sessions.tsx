import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { type ReactNode, useEffect } from 'react';
import { DisclosureToggle, useDisclosure } from '#app/components/disclosure.tsx';
import {
  Alert,
  Badge,
  Button,
  ButtonLink,
  Card,
  CheckboxField,
  CheckboxGroup,
  ConfirmFold,
  EmptyState,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { seatsLeftOf } from '#app/domain/bookings/views.server.ts';
import { listPrograms } from '#app/domain/venues/programs.server.ts';
import {
  SeriesEndSchema,
  SeriesExceptionSchema,
  SeriesFormSchema,
  SessionCancelConfirmSchema,
  SessionCapacityFormSchema,
  SessionDetailsFormSchema,
  SessionFormSchema,
  weekdayCodes,
} from '#app/domain/venues/schemas.ts';
import {
  addSeriesException,
  cancelSession,
  createSeries,
  createSession,
  endSeries,
  listVenueSeries,
  listVenueSessions,
  type SessionFailure,
  sessionValuesFromForm,
  updateSession,
} from '#app/domain/venues/sessions.server.ts';
import { getFormatters, type MessageKey } from '#app/i18n/index.ts';
import {
  consoleErrorStatus,
  consoleFormErrors,
  requireConsoleVenue,
  sessionFailureParams,
} from '#app/utils/console.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { isCalendarDay } from '#app/utils/form-dates.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { addDays, DAY, parseShanghaiDay, shanghaiDay, shanghaiParts, shanghaiTime } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'manage:session:own');
  const t = await getServerT(request);
  const now = context.clock.now();
  const today = shanghaiDay(now);
  // The list shows 91 days from `?from=` (today when absent, unreadable or past), so sessions further ahead — a
  // series for next spring — can be found and changed too.
  const asked = new URL(request.url).searchParams.get('from') ?? '';
  const fromDay = isCalendarDay(asked) && asked > today ? asked : today;
  const from = parseShanghaiDay(fromDay);
  const [programs, sessions, series] = await Promise.all([
    listPrograms(context.db, actor, venueId),
    listVenueSessions(context.db, actor, venueId, { from, to: new Date(from.getTime() + LIST_DAYS * DAY) }),
    listVenueSeries(context.db, actor, venueId, now),
  ]);
  if (!programs.ok) throw new Response('Not found', { status: consoleErrorStatus(programs.error) });
  if (!sessions.ok) throw new Response('Not found', { status: consoleErrorStatus(sessions.error) });
  if (!series.ok) throw new Response('Not found', { status: consoleErrorStatus(series.error) });
  return {
    pageTitle: `${t('console.sessions.title')} · ${t('site.name')}`,
    programs: programs.programs
      .filter((p) => p.active && p.delivery === 'onsite')
      .map((p) => ({ id: p.id, title: p.title, durationMinutes: p.durationMinutes })),
    // Each with its seats left, and of them those still held back for priority schools (the booking rule's figure).
    sessions: sessions.sessions.map((s) => {
      const seats = seatsLeftOf(s, now);
      return {
        ...s,
        seatsLeft: seats.seatsLeft,
        heldBack: seats.heldBack?.seats ?? 0,
        greenSeatsHeld: seats.green?.held ?? 0,
        greenReleased: s.greenReleaseAt !== null && s.greenReleaseAt <= now,
      };
    }),
    series: series.series,
    today,
    listWindow: {
      from: fromDay,
      earlier: fromDay > today ? maxDay(today, addDays(fromDay, -LIST_DAYS)) : null,
      later: addDays(fromDay, LIST_DAYS),
    },
  };
}

/** How many days the list of sessions covers at a time. */
const LIST_DAYS = 91;

const maxDay = (a: string, b: string) => (a > b ? a : b);

/** The labels of the forms' fields, so that the summary above the page says which field each message is about. */
const FIELD_LABELS = {
  programId: 'console.sessions.program',
  date: 'console.sessions.date',
  startTime: 'console.sessions.startTime',
  endTime: 'console.sessions.endTime',
  firstDate: 'console.sessions.firstDate',
  untilDate: 'console.sessions.untilDate',
  frequency: 'console.sessions.frequency',
  interval: 'console.sessions.interval',
  weekdays: 'console.sessions.weekdays',
  exceptionDates: 'console.sessions.exceptions',
  capacity: 'console.sessions.capacity',
  greenChannelSeats: 'console.sessions.greenSeats',
  greenReleaseDays: 'console.sessions.greenRelease',
  greenReleaseDate: 'console.sessions.releaseDate',
  greenReleaseTime: 'console.sessions.releaseTime',
  title: 'console.sessions.sessionTitle',
  lastDay: 'console.series.lastDay',
} as const satisfies Record<string, MessageKey>;

/** A form's messages in the order its fields stand on the page (FIELD_LABELS), the rest after them. */
function inFormOrder(fields: Record<string, string>): [string, string][] {
  const order: readonly string[] = Object.keys(FIELD_LABELS);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b));
}

type Intent = 'single' | 'series' | 'capacity' | 'details' | 'cancel' | 'skip' | 'end';

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireConsoleVenue(request, context, 'manage:session:own');
  const t = await getServerT(request);
  const format = getFormatters(await getLocale(request));
  const form = formToObject(await request.formData());
  const intent = String(form.intent ?? '') as Intent;
  const now = context.clock.now();
  const query = new URL(request.url).searchParams;
  const venueQuery = query.get('venue');
  const back = (params: Record<string, string>) =>
    `/console/sessions?${new URLSearchParams({ ...(venueQuery ? { venue: venueQuery } : {}), ...params })}`;
  // A change to a listed session goes back to the list as it was shown (a session months ahead stays in view).
  const listFrom = query.get('from');
  const sameWindow: Record<string, string> = listFrom ? { from: listFrom } : {};
  // A row's change lands back at that row (the list may hold dozens), where its notice names the session.
  const backToRow = (done: 'capacity' | 'details', sessionId: string) =>
    `${back({ done, session: sessionId, ...sameWindow })}#session-${sessionId}`;
  const text = (name: string) => (typeof form[name] === 'string' ? form[name] : null);
  const refused = (
    fields: Record<string, string>,
    status: number,
    booked: { id: string; startsAt: Date; liveBookings: number }[] = [],
  ) =>
    data(
      {
        intent,
        sessionId: text('sessionId'),
        seriesId: text('seriesId'),
        lastDay: text('lastDay'),
        fields,
        booked,
      },
      { status },
    );
  /** A domain refusal at its form field, naming what it is about (the session already there, the booked days). */
  const failed = (result: SessionFailure, field: string | undefined) =>
    refused(
      consoleFormErrors(t, result.error, field, sessionFailureParams(result, t, format)),
      consoleErrorStatus(result.error),
      // Booked sessions in the way: each links to its groups, where every booking opens to be cancelled.
      result.error === 'series_has_bookings'
        ? (result.sessions ?? []).map((s) => ({
            id: s.id,
            startsAt: s.startsAt,
            liveBookings: s.liveBookings ?? 0,
          }))
        : // The session itself (calling it off, leaving its day out, moving it), its bookings not counted here.
          result.error === 'session_has_bookings' && text('sessionId')
          ? [{ id: text('sessionId') as string, startsAt: now, liveBookings: 0 }]
          : [],
    );
  /**
   * A day before today, said with the form's other errors rather than after they are mended: the domain refuses it
   * only once the form reads (`in_past`). Today itself is left to the domain, which compares the start time.
   */
  const withPastDay = (fields: Record<string, string>, name: 'date' | 'firstDate') => {
    const typed = text(name);
    return !fields[name] && typed && isCalendarDay(typed) && typed < shanghaiDay(now)
      ? { ...fields, [name]: t('console.error.in_past') }
      : fields;
  };

  switch (intent) {
    case 'single': {
      const parsed = parseInput(SessionFormSchema, form, t);
      if (!parsed.ok) return refused(withPastDay(parsed.fields, 'date'), 400);
      const { programId, ...rest } = parsed.data;
      const result = await createSession(context.db, actor, programId, sessionValuesFromForm(rest), now);
      if (!result.ok) return failed(result, formField(result));
      // A session beyond the list's first 91 days brings the list to its day.
      const beyond = parsed.data.date >= addDays(shanghaiDay(now), LIST_DAYS);
      return redirect(
        back({
          done: 'single',
          created: result.session.id,
          ...(beyond ? { from: parsed.data.date } : {}),
          ...overlapParams(result.overlapping),
        }),
      );
    }
    case 'series': {
      const parsed = parseInput(SeriesFormSchema, form, t);
      if (!parsed.ok) return refused(withPastDay(parsed.fields, 'firstDate'), 400);
      const result = await createSeries(context.db, actor, parsed.data, now);
      if (!result.ok) return failed(result, formField(result, 'series'));
      // The list starts at the series' first day, so that its sessions are the ones in view.
      return redirect(
        back({
          done: 'series',
          count: String(result.sessions),
          created: result.seriesId,
          from: parsed.data.firstDate,
          // Exception days the series does not run on anyway: said, so a mistyped holiday is noticed.
          ...(result.unusedExceptions.length ? { unused: result.unusedExceptions.join(' ') } : {}),
          ...overlapParams(result.overlapping),
        }),
      );
    }
    case 'capacity': {
      const parsed = parseInput(SessionCapacityFormSchema, form, t);
      if (!parsed.ok) return refused(parsed.fields, 400);
      const { sessionId, ...patch } = parsed.data;
      const result = await updateSession(context.db, actor, sessionId, patch, now, {
        publicUrl: siteUrl(context.config),
      });
      if (!result.ok) return failed(result, result.field);
      return redirect(backToRow('capacity', sessionId));
    }
    case 'details': {
      const parsed = parseInput(SessionDetailsFormSchema, form, t);
      if (!parsed.ok) return refused(parsed.fields, 400);
      const { sessionId, greenReleaseDate, greenReleaseTime, title, ...rest } = parsed.data;
      const [y, m, d] = (greenReleaseDate ?? '').split('-').map(Number) as [number, number, number];
      const [hh, mm] = (greenReleaseTime ?? '00:00').split(':').map(Number) as [number, number];
      const result = await updateSession(
        context.db,
        actor,
        sessionId,
        {
          ...rest,
          title: title ?? null,
          greenReleaseAt: greenReleaseDate ? shanghaiTime(y, m, d, hh, mm) : null,
        },
        now,
        { publicUrl: siteUrl(context.config) },
      );
      // This form asks for a date and a time, not days ahead: its own words for a release already past.
      if (!result.ok && result.error === 'green_release_past')
        return refused(
          { greenReleaseDate: t('console.sessions.releasePast') },
          consoleErrorStatus(result.error),
        );
      if (!result.ok)
        return failed(result, result.field === 'greenReleaseAt' ? 'greenReleaseDate' : result.field);
      return redirect(backToRow('details', sessionId));
    }
    case 'cancel': {
      const confirmed = parseInput(SessionCancelConfirmSchema, form, t);
      if (!confirmed.ok) return refused(confirmed.fields, 400);
      const result = await cancelSession(context.db, actor, String(form.sessionId ?? ''), now);
      if (!result.ok) return failed(result, undefined);
      return redirect(back({ done: 'cancelled', ...sameWindow }));
    }
    case 'skip': {
      const confirmed = parseInput(SessionCancelConfirmSchema, form, t);
      if (!confirmed.ok) return refused(confirmed.fields, 400);
      const parsed = parseInput(SeriesExceptionSchema, form, t);
      if (!parsed.ok) return refused(parsed.fields, 400);
      const result = await addSeriesException(context.db, actor, parsed.data.seriesId, parsed.data.date, now);
      if (!result.ok) return failed(result, undefined);
      return redirect(back({ done: 'skipped', ...sameWindow }));
    }
    case 'end': {
      const parsed = parseInput(SeriesEndSchema, form, t);
      const confirmed = parseInput(SessionCancelConfirmSchema, form, t);
      if (!parsed.ok || !confirmed.ok)
        return refused(
          { ...(parsed.ok ? {} : parsed.fields), ...(confirmed.ok ? {} : confirmed.fields) },
          400,
        );
      const { seriesId, lastDay } = parsed.data;
      const result = await endSeries(context.db, actor, seriesId, lastDay, now);
      if (!result.ok) return failed(result, formField(result));
      return redirect(
        back({ done: 'ended', count: String(result.calledOff), until: lastDay, ...sameWindow }),
      );
    }
    default:
      return refused({ _form: t('validation.invalid') }, 400);
  }
}

/**
 * The program's sessions at overlapping times, for the notice after a creation: the first three start times and
 * how many in all. Accepted (two rooms may run at once), but the operator may have meant to move one instead.
 */
function overlapParams(overlapping: { startsAt: Date }[]): Record<string, string> {
  if (overlapping.length === 0) return {};
  return {
    overlaps: overlapping
      .slice(0, 3)
      .map((s) => s.startsAt.toISOString())
      .join(' '),
    overlapCount: String(overlapping.length),
  };
}

/** The domain names instants (`startsAt`); the forms ask for a date (the series: a first date) and times. */
function formField(
  { error, field }: SessionFailure,
  form: 'single' | 'series' = 'single',
): string | undefined {
  // The same program at the same minute: it is the time of day that clashes, whatever the day.
  if (error === 'session_exists' || error === 'night_start') return 'startTime';
  if (field === 'startsAt') return form === 'series' ? 'firstDate' : 'date';
  if (field === 'endsAt') return 'endTime';
  if (field === 'greenReleaseAt') return 'greenReleaseDays';
  return field;
}

const DONE = {
  single: 'console.sessions.createdOne',
  cancelled: 'console.sessions.cancelledDone',
  skipped: 'console.sessions.skipped',
} as const;

export default function ConsoleSessions() {
  const { programs, sessions, series: seriesList, today, listWindow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const done = params.get('done');
  const until = params.get('until') ?? '';
  // Only days, as the action wrote them: the address is the reader's to edit.
  const unused = (params.get('unused') ?? '').split(' ').filter(isCalendarDay).join(' ');
  // Only instants, as the action wrote them (the address is the reader's to edit).
  const overlaps = (params.get('overlaps') ?? '')
    .split(' ')
    .filter((v) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v)));
  const overlapCount = Math.max(overlaps.length, Number.parseInt(params.get('overlapCount') ?? '', 10) || 0);
  const windowLink = (from: string) => {
    const venue = params.get('venue');
    return `?${new URLSearchParams({ ...(venue ? { venue } : {}), from })}#upcoming`;
  };
  const errorsFor = (intent: Intent) =>
    actionData && actionData.intent === intent ? (actionData.fields as Record<string, string>) : {};
  const single = errorsFor('single');
  const series = errorsFor('series');
  const rowFields = (sessionId: string) =>
    actionData && actionData.sessionId === sessionId ? (actionData.fields as Record<string, string>) : {};
  // The box to tick has its message beside it; any other refusal of the row shows under its capacity.
  const rowError = (sessionId: string) =>
    actionData?.intent === 'details'
      ? undefined
      : Object.entries(rowFields(sessionId)).find(([field]) => field !== 'confirm')?.[1];
  const busy = navigation.state === 'submitting';
  // Each creation names what it made: the forms start afresh after it (with JavaScript the page is not redrawn, and
  // a second press would otherwise add the same session again).
  const created = params.get('created') ?? '';
  // The row just saved shows its own notice; the list's window may have moved on, and then the page says it on top.
  const savedRow = done === 'capacity' || done === 'details' ? (params.get('session') ?? '') : '';
  const savedShown = savedRow !== '' && sessions.some((s) => s.id === savedRow && !s.cancelledAt);
  // With several programs none is chosen for the operator: the first in the list is as likely the wrong one.
  const programOptions = [
    ...(programs.length > 1 ? [{ value: '', label: t('common.choose') }] : []),
    ...programs.map((p) => ({ value: p.id, label: p.title })),
  ];
  return (
    <>
      <PageHeader title={t('console.sessions.title')} lead={t('console.sessions.lead')} />
      {done && !actionData && !savedShown ? (
        <Alert tone="good">
          {done === 'series'
            ? `${t(
                params.get('count') === '1'
                  ? 'console.sessions.createdSeriesOne'
                  : 'console.sessions.createdSeries',
                { count: params.get('count') ?? '0' },
              )}${unused ? ` ${t('console.sessions.unusedExceptions', { dates: unused })}` : ''}`
            : done === 'ended' && isCalendarDay(until)
              ? t('console.series.ended', {
                  count: params.get('count') ?? '0',
                  date: format.date(parseShanghaiDay(until)),
                })
              : done === 'capacity' || done === 'details'
                ? t('console.sessions.updated')
                : done in DONE
                  ? t(DONE[done as keyof typeof DONE])
                  : null}
        </Alert>
      ) : null}
      {(done === 'single' || done === 'series') && overlaps.length && !actionData ? (
        <Alert tone="warn">
          {t('console.sessions.overlaps', {
            when: overlaps.map((v) => `${format.dateShort(v, today)} ${format.time(v)}`).join('、'),
            n: format.number(overlapCount),
          })}
        </Alert>
      ) : null}
      {actionData ? (
        <Alert tone="bad" title={t('validation.formTitle')}>
          <ul className="plain-list">
            {inFormOrder(actionData.fields as Record<string, string>).map(([field, message]) => (
              <li key={field}>
                {/* The box's own message says "the item above"; at the top of the page that points nowhere. */}
                {field === 'confirm'
                  ? t('console.sessions.confirmMissingSummary')
                  : field in FIELD_LABELS
                    ? t('console.sessions.fieldError', {
                        field: t(FIELD_LABELS[field as keyof typeof FIELD_LABELS]),
                        message,
                      })
                    : message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {programs.length === 0 ? (
        <Card>
          <EmptyState title={t('console.sessions.noPrograms')} />
        </Card>
      ) : (
        <div className="two-columns">
          <Form method="post" className="form" noValidate key={`single-${created}`}>
            <Card>
              <h2>{t('console.sessions.addSingle')}</h2>
              <input type="hidden" name="intent" value="single" />
              <AddFormFold id="single-fields" open={Object.keys(single).length > 0}>
                <SelectField
                  id="single-program"
                  label={t('console.sessions.program')}
                  name="programId"
                  options={programOptions}
                  error={single.programId}
                />
                <TextField
                  id="single-date"
                  label={t('console.sessions.date')}
                  name="date"
                  type="date"
                  min={today}
                  required
                  error={single.date}
                />
                <div className="grid">
                  <TextField
                    id="single-start"
                    label={t('console.sessions.startTime')}
                    name="startTime"
                    type="time"
                    defaultValue="09:30"
                    error={single.startTime}
                  />
                  <TextField
                    id="single-end"
                    label={t('console.sessions.endTime')}
                    name="endTime"
                    type="time"
                    defaultValue="11:00"
                    error={single.endTime}
                  />
                </div>
                <SessionSeatFields prefix="single" errors={single} />
                <p>
                  <Button size="large" disabled={busy}>
                    {t('console.sessions.saveSingle')}
                  </Button>
                </p>
              </AddFormFold>
            </Card>
          </Form>

          <Form method="post" className="form" noValidate key={`series-${created}`}>
            <Card>
              <h2>{t('console.sessions.addSeries')}</h2>
              <input type="hidden" name="intent" value="series" />
              <AddFormFold id="series-fields" open={Object.keys(series).length > 0}>
                <SelectField
                  id="series-program"
                  label={t('console.sessions.program')}
                  name="programId"
                  options={programOptions}
                  error={series.programId}
                />
                <div className="grid">
                  <TextField
                    id="series-first"
                    label={t('console.sessions.firstDate')}
                    name="firstDate"
                    type="date"
                    min={today}
                    required
                    error={series.firstDate}
                  />
                  <TextField
                    id="series-until"
                    label={t('console.sessions.untilDate')}
                    name="untilDate"
                    type="date"
                    min={today}
                    required
                    error={series.untilDate}
                  />
                  <TextField
                    id="series-start"
                    label={t('console.sessions.startTime')}
                    name="startTime"
                    type="time"
                    defaultValue="09:30"
                    error={series.startTime}
                  />
                  <TextField
                    id="series-end"
                    label={t('console.sessions.endTime')}
                    name="endTime"
                    type="time"
                    defaultValue="11:00"
                    error={series.endTime}
                  />
                </div>
                <div className="grid">
                  <SelectField
                    id="series-frequency"
                    label={t('console.sessions.frequency')}
                    name="frequency"
                    options={[
                      { value: 'weekly', label: t('console.sessions.weekly') },
                      { value: 'daily', label: t('console.sessions.daily') },
                    ]}
                  />
                  <TextField
                    id="series-interval"
                    label={t('console.sessions.interval')}
                    name="interval"
                    type="number"
                    min={1}
                    max={4}
                    defaultValue="1"
                    error={series.interval}
                  />
                </div>
                <CheckboxGroup
                  id="series-weekdays"
                  legend={t('console.sessions.weekdays')}
                  columns
                  error={series.weekdays}
                >
                  {weekdayCodes.map((code) => (
                    <CheckboxField
                      key={code}
                      id={`series-${code}`}
                      label={t(`console.weekday.${code}`)}
                      name="weekdays"
                      value={code}
                    />
                  ))}
                </CheckboxGroup>
                <TextArea
                  id="series-exceptions"
                  label={t('console.sessions.exceptions')}
                  name="exceptionDates"
                  rows={2}
                  hint={t('console.sessions.exceptionsHint')}
                  error={Object.entries(series).find(([k]) => k.startsWith('exceptionDates'))?.[1]}
                />
                <SessionSeatFields prefix="series" errors={series} />
                <p>
                  <Button size="large" disabled={busy}>
                    {t('console.sessions.saveSeries')}
                  </Button>
                </p>
              </AddFormFold>
            </Card>
          </Form>
        </div>
      )}

      {seriesList.length ? (
        <section className="section-tight" aria-labelledby="series-list">
          <h2 id="series-list">{t('console.series.title')}</h2>
          <p className="muted">{t('console.series.lead')}</p>
          <Card>
            <ul className="plain-list series-list">
              {seriesList.map((s) => (
                <li key={s.id} id={`series-${s.id}`}>
                  <p>
                    <strong>{s.programTitle}</strong>{' '}
                    {/* One day left reads as that day, not "4 Feb to 4 Feb". */}
                    {t(
                      shanghaiDay(new Date(s.firstStartsAt)) === shanghaiDay(new Date(s.lastStartsAt))
                        ? 'console.series.summaryOne'
                        : 'console.series.summary',
                      {
                        first: format.dateShort(s.firstStartsAt, today),
                        last: format.dateShort(s.lastStartsAt, today),
                        time: `${format.time(s.firstStartsAt)}–${format.time(s.firstEndsAt)}`,
                        n: format.number(s.sessionsToCome),
                      },
                    )}
                  </p>
                  <EndSeries
                    series={s}
                    today={today}
                    busy={busy}
                    refusal={actionData?.intent === 'end' && actionData.seriesId === s.id ? actionData : null}
                  />
                </li>
              ))}
            </ul>
          </Card>
        </section>
      ) : null}

      <section className="section-tight" aria-labelledby="upcoming">
        <h2 id="upcoming">
          {listWindow.from === today
            ? t('console.sessions.upcoming')
            : t('console.sessions.upcomingFrom', { date: format.date(listWindow.from) })}
        </h2>
        <Form method="get" className="list-window" preventScrollReset>
          {params.get('venue') ? (
            <input type="hidden" name="venue" value={params.get('venue') ?? ''} />
          ) : null}
          <TextField
            id="list-from"
            label={t('console.sessions.listFrom')}
            name="from"
            type="date"
            min={today}
            defaultValue={listWindow.from}
          />
          <Button variant="secondary">{t('console.sessions.show')}</Button>
          {listWindow.earlier ? (
            <ButtonLink variant="secondary" to={windowLink(listWindow.earlier)}>
              {t('console.sessions.earlier')}
            </ButtonLink>
          ) : null}
          <ButtonLink variant="secondary" to={windowLink(listWindow.later)}>
            {t('console.sessions.later')}
          </ButtonLink>
        </Form>
        <Card>
          {sessions.length === 0 ? (
            <EmptyState title={t('console.sessions.none')} />
          ) : (
            <div className="table-wrap">
              {/* On a phone each session is a card: its time, then the figures under their names, then the controls. */}
              <table className="data stacked sessions-table">
                <thead>
                  <tr>
                    <th scope="col">{t('console.sessions.col.when')}</th>
                    <th scope="col">{t('console.sessions.col.program')}</th>
                    <th scope="col">{t('console.sessions.col.seats')}</th>
                    <th scope="col">{t('console.sessions.col.green')}</th>
                    <th scope="col">{t('console.sessions.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.map((s) => {
                    const when = `${format.dateShort(s.startsAt, today)} ${format.time(s.startsAt)}–${format.time(s.endsAt)}`;
                    const error = rowError(s.id);
                    const startWhen = `${format.dateShort(s.startsAt, today)} ${format.time(s.startsAt)}`;
                    return (
                      <tr key={s.id} id={`session-${s.id}`}>
                        <th scope="row">
                          {when}{' '}
                          {s.openDay ? <Badge tone="info">{t('console.sessions.openDay')}</Badge> : null}
                          {s.seriesId ? <Badge>{t('console.sessions.series')}</Badge> : null}
                          {s.cancelledAt ? <Badge tone="bad">{t('console.sessions.cancelled')}</Badge> : null}
                        </th>
                        <td data-label={t('console.sessions.col.program')}>{s.title ?? s.programTitle}</td>
                        <td className="num" data-label={t('console.sessions.col.seats')}>
                          {format.number(s.seatsHeld)} / {format.number(s.capacity)}
                          {s.cancelledAt ? null : (
                            <div className="muted">
                              {s.heldBack > 0
                                ? t('console.sessions.seatsLeftHeldBack', {
                                    left: format.number(s.seatsLeft),
                                    seats: format.number(s.heldBack),
                                  })
                                : t('console.sessions.seatsLeft', { left: format.number(s.seatsLeft) })}
                            </div>
                          )}
                        </td>
                        <td data-label={t('console.sessions.col.green')}>
                          {s.greenChannelSeats > 0 && s.greenReleaseAt
                            ? t(
                                s.greenReleased
                                  ? 'console.sessions.greenReleased'
                                  : 'console.sessions.greenUntil',
                                {
                                  seats: s.greenChannelSeats,
                                  // The hour too: seats released on the day of the visit open at a time of it.
                                  date: `${format.dateShort(s.greenReleaseAt, today)} ${format.time(s.greenReleaseAt)}`,
                                },
                              )
                            : '—'}
                          {s.greenChannelSeats > 0 ? (
                            <div className="muted green-held">
                              {t('console.sessions.greenHeld', { held: format.number(s.greenSeatsHeld) })}
                            </div>
                          ) : null}
                        </td>
                        <td className="stacked-actions">
                          {/* A refusal of this row: the banner every form shows, here where the operator is. */}
                          {Object.keys(rowFields(s.id)).length ? (
                            <Alert tone="bad" title={t('validation.formTitle')} />
                          ) : null}
                          {savedShown && s.id === savedRow && !actionData ? (
                            <p className="row-notice" role="status">
                              {done === 'capacity'
                                ? t('console.sessions.capacitySaved', {
                                    when: startWhen,
                                    capacity: format.number(s.capacity),
                                  })
                                : t('console.sessions.detailsSaved', { when: startWhen })}
                            </p>
                          ) : null}
                          {s.cancelledAt ? null : (
                            <div className="session-actions">
                              <Form method="post" className="inline-form" noValidate>
                                <input type="hidden" name="intent" value="capacity" />
                                <input type="hidden" name="sessionId" value={s.id} />
                                <input type="hidden" name="greenChannelSeats" value={s.greenChannelSeats} />
                                <label htmlFor={`capacity-${s.id}`} className="visually-hidden">
                                  {t('console.sessions.capacityFor', { when })}
                                </label>
                                <input
                                  id={`capacity-${s.id}`}
                                  name="capacity"
                                  type="number"
                                  min={1}
                                  defaultValue={s.capacity}
                                  aria-invalid={error ? true : undefined}
                                  aria-describedby={error ? `capacity-error-${s.id}` : undefined}
                                />
                                <Button variant="secondary" disabled={busy}>
                                  {t('console.sessions.saveCapacity')}
                                </Button>
                              </Form>
                              {error ? (
                                <p className="field-error" id={`capacity-error-${s.id}`}>
                                  {error}
                                  {actionData?.booked.some((b) => b.id === s.id) ? (
                                    <>
                                      {' '}
                                      <Link to={`/console/bookings/sessions/${s.id}`}>
                                        {t('console.sessions.seeGroups')}
                                      </Link>
                                    </>
                                  ) : null}
                                </p>
                              ) : null}
                            </div>
                          )}
                          {s.cancelledAt ? null : (
                            <SessionDetails
                              session={s}
                              busy={busy}
                              errors={actionData?.intent === 'details' ? rowFields(s.id) : {}}
                            />
                          )}
                          {s.cancelledAt || s.seatsHeld > 0 ? null : (
                            <CallOff session={s} when={when} busy={busy} error={rowFields(s.id).confirm} />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </section>
    </>
  );
}

/**
 * The fields of an add form, folded behind a toggle on a phone so that the list of sessions is not two long forms
 * down (wider screens always show them, and never the toggle). A refused form comes back open at its messages.
 */
function AddFormFold({ id, open, children }: { id: string; open: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const fold = useDisclosure(open);
  const { setOpen } = fold;
  useEffect(() => {
    if (open) setOpen(true);
  }, [open, setOpen]);
  return (
    <>
      <DisclosureToggle disclosure={fold} controls={id} className="form-fold">
        {t('console.sessions.showForm')}
      </DisclosureToggle>
      <div id={id} className={fold.open ? 'form-fold-fields is-open' : 'form-fold-fields'}>
        {children}
      </div>
    </>
  );
}

/** The fields of a row's details form that show their own message. */
const DETAIL_FIELDS = ['greenChannelSeats', 'greenReleaseDate', 'greenReleaseTime', 'title'];

function SessionDetails({
  session,
  busy,
  errors,
}: {
  session: {
    id: string;
    greenChannelSeats: number;
    greenReleaseAt: string | Date | null;
    openDay: boolean;
    title: string | null;
    startsAt: string | Date;
  };
  busy: boolean;
  /** The refusal of this row's details, shown at its fields with the fold open. */
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const release = session.greenReleaseAt ? new Date(session.greenReleaseAt) : null;
  const parts = release ? shanghaiParts(release) : null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const elsewhere = Object.entries(errors).filter(([field]) => !DETAIL_FIELDS.includes(field));
  return (
    <details className="fold session-details" open={Object.keys(errors).length ? true : undefined}>
      <summary>{t('console.sessions.more')}</summary>
      <Form method="post" className="fold-body form" noValidate>
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="sessionId" value={session.id} />
        <TextField
          id={`green-${session.id}`}
          label={t('console.sessions.greenSeats')}
          name="greenChannelSeats"
          type="number"
          min={0}
          defaultValue={session.greenChannelSeats}
          error={errors.greenChannelSeats}
        />
        <div className="grid">
          <TextField
            id={`release-date-${session.id}`}
            label={t('console.sessions.releaseDate')}
            name="greenReleaseDate"
            type="date"
            defaultValue={release ? shanghaiDay(release) : ''}
            error={errors.greenReleaseDate}
          />
          <TextField
            id={`release-time-${session.id}`}
            label={t('console.sessions.releaseTime')}
            name="greenReleaseTime"
            type="time"
            defaultValue={parts ? `${pad(parts.hour)}:${pad(parts.minute)}` : ''}
            error={errors.greenReleaseTime}
          />
        </div>
        <TextField
          id={`title-${session.id}`}
          label={t('console.sessions.sessionTitle')}
          name="title"
          maxLength={200}
          defaultValue={session.title ?? ''}
          error={errors.title}
        />
        <CheckboxField
          id={`openday-${session.id}`}
          label={t('console.sessions.isOpenDay')}
          name="openDay"
          defaultChecked={session.openDay}
        />
        {elsewhere.map(([field, message]) => (
          <p key={field} className="field-error">
            {message}
          </p>
        ))}
        <p>
          <Button variant="secondary" disabled={busy}>
            {t('console.sessions.saveDetails')}
          </Button>
        </p>
      </Form>
    </details>
  );
}

/**
 * Calling a session off (or, in a series, leaving its day out) cannot be undone: a fold of its own, away from the
 * capacity button, with a box the server requires to be ticked.
 */
function CallOff({
  session,
  when,
  busy,
  error,
}: {
  session: { id: string; seriesId: string | null; startsAt: string | Date };
  when: string;
  busy: boolean;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const inSeries = session.seriesId !== null;
  return (
    <ConfirmFold
      className="session-cancel"
      summary={t(inSeries ? 'console.sessions.skipDay' : 'console.sessions.cancel')}
      fields={{
        intent: inSeries ? 'skip' : 'cancel',
        sessionId: session.id,
        ...(session.seriesId
          ? { seriesId: session.seriesId, date: shanghaiDay(new Date(session.startsAt)) }
          : {}),
      }}
      lead={t(inSeries ? 'console.sessions.skipLead' : 'console.sessions.cancelLead', { when })}
      confirmId={`confirm-cancel-${session.id}`}
      confirmLabel={t(inSeries ? 'console.sessions.skipConfirm' : 'console.sessions.cancelConfirm')}
      submit={t(inSeries ? 'console.sessions.skipSubmit' : 'console.sessions.cancelSubmit')}
      error={error}
      busy={busy}
    />
  );
}

/** Ending a series calls its later sessions off for good: a date, and a box the server requires to be ticked. */
function EndSeries({
  series,
  today,
  busy,
  refusal,
}: {
  series: { id: string; lastStartsAt: string | Date };
  today: string;
  busy: boolean;
  /** This series' refusal: its field messages, the day asked for and the booked sessions in the way. */
  refusal: {
    fields: unknown;
    lastDay: string | null;
    booked: { id: string; startsAt: string | Date; liveBookings: number }[];
  } | null;
}) {
  const { t, format } = useI18n();
  const errors = (refusal?.fields ?? {}) as Record<string, string>;
  const lastSession = shanghaiDay(new Date(series.lastStartsAt));
  return (
    <ConfirmFold
      className="series-end"
      summary={t('console.series.end')}
      fields={{ intent: 'end', seriesId: series.id }}
      lead={t('console.series.endLead')}
      confirmId={`confirm-end-${series.id}`}
      confirmLabel={t('console.series.endConfirm')}
      submit={t('console.series.endSubmit')}
      error={errors.confirm}
      open={refusal !== null}
      busy={busy}
    >
      <TextField
        id={`last-day-${series.id}`}
        label={t('console.series.lastDay')}
        name="lastDay"
        type="date"
        min={today}
        max={addDays(lastSession, -1)}
        required
        defaultValue={refusal?.lastDay ?? ''}
        error={errors.lastDay ?? errors._form}
      />
      {refusal?.booked.length ? (
        <ul className="plain-list">
          {refusal.booked.map((s) => (
            <li key={s.id}>
              <Link to={`/console/bookings/sessions/${s.id}`}>
                {t('console.series.bookedLink', {
                  when: format.dateTime(s.startsAt),
                  n: format.number(s.liveBookings),
                })}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </ConfirmFold>
  );
}

function SessionSeatFields({ prefix, errors }: { prefix: string; errors: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <>
      <div className="grid">
        <TextField
          id={`${prefix}-capacity`}
          label={t('console.sessions.capacity')}
          name="capacity"
          type="number"
          min={1}
          defaultValue="60"
          required
          error={errors.capacity}
        />
        <TextField
          id={`${prefix}-green`}
          label={t('console.sessions.greenSeats')}
          name="greenChannelSeats"
          type="number"
          min={0}
          defaultValue="0"
          error={errors.greenChannelSeats}
        />
        <TextField
          id={`${prefix}-release`}
          label={t('console.sessions.greenRelease')}
          name="greenReleaseDays"
          type="number"
          min={0}
          max={90}
          defaultValue="7"
          error={errors.greenReleaseDays}
        />
      </div>
      <TextField
        id={`${prefix}-title`}
        label={t('console.sessions.sessionTitle')}
        name="title"
        maxLength={200}
        error={errors.title}
      />
      <CheckboxField id={`${prefix}-openday`} label={t('console.sessions.isOpenDay')} name="openDay" />
    </>
  );
}
