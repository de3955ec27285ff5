import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import {
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useSearchParams,
} from '@remix-run/react';
import {
  BookingActions,
  BookingFacts,
  BookingStatusBadge,
  NextStep,
  StepDone,
  TripDocuments,
} from '#app/components/bookings.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import { Alert, Card, PageHeader } from '#app/components/ui.tsx';
import { answerBookingForm } from '#app/domain/bookings/forms.server.ts';
import { chargedAbovePromise } from '#app/domain/bookings/rules.ts';
import { bookingDetail } from '#app/domain/bookings/views.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/**
 * A refusal because the booking moved on meanwhile (a second click, a form sent again from another tab, the other
 * side's answer) draws the booking as it now is, not the status and buttons the person already acted on.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

/** One trip as the school sees it: the group, the promised price, the next step, and the school's own actions. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const now = context.clock.now();
  const booking = await bookingDetail(context.db, user, params.id ?? '', now);
  if (!booking) throw new Response(t('error.notFound'), { status: 404 });
  const started = booking.startsAt <= now;
  return {
    pageTitle: `${booking.title} · ${t('site.name')}`,
    booking: {
      ...booking,
      started,
      // Cancelling only before the start (bookingDetail offers it only then); attendance and confirming are the venue's.
      actions: booking.actions.filter((a) => a !== 'attendance' && a !== 'confirm'),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const id = params.id ?? '';
  const meta = {
    now: context.clock.now(),
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const result = await answerBookingForm(context.db, user, id, await request.formData(), meta, t);
  if (result.ok) return redirect(`/trips/${id}?done=${result.intent}`);
  return data(result, { status: result.status });
}

export default function Trip() {
  const { booking } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const done = params.get('done');
  return (
    <>
      <PageHeader
        title={booking.title}
        lead={
          <>
            {booking.venueName} ·{' '}
            <BookingStatusBadge status={booking.status} needsSchoolApproval={booking.needsSchoolApproval} />{' '}
            <NextStep row={booking} side="school" />
          </>
        }
        actions={<Link to="/trips">{t('common.back')}</Link>}
      />
      {done === 'booked' && !answer && booking.status !== 'waitlisted' ? (
        <Alert tone="good">{t('bookings.done.booked')}</Alert>
      ) : null}
      {booking.waitlistPlace !== null ? (
        // Joined just now or earlier: where the group stands in the queue is what the teacher wants to know.
        <Alert tone={done === 'booked' && !answer ? 'good' : 'info'}>
          {t(done === 'booked' && !answer ? 'bookings.done.waitlisted' : 'bookings.detail.waitlistPlace', {
            place: booking.waitlistPlace,
          })}
        </Alert>
      ) : null}
      <StepDone done={done} answered={answer !== undefined} />
      {answer && !answer.ok && answer.fields._form ? <Alert tone="bad">{answer.fields._form}</Alert> : null}
      {booking.priceFlagged ? (
        // A flag stays when the figures are corrected later: it then says so, beside the figures as they are now.
        <Alert tone="warn">
          {t(chargedAbovePromise(booking) ? 'bookings.detail.flagged' : 'bookings.detail.flaggedCorrected')}
        </Alert>
      ) : null}
      <div className="two-columns">
        <Card>
          <BookingFacts b={booking} />
          <TripDocuments id={booking.id} status={booking.status} side="school" />
          {/* A venue without a known place has no point to show (ADR 018); an approximate one is its 旗县's seat. */}
          {booking.venuePlace === 'unknown' ? null : (
            <PointsMap
              label={booking.venueName}
              points={[{ lat: booking.venueLat, lng: booking.venueLng, label: booking.venueName }]}
            />
          )}
          {booking.venuePlace === 'approximate' ? (
            <p className="muted">{t('bookings.detail.mapApproximate')}</p>
          ) : null}
        </Card>
        {booking.actions.length > 0 ? (
          <Card>
            <BookingActions
              actions={booking.actions}
              side="school"
              errors={answer && !answer.ok ? answer.fields : undefined}
              intent={answer?.intent}
              typed={answer && !answer.ok ? answer.values : undefined}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
