import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useFormAction, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  AnswerPanel,
  DoneNotice,
  gradeList,
  InvitationStatusBadge,
  LoadChart,
  useSlotFormat,
} from '#app/components/invitations.tsx';
import {
  Alert,
  Button,
  ButtonLink,
  Card,
  CheckboxField,
  EmptyState,
  PageHeader,
  SecretText,
} from '#app/components/ui.tsx';
import { answerInvitationForm, answerStatus } from '#app/domain/speakers/answers.server.ts';
import { listHostInvitations, speakerMonthlyLoad } from '#app/domain/speakers/invitations.server.ts';
import { placeLine } from '#app/domain/speakers/place.ts';
import { RotateFeedSchema } from '#app/domain/speakers/schemas.ts';
import { getOwnProfile, ownSpeakerId, rotateCalendarToken } from '#app/domain/speakers/speakers.server.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { feedAddress, getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

async function speakerOf(request: Request, context: LoaderFunctionArgs['context']) {
  const user = await requirePermission(request, context, 'answer:invitation:own');
  const speakerId = ownSpeakerId(user);
  if (!speakerId) throw await forbidden(request, context, user.id, 'answer:invitation:own');
  return { user, speakerId };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, speakerId } = await speakerOf(request, context);
  const now = context.clock.now();
  const t = await getServerT(request);
  const own = await getOwnProfile(context.db, user, speakerId);
  if (!own) throw new Response('Not found', { status: 404 });
  const lists = await listHostInvitations(context.db, { speakerId }, now);
  const load = await speakerMonthlyLoad(context.db, speakerId, now);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const { speaker } = own;
  return {
    pageTitle: `${t('speakers.home.title')} · ${t('site.name')}`,
    speaker: {
      displayName: speaker.displayName,
      monthlyCap: speaker.monthlyCap,
      vettedUntil: speaker.vettedUntil,
      vetted: speaker.vettedUntil !== null && speaker.vettedUntil >= shanghaiDay(now),
      topics: own.topics.filter((topic) => topic.active).length,
    },
    feedUrl: feedAddress(`${origin}/speaker/feed/${speaker.calendarToken}.ics`, await getLocale(request)),
    lists,
    load,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, speakerId } = await speakerOf(request, context);
  const form = formToObject(await request.formData());
  const meta = {
    now: context.clock.now(),
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const t = await getServerT(request);
  if (form.intent === 'rotate-feed') {
    // The old address stops working at once: only when the speaker ticked that they know.
    const confirmed = parseInput(RotateFeedSchema, form, t);
    if (!confirmed.ok) return data({ feedErrors: confirmed.fields }, { status: 400 });
    await rotateCalendarToken(context.db, user, speakerId, meta);
    return redirect('/speaker?done=feed#feed');
  }
  const invitationId = typeof form.invitationId === 'string' ? form.invitationId : '';
  const result = await answerInvitationForm(context.db, user, invitationId, form, meta, t);
  // The form's address carries the card's fragment (for a refusal to come back at its message); the done notice is at
  // the top, so say so, else the browser keeps the form's fragment across the redirect.
  if (result.ok) return redirect(`/speaker?done=${result.intent}#top`);
  return data(result, { status: answerStatus(result) });
}

