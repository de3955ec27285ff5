import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  AnswerPanel,
  DoneNotice,
  gradeList,
  InvitationStatusBadge,
  SpeakerHours,
  useSlotFormat,
} from '#app/components/invitations.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import { Alert, ButtonLink, Card, PageHeader } from '#app/components/ui.tsx';
import { answerInvitationForm, answerStatus } from '#app/domain/speakers/answers.server.ts';
import { declineSideOf } from '#app/domain/speakers/decline-reasons.ts';
import { getInvitationView } from '#app/domain/speakers/invitations.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/**
 * One invitation, for the two sides (and admins). The speaker's phone and e-mail are in the answer only for those
 * allowed to see them: the speaker, an admin, and the inviting teacher once the speaker accepted.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const view = await getInvitationView(context.db, user, params.id ?? '', context.clock.now());
  if (!view) throw new Response('Not found', { status: 404 });
  const t = await getServerT(request);
  // The school's admin sees the school's invitations, not only their own; only the inviter gets the contact details.
  return {
    pageTitle: `${view.invitation.title} · ${t('site.name')}`,
    view,
    inviter: view.invitation.teacherId === user.id,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const id = params.id ?? '';
  const result = await answerInvitationForm(
    context.db,
    user,
    id,
    form,
    {
      now: context.clock.now(),
      expiryDays: context.config.invitationExpiryDays,
      publicUrl: siteUrl(context.config),
      requestId: context.requestId,
      ip: context.clientIp,
    },
    t,
  );
  // The answer forms post to their own fragment (a refusal comes back at its message); the done notice is at the top.
  if (result.ok) return redirect(`/invitations/${id}?done=${result.intent}#top`);
  return data(result, { status: answerStatus(result) });
}

