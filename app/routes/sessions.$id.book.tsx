import { randomUUID } from 'node:crypto';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { gradeList } from '#app/components/invitations.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import {
  Alert,
  AnotherOneField,
  Button,
  Card,
  CheckboxField,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { submitBookingForm } from '#app/domain/bookings/forms.server.ts';
import { schoolGroupsText, smallestGroupText } from '#app/domain/bookings/messages.ts';
import { sessionForBooking } from '#app/domain/bookings/views.server.ts';
import { gradePriceGroups } from '#app/domain/commitments/pricing.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The booking form of a session: seats open to the teacher's school, the promised prices, the rules; counts only. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'create:booking:own-school');
  const t = await getServerT(request);
  const now = context.clock.now();
  const view = await sessionForBooking(context.db, user, params.id ?? '', now);
  if (!view) throw new Response(t('error.notFound'), { status: 404 });
  const title = view.session.title ?? view.program.title;
  return {
    pageTitle: `${t('bookings.book.title', { title })} · ${t('site.name')}`,
    title,
    view: {
      startsAt: view.session.startsAt,
      endsAt: view.session.endsAt,
      capacity: view.session.capacity,
      seatsLeft: view.seatsLeft,
      seatsOpen: view.seatsOpen,
      greenReserved: view.greenReserved,
      greenReleaseAt: view.session.greenReleaseAt,
      // The smallest request (createBooking's group and chaperone rules): with fewer seats open than it takes, any
      // request can only wait on the waitlist; with fewer seats in all, not even there.
      smallestGroup: view.smallestGroup,
      seating:
        view.smallestGroup > view.session.capacity
          ? ('tooSmall' as const)
          : view.seatsOpen < view.smallestGroup
            ? ('waitlistOnly' as const)
            : ('open' as const),
      smallestGroupText: smallestGroupText(t, {
        pupils: view.program.minGroupSize,
        adults: view.smallestGroup - view.program.minGroupSize,
      }),
      bookable: view.bookable,
      // Why a session ahead takes no request: its window opens later, or has closed for good, or it is withdrawn.
      refusal: view.bookable
        ? null
        : !view.sessionOpen
          ? view.programInactive
            ? ('programInactive' as const)
            : ('unavailable' as const)
          : now < view.window.opensAt
            ? ('notOpenYet' as const)
            : ('closed' as const),
      phase: view.phase,
      window: view.window,
      grades: view.program.grades,
      gradePrices: view.gradePrices,
      chaperonePrice: view.chaperonePrice,
      ratios: { primary: view.venue.chaperoneRatioPrimary, secondary: view.venue.chaperoneRatioSecondary },
      needsApproval: view.needsApproval,
      answerLeadHours: view.answerLeadHours,
      venue: view.venueInfo,
    },
    // The school's live bookings here: a new request must then say it is another group.
    alreadyBooked: view.schoolBookings.length
      ? t('bookings.book.alreadyBooked', { groups: schoolGroupsText(t, view.schoolBookings) })
      : null,
    contactName: user.name,
    // The account's mobile number, when it has one: the venue's number for the group on the day.
    contactPhone: user.mobile ?? '',
    // A fresh key each time the form is shown: a double click or a resent page books once.
    idempotencyKey: randomUUID(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'create:booking:own-school');
  const t = await getServerT(request);
  const formData = await request.formData();
  const result = await submitBookingForm(
    context.db,
    user,
    params.id ?? '',
    formData,
    {
      now: context.clock.now(),
      publicUrl: siteUrl(context.config),
      requestId: context.requestId,
      ip: context.clientIp,
    },
    t,
    { phoneRequired: !user.mobile },
  );
  if (result.ok) return redirect(`/trips/${result.id}?done=booked`);
  // A refusal keeps the page (Remix does not reload it after a 4xx): the corrected form goes out under a new key.
  // What was typed comes back, so that the form keeps it also without JavaScript (counts and contact only).
  const values = Object.fromEntries(
    [
      'grade',
      'pupils',
      'chaperones',
      'pupilsWithDisabilities',
      'leftBehindPupils',
      'contactName',
      'contactPhone',
      'notes',
      'anotherGroup',
      'waitlist',
    ].map((name) => [name, String(formData.get(name) ?? '').slice(0, 1000)]),
  );
  return data({ ...result, values, idempotencyKey: randomUUID() }, { status: result.status });
}