export default function SpeakerHome() {
  const { speaker, feedUrl, lists, load } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const feedback = actionData && 'invitationId' in actionData ? actionData : undefined;
  const feedErrors = actionData && 'feedErrors' in actionData ? actionData.feedErrors : undefined;
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const when = useSlotFormat();
  const done = params.get('done');
  const formAction = useFormAction();
  return (
    <div className="speaker-home">
      <PageHeader
        title={t('speakers.home.greeting', { name: speaker.displayName })}
        lead={
          lists.waiting.length > 0
            ? t('speakers.home.waitingCount', { count: lists.waiting.length })
            : t('speakers.home.nothingWaiting')
        }
      />
      {done === 'feed' ? (
        <Alert tone="good">{t('speakers.home.feedRotated')}</Alert>
      ) : (
        <DoneNotice done={done} />
      )}
      {!speaker.vetted ? (
        <Alert tone="warn" title={t('speakers.home.notVettedTitle')}>
          {t('speakers.home.notVetted')}
        </Alert>
      ) : null}

      <section aria-labelledby="waiting-title" className="section-tight">
        <h2 id="waiting-title">{t('speakers.home.waitingTitle')}</h2>
        {lists.waiting.length === 0 ? (
          <Card>
            <EmptyState title={t('speakers.home.noWaiting')} />
          </Card>
        ) : (
          <ul className="invitation-cards">
            {lists.waiting.map(({ invitation, slots }) => (
              <Card as="li" key={invitation.id} className="invitation-card">
                {/* Two invitations often share a topic: each is told apart by the school and the days on offer now. */}
                <h3>
                  {t('speakers.home.cardTitle', {
                    school: invitation.schoolName,
                    days: format.list([
                      ...new Set(
                        slots
                          .filter((slot) => slot.status === 'open')
                          .map((slot) => format.dateShort(slot.startsAt)),
                      ),
                    ]),
                  })}
                </h3>
                <p className="invitation-topic">
                  <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link>
                </p>
                <dl className="facts">
                  <dt>{t('invitation.facts.school')}</dt>
                  <dd>
                    {t('common.parenthetical', { text: invitation.schoolName, note: invitation.teacherName })}
                  </dd>
                  <dt>{t('invitation.facts.place')}</dt>
                  <dd>{invitation.place}</dd>
                  <dt>{t('invitation.facts.audience')}</dt>
                  <dd>
                    {t(invitation.audienceSize === 1 ? 'common.peopleOne' : 'common.people', {
                      count: invitation.audienceSize,
                    })}{' '}
                    · {gradeList(invitation.grades, { t, format })}
                  </dd>
                  {invitation.notes ? (
                    <>
                      <dt>{t('invitation.facts.notes')}</dt>
                      <dd>{invitation.notes}</dd>
                    </>
                  ) : null}
                  {/* Waiting for the speaker, a note is the school's word with its new times. */}
                  {invitation.reason ? (
                    <>
                      <dt>{t('invitation.facts.noteBySchool')}</dt>
                      <dd>{invitation.reason}</dd>
                    </>
                  ) : null}
                  {/* Two invitations of one school and topic differ at least in when they were sent. */}
                  <dt>{t('invitation.facts.sentAt')}</dt>
                  <dd>{format.dateTime(invitation.createdAt)}</dd>
                  <dt>{t('invitation.facts.answerBy')}</dt>
                  <dd>{format.dateTime(invitation.expiresAt)}</dd>
                </dl>
                <AnswerPanel
                  invitationId={invitation.id}
                  slots={slots}
                  actions={['accept', 'counter', 'decline']}
                  feedback={feedback}
                  holdsSlotsFromTeacher
                  declineSide="speaker"
                />
              </Card>
            ))}
          </ul>
        )}
      </section>

      {lists.countered.length > 0 ? (
        <section aria-labelledby="countered-title" className="section-tight">
          <h2 id="countered-title">{t('speakers.home.counteredTitle')}</h2>
          <ul className="plain-list">
            {lists.countered.map((invitation) => (
              <li key={invitation.id}>
                <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link> · {invitation.schoolName}{' '}
                <InvitationStatusBadge status={invitation.status} />
                {/* After a few rounds the same topic and school come back: the times offered tell them apart. */}
                {invitation.offered.length > 0 ? (
                  <span className="offered-times">
                    {t('speakers.home.offeredTimes', {
                      times: format.list(invitation.offered.map((slot) => when(slot.startsAt, slot.endsAt))),
                    })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="upcoming-title" className="section-tight">
        <h2 id="upcoming-title">{t('speakers.home.upcomingTitle')}</h2>
        {lists.upcoming.length === 0 ? (
          <p className="muted">{t('speakers.home.noUpcoming')}</p>
        ) : (
          <ul className="engagement-list">
            {lists.upcoming.map((invitation) => (
              <li key={invitation.id}>
                <strong className="engagement-when">
                  {invitation.scheduledStartsAt && invitation.scheduledEndsAt
                    ? when(invitation.scheduledStartsAt, invitation.scheduledEndsAt)
                    : null}
                </strong>
                <span>
                  <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link> ·{' '}
                  {placeLine(invitation.schoolName, invitation.place)}
                </span>
                <a href={`/invitations/${invitation.id}/calendar.ics`}>{t('invitation.ics.download')}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid speaker-aside">
        <Card>
          <h2>{t('speakers.home.loadTitle')}</h2>
          <LoadChart months={load} cap={speaker.monthlyCap} title={t('speakers.home.loadTitle')} />
        </Card>
        <Card>
          <h2 id="feed">{t('speakers.home.feedTitle')}</h2>
          <p>{t('speakers.home.feedLead')}</p>
          <SecretText value={feedUrl} testId="feed-url" />
          <p className="actions-row">
            <a className="btn btn-secondary" href={feedUrl}>
              {t('speakers.home.feedDownload')}
            </a>
          </p>
          <Form method="post" action={`${formAction}#feed`} className="feed-renew">
            <input type="hidden" name="intent" value="rotate-feed" />
            <h3>{t('speakers.home.feedRotateTitle')}</h3>
            <p className="muted">{t('speakers.home.feedRotateHint')}</p>
            <CheckboxField
              label={t('speakers.home.feedRotateConfirm')}
              name="confirm"
              value="yes"
              id="feed-confirm"
              required
              error={feedErrors?.confirm}
            />
            <Button variant="secondary">{t('speakers.home.feedRotate')}</Button>
          </Form>
        </Card>
        <Card>
          <h2>{t('speakers.home.profileTitle')}</h2>
          <p>
            {speaker.vettedUntil
              ? t('speakers.home.vettedUntil', { date: format.date(speaker.vettedUntil) })
              : t('speakers.home.notVettedShort')}
          </p>
          <p>{t('speakers.home.topicCount', { count: speaker.topics, cap: speaker.monthlyCap })}</p>
          <p className="actions-row">
            <ButtonLink to="/speaker/profile" variant="secondary">
              {t('speakers.home.editProfile')}
            </ButtonLink>
            <ButtonLink to="/speaker/topics" variant="secondary">
              {t('speakers.home.editTopics')}
            </ButtonLink>
          </p>
        </Card>
      </div>

      {lists.past.length > 0 ? (
        <section aria-labelledby="past-title" className="section-tight">
          <h2 id="past-title">{t('speakers.home.pastTitle')}</h2>
          <ul className="plain-list">
            {lists.past.map((invitation) => (
              <li key={invitation.id}>
                <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link> · {invitation.schoolName}{' '}
                <InvitationStatusBadge status={invitation.status} />
                {invitation.feedbackRating
                  ? ` · ${t('speakers.home.schoolRating', { n: invitation.feedbackRating })}`
                  : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