export default function InvitationPage() {
  const { view, inviter } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const when = useSlotFormat();
  const { invitation, slots, party, actions, contact, similar, similarPrograms } = view;
  const scheduled = invitation.status === 'scheduled' || invitation.status === 'completed';
  const waiting = invitation.status === 'pending' || invitation.status === 'countered';
  // The times on offer now (or the one agreed), the same for both sides: earlier rounds' times are not repeated.
  const proposed = slots.filter((s) => s.status !== 'withdrawn');
  /** Whose words the note of an open round is: the side whose times are on offer. */
  const noteBy = slots.find((s) => s.status === 'open')?.proposedBy;
  /** The side asked to answer now: the host a new invitation, the teacher a counter-proposal. */
  const answering =
    invitation.status === 'pending' ? 'host' : invitation.status === 'countered' ? 'teacher' : null;
  return (
    <div className="invitation-page">
      <PageHeader
        title={invitation.title}
        lead={
          <>
            {invitation.kind === 'speaker'
              ? t('invitation.page.speakerLead')
              : t('invitation.page.outreachLead')}{' '}
            <strong>{invitation.host}</strong> · <InvitationStatusBadge status={invitation.status} />
          </>
        }
        actions={
          party === 'teacher' ? (
            <Link to="/invitations">
              {inviter ? t('invitation.page.back') : t('invitation.page.backSchool')}
            </Link>
          ) : party === 'host' && invitation.kind === 'speaker' ? (
            <Link to="/speaker">{t('speakers.profile.back')}</Link>
          ) : party === 'host' ? (
            <Link to="/console/outreach">{t('outreach.console.back')}</Link>
          ) : null
        }
      />
      <DoneNotice done={params.get('done')} byTeacher={party === 'teacher'} />
      {feedback && !feedback.ok && feedback.fields._form ? (
        <Alert tone="bad">{feedback.fields._form}</Alert>
      ) : null}
      <div className="two-columns">
        <Card>
          <h2>{t('invitation.page.details')}</h2>
          <dl className="facts">
            {scheduled && invitation.scheduledStartsAt && invitation.scheduledEndsAt ? (
              <>
                <dt>{t('invitation.facts.when')}</dt>
                <dd>
                  <strong>{when(invitation.scheduledStartsAt, invitation.scheduledEndsAt)}</strong>
                </dd>
              </>
            ) : null}
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
            <dt>{t('invitation.facts.length')}</dt>
            <dd>{t('common.minutes', { count: invitation.durationMinutes })}</dd>
            {invitation.notes ? (
              <>
                <dt>{t('invitation.facts.notes')}</dt>
                <dd>{invitation.notes}</dd>
              </>
            ) : null}
            {invitation.hostNeeds ? (
              <>
                <dt>{t('invitation.facts.needs')}</dt>
                <dd>{invitation.hostNeeds}</dd>
              </>
            ) : null}
            {waiting ? (
              <>
                <dt>
                  {party === null
                    ? t('invitation.facts.answerDeadline')
                    : party === answering
                      ? t('invitation.facts.answerBy')
                      : t('invitation.facts.theirAnswerBy')}
                </dt>
                <dd>{format.dateTime(invitation.expiresAt)}</dd>
              </>
            ) : null}
            {invitation.reason ? (
              <>
                <dt>
                  {!waiting || !noteBy
                    ? t('invitation.facts.reason')
                    : noteBy === 'teacher'
                      ? t('invitation.facts.noteBySchool')
                      : invitation.kind === 'speaker'
                        ? t('invitation.facts.noteBySpeaker')
                        : t('invitation.facts.noteByVenue')}
                </dt>
                <dd>{invitation.reason}</dd>
              </>
            ) : null}
            {invitation.feedbackRating ? (
              <>
                <dt>{t('invitation.facts.feedback')}</dt>
                <dd>
                  {t('invitation.answer.stars', { n: invitation.feedbackRating })} · {invitation.feedbackText}
                </dd>
              </>
            ) : null}
          </dl>
          <PointsMap
            label={t('invitation.page.map')}
            points={
              invitation.schoolLat !== null && invitation.schoolLng !== null
                ? [{ lat: invitation.schoolLat, lng: invitation.schoolLng, label: invitation.schoolName }]
                : []
            }
          />
          {proposed.length > 0 ? (
            <>
              <h3>{t('invitation.page.times')}</h3>
              <ul className="slot-list">
                {proposed.map((slot) => (
                  <li key={slot.id} className={`slot slot-${slot.status}`}>
                    {when(slot.startsAt, slot.endsAt)}{' '}
                    <span className="muted">
                      {/* Named, not "the other side": the page is read by both sides. */}
                      {slot.proposedBy === 'teacher'
                        ? t('invitation.page.byTeacher')
                        : invitation.kind === 'speaker'
                          ? t('invitation.page.bySpeaker')
                          : t('invitation.page.byVenue')}{' '}
                      · {t(`invitation.slot.${slot.status}`)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {scheduled ? (
            <p className="actions-row">
              <a className="btn btn-secondary" href={`/invitations/${invitation.id}/calendar.ics`}>
                {t('invitation.ics.download')}
              </a>
              {invitation.status === 'completed' ? (
                <ButtonLink to={`/invitations/${invitation.id}/letter`} variant="secondary">
                  {t('invitation.letter.link')}
                </ButtonLink>
              ) : null}
            </p>
          ) : null}
        </Card>
        <div className="stack">
          {invitation.kind === 'speaker' ? (
            <Card className="contact-card">
              <h2>{t('invitation.contact.title')}</h2>
              {contact ? (
                <dl className="facts">
                  <dt>{t('invitation.contact.phone')}</dt>
                  <dd>
                    {contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : t('common.none')}
                  </dd>
                  <dt>{t('invitation.contact.email')}</dt>
                  <dd>
                    {contact.email ? (
                      <a href={`mailto:${contact.email}`}>{contact.email}</a>
                    ) : (
                      t('common.none')
                    )}
                  </dd>
                </dl>
              ) : (
                <p className="muted">
                  {party === 'teacher' && !inviter
                    ? t('invitation.contact.inviterOnly')
                    : t('invitation.contact.hidden')}
                </p>
              )}
            </Card>
          ) : null}
          {actions.length > 0 ? (
            <Card>
              {/* "Your answer" only to the side asked for one; the other may give feedback or call it off. */}
              <h2>
                {actions.some((a) => a === 'accept' || a === 'decline' || a === 'counter')
                  ? t('invitation.page.answerTitle')
                  : actions.includes('complete')
                    ? t('invitation.page.feedbackTitle')
                    : t('invitation.page.changeTitle')}
              </h2>
              <AnswerPanel
                invitationId={invitation.id}
                slots={slots}
                actions={actions}
                feedback={feedback}
                holdsSlotsFromTeacher={party === 'host'}
                declineSide={declineSideOf(invitation.kind)}
                counterHint={view.speakerHours ? <SpeakerHours {...view.speakerHours} /> : null}
              />
            </Card>
          ) : null}
          {similar.length > 0 || similarPrograms.length > 0 ? (
            <Card>
              <h2>{t('invitation.similar.title')}</h2>
              <p className="muted">{t('invitation.similar.lead')}</p>
              <ul className="plain-list">
                {similar.map((s) => (
                  <li key={s.id}>
                    <Link to={`/invitations/new?topic=${s.id}`}>{s.title}</Link> ·{' '}
                    {t('common.parenthetical', {
                      text: s.speakerName,
                      note: t(`speakerCategory.${s.category}`),
                    })}
                    {s.distanceKm !== null ? ` · ${t('speakers.menu.distance', { km: s.distanceKm })}` : ''}
                  </li>
                ))}
                {similarPrograms.map((p) => (
                  <li key={p.id}>
                    <Link to={`/invitations/new?program=${p.id}`}>{p.title}</Link> · {p.venueName}
                    {p.distanceKm !== null ? ` · ${t('speakers.menu.distance', { km: p.distanceKm })}` : ''}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