export default function BookSession() {
  const { title, view, contactName, contactPhone, alreadyBooked, idempotencyKey } =
    useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const errors = answer && !answer.ok ? answer.fields : {};
  const typed: Record<string, string> = answer && !answer.ok ? answer.values : {};
  const past = view.phase !== 'ahead';
  return (
    <>
      <PageHeader title={t('bookings.book.title', { title })} lead={view.venue?.name} />
      <div className="two-columns">
        <Card>
          <dl className="facts">
            <dt>{t('bookings.book.when')}</dt>
            <dd>
              {format.dateTime(view.startsAt)}–{format.time(view.endsAt)}
            </dd>
            <dt>{t('bookings.book.venue')}</dt>
            <dd>
              {view.venue?.name}
              {view.venue?.address ? ` · ${view.venue.address}` : ''}
            </dd>
            {/* Seats left are news only for a session still ahead. */}
            {past ? null : (
              <>
                <dt>{t('bookings.book.seatsLeft')}</dt>
                <dd>
                  {/* What this school may take: green-channel seats held back from it are not its to count. */}
                  {t('bookings.book.seatsLeftValue', { count: format.number(view.seatsOpen) })}
                  {/* The bar shows what the words say: the seats left, of the whole session. */}
                  <div className="seat-meter" aria-hidden="true">
                    <span style={{ width: `${Math.round((view.seatsOpen / view.capacity) * 100)}%` }} />
                  </div>
                </dd>
              </>
            )}
            <dt>{t('bookings.book.grades')}</dt>
            <dd>{gradeList(view.grades, { t, format })}</dd>
            <dt>{t('bookings.book.price')}</dt>
            <dd>
              {/* One line per price: nine grades at one price are one line, not nine. */}
              {gradePriceGroups(view.gradePrices).map((g) => (
                <div key={g.price}>
                  {t('common.labelled', {
                    label: g.all
                      ? t('bookings.book.allGrades')
                      : format.list(
                          g.runs.map(([from, to]) =>
                            from === to
                              ? t(`grade.${from}` as 'grade.1')
                              : t('bookings.book.gradeRange', {
                                  from: t(`grade.${from}` as 'grade.1'),
                                  to: t(`grade.${to}` as 'grade.1'),
                                }),
                          ),
                        ),
                    value:
                      g.price === 0
                        ? t('bookings.book.pupilsFree')
                        : t('bookings.book.pricePerPupil', { price: format.yuan(g.price) }),
                  })}
                </div>
              ))}
              <div>
                {view.chaperonePrice === 0
                  ? t('bookings.book.chaperonesFree')
                  : t('bookings.book.pricePerChaperone', { price: format.yuan(view.chaperonePrice) })}
              </div>
            </dd>
          </dl>
          {view.greenReserved > 0 && view.greenReleaseAt ? (
            <p className="muted">
              {view.seatsOpen < view.seatsLeft
                ? t(
                    view.seatsLeft - view.seatsOpen === 1
                      ? 'bookings.book.greenHeldBackOne'
                      : 'bookings.book.greenHeldBack',
                    {
                      count: view.seatsLeft - view.seatsOpen,
                      release: format.dateTime(view.greenReleaseAt),
                    },
                  )
                : t(
                    view.greenReserved === 1
                      ? 'bookings.book.greenReservedOne'
                      : 'bookings.book.greenReserved',
                    {
                      count: view.greenReserved,
                      release: format.dateTime(view.greenReleaseAt),
                    },
                  )}
            </p>
          ) : null}
          <p className="muted">{t('bookings.book.ratio', view.ratios)}</p>
          {past ? null : (
            <p className="muted">
              {t('bookings.book.window', {
                opens: format.dateTime(view.window.opensAt),
                closes: format.dateTime(view.window.closesAt),
              })}
              {view.answerLeadHours
                ? ` ${t('bookings.book.answerLead', { hours: view.answerLeadHours })}`
                : null}
            </p>
          )}
          {view.venue ? (
            <PointsMap
              label={view.venue.name}
              points={[{ lat: view.venue.lat, lng: view.venue.lng, label: view.venue.name }]}
            />
          ) : null}
        </Card>
        <Card>
          {past ? (
            // Not "at the moment": this session will not open again, the venue's next ones might.
            <>
              <Alert tone="warn">
                {t(view.phase === 'ended' ? 'bookings.book.ended' : 'bookings.book.started')}
              </Alert>
              {view.venue ? <VenueSessionsLink venue={view.venue} /> : null}
            </>
          ) : view.refusal === 'notOpenYet' ? (
            <Alert tone="warn">
              {t('bookings.book.notOpenYet', { opens: format.dateTime(view.window.opensAt) })}
            </Alert>
          ) : view.refusal === 'closed' ? (
            // Closed for good, like a past session: the venue's next sessions might still take the class.
            <>
              <Alert tone="warn">
                {t('bookings.book.closed', { closes: format.dateTime(view.window.closesAt) })}
              </Alert>
              {view.venue ? <VenueSessionsLink venue={view.venue} /> : null}
            </>
          ) : view.refusal === 'unavailable' ? (
            <Alert tone="warn">{t('bookings.book.unavailable')}</Alert>
          ) : view.refusal === 'programInactive' ? (
            // Switched off by its venue: another of the venue's programs might take the class.
            <>
              <Alert tone="warn">{t('bookings.book.programInactive')}</Alert>
              {view.venue ? <VenueSessionsLink venue={view.venue} /> : null}
            </>
          ) : view.seating === 'tooSmall' ? (
            // No group the rules allow fits in the whole session: no form that could only be refused.
            <>
              <Alert tone="warn">
                {t('bookings.book.tooSmall', {
                  capacity: view.capacity,
                  group: view.smallestGroupText,
                  seats: view.smallestGroup,
                })}
              </Alert>
              {view.venue ? <VenueSessionsLink venue={view.venue} /> : null}
            </>
          ) : (
            <Form method="post" className="form" noValidate>
              <input
                type="hidden"
                name="idempotencyKey"
                value={answer && !answer.ok ? answer.idempotencyKey : idempotencyKey}
              />
              <Alert tone="info">{t('bookings.book.privacy')}</Alert>
              {view.needsApproval ? <Alert tone="warn">{t('bookings.book.needsApproval')}</Alert> : null}
              {view.seating === 'waitlistOnly' ? (
                // Too few seats for the smallest group: the form asks for a place on the waitlist, not a booking.
                <>
                  <Alert tone="warn">
                    {view.seatsOpen === 0
                      ? t('bookings.book.full')
                      : `${t(view.seatsOpen === 1 ? 'bookings.book.tooFewOne' : 'bookings.book.tooFew', {
                          count: view.seatsOpen,
                          group: view.smallestGroupText,
                          seats: view.smallestGroup,
                        })} ${t('bookings.book.waitlistOffer')}`}
                  </Alert>
                  {view.venue ? <VenueSessionsLink venue={view.venue} /> : null}
                </>
              ) : answer && !answer.ok && answer.full && answer.waitlistAvailable ? (
                // The field says how many seats are left; this says what can be done. The waitlist box is left for
                // the teacher to tick: a second tap of the same button must not quietly join the waitlist.
                <Alert tone="warn">{t('bookings.book.fullChoice')}</Alert>
              ) : null}
              {errors._form ? <Alert tone="bad">{errors._form}</Alert> : null}
              {errors.sessionId ? <Alert tone="bad">{errors.sessionId}</Alert> : null}
              {/* Said at the top too, as the console's forms do: on a phone the first marked field may be far below. */}
              {Object.keys(errors).some((name) => name !== '_form' && name !== 'sessionId') ? (
                <Alert tone="bad" title={t('validation.formTitle')} />
              ) : null}
              <SelectField
                label={t('bookings.book.grade')}
                name="grade"
                defaultValue={typed.grade}
                required
                // With more than one grade on offer, none is chosen for the teacher: a hurried submit asks, rather
                // than booking the first grade of the list.
                options={[
                  ...(view.grades.length > 1 ? [{ value: '', label: t('common.choose') }] : []),
                  ...view.grades.map((g) => ({ value: String(g), label: t(`grade.${g}` as 'grade.1') })),
                ]}
                error={errors.grade}
              />
              <div className="form-grid">
                <TextField
                  label={t('bookings.book.pupils')}
                  name="pupils"
                  inputMode="numeric"
                  defaultValue={typed.pupils}
                  required
                  error={errors.pupils}
                />
                <TextField
                  label={t('bookings.book.chaperones')}
                  name="chaperones"
                  inputMode="numeric"
                  defaultValue={typed.chaperones}
                  required
                  error={errors.chaperones}
                />
                <TextField
                  label={t('bookings.book.pupilsWithDisabilities')}
                  name="pupilsWithDisabilities"
                  inputMode="numeric"
                  defaultValue={typed.pupilsWithDisabilities ?? '0'}
                  error={errors.pupilsWithDisabilities}
                />
                <TextField
                  label={t('bookings.book.leftBehindPupils')}
                  name="leftBehindPupils"
                  inputMode="numeric"
                  defaultValue={typed.leftBehindPupils ?? '0'}
                  error={errors.leftBehindPupils}
                />
                <TextField
                  label={t('bookings.book.contactName')}
                  name="contactName"
                  autoComplete="name"
                  defaultValue={typed.contactName ?? contactName}
                  maxLength={50}
                  error={errors.contactName}
                />
                <TextField
                  label={t('bookings.book.contactPhone')}
                  name="contactPhone"
                  inputMode="tel"
                  autoComplete="tel"
                  defaultValue={typed.contactPhone ?? contactPhone}
                  hint={t('bookings.book.contactPhoneHint')}
                  error={errors.contactPhone}
                />
              </div>
              <TextArea
                label={t('bookings.book.notes')}
                name="notes"
                defaultValue={typed.notes}
                rows={3}
                maxLength={1000}
                error={errors.notes}
              />
              {view.seating === 'waitlistOnly' ? (
                <input type="hidden" name="waitlist" value="on" />
              ) : (
                <CheckboxField
                  label={t('bookings.book.waitlist')}
                  name="waitlist"
                  value="on"
                  defaultChecked={typed.waitlist === 'on'}
                />
              )}
              {/* Also when a colleague booked after this page was drawn: the refusal says so on this box. */}
              <AnotherOneField
                warning={alreadyBooked}
                error={errors.anotherGroup}
                label={t('bookings.book.anotherGroup')}
                name="anotherGroup"
                defaultChecked={typed.anotherGroup === 'on'}
              />
              <Button size="large" disabled={navigation.state === 'submitting'}>
                {t(view.seating === 'waitlistOnly' ? 'bookings.book.joinWaitlist' : 'bookings.book.submit')}
              </Button>
            </Form>
          )}
        </Card>
      </div>
    </>
  );
}

/** For a session that will not take the class: the venue's next sessions might. */
function VenueSessionsLink({ venue }: { venue: { slug: string; name: string } }) {
  const { t } = useI18n();
  return (
    <p>
      <Link to={`/venues/${venue.slug}#sessions`}>
        {t('bookings.book.venueSessions', { venue: venue.name })}
      </Link>
    </p>
  );
}
