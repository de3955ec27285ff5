import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  BookingActions,
  BookingFacts,
  BookingStatusBadge,
  NextStep,
  StepDone,
  TripDocuments,
} from '#app/components/bookings.tsx';
import { Alert, Card, PageHeader } from '#app/components/ui.tsx';
import { answerBookingForm } from '#app/domain/bookings/forms.server.ts';
import { chargedAbovePromise } from '#app/domain/bookings/rules.ts';
import { bookingDetail } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** One booking as its venue sees it: confirm or decline, cancel, and after the visit the attendance form. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'decide:booking:own-venue');
  const t = await getServerT(request);
  // Attendance once the visit has begun; confirming or cancelling only before (bookingDetail reads the clock).
  const now = context.clock.now();
  const booking = await bookingDetail(context.db, user, params.id ?? '', now);
  if (!booking) throw new Response(t('error.notFound'), { status: 404 });
  // The next step reads "record attendance" once the visit has begun, by the server's clock, as on the school's page.
  return {
    pageTitle: `${booking.title} · ${t('site.name')}`,
    booking: { ...booking, started: booking.startsAt <= now },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'decide:booking:own-venue');
  const t = await getServerT(request);
  const id = params.id ?? '';
  const meta = {
    now: context.clock.now(),
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const result = await answerBookingForm(context.db, user, id, await request.formData(), meta, t);
  if (result.ok)
    return redirect(`/console/bookings/${id}?done=${result.unchanged ? 'unchanged' : result.intent}`);
  return data(result, { status: result.status });
}

export default function ConsoleBooking() {
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
            {booking.schoolName} ·{' '}
            <BookingStatusBadge status={booking.status} needsSchoolApproval={booking.needsSchoolApproval} />{' '}
            <NextStep row={booking} side="venue" />
          </>
        }
        actions={
          <>
            <Link to={`/console/bookings/sessions/${booking.sessionId}`}>{t('bookings.console.groups')}</Link>
            <Link to="/console/bookings">{t('common.back')}</Link>
          </>
        }
      />
      <StepDone done={done} answered={answer !== undefined} />
      {answer && !answer.ok && answer.fields._form ? <Alert tone="bad">{answer.fields._form}</Alert> : null}
      {booking.priceFlagged ? (
        // A flag stays when the figures are corrected later: it then says so, beside the figures as they are now.
        <Alert tone="warn">
          {t(
            chargedAbovePromise(booking)
              ? 'bookings.detail.flaggedVenue'
              : 'bookings.detail.flaggedCorrectedVenue',
          )}
        </Alert>
      ) : null}
      <div className="two-columns">
        <Card>
          {/* The school is told to check an approximate place with the venue; the venue is not told to ask itself. */}
          <BookingFacts b={{ ...booking, venuePlace: undefined }} />
          <TripDocuments id={booking.id} status={booking.status} side="venue" />
        </Card>
        {booking.actions.length > 0 ? (
          <Card>
            <BookingActions
              actions={booking.actions}
              side="venue"
              errors={answer && !answer.ok ? answer.fields : undefined}
              intent={answer?.intent}
              typed={answer && !answer.ok ? answer.values : undefined}
              confirmCharges={answer && !answer.ok ? answer.confirmCharges : undefined}
              promised={{
                pupil: booking.promisedPricePerPupil,
                chaperone: booking.promisedPricePerChaperone,
              }}
              recorded={
                booking.attendedPupils !== null && booking.attendedChaperones !== null
                  ? {
                      pupils: booking.attendedPupils,
                      chaperones: booking.attendedChaperones,
                      pupilPrice: booking.chargedPricePerPupil ?? 0,
                      chaperonePrice: booking.chargedPricePerChaperone ?? 0,
                    }
                  : null
              }
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
