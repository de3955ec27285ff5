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
  useSlotFormat,
} from '#app/components/invitations.tsx';
import { Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { answerInvitationForm, answerStatus } from '#app/domain/speakers/answers.server.ts';
import { listHostInvitations } from '#app/domain/speakers/invitations.server.ts';
import { listOperatedVenues, operatedVenueIds } from '#app/domain/venues/access.server.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { actorFrom, type ConsoleHandle } from '#app/utils/console.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The desk shows every venue the operator runs, or the one `?venue=` names (an empty value: all of them). */
export const handle: ConsoleHandle = { allVenues: true };

async function operatorOf(request: Request, context: LoaderFunctionArgs['context']) {
  const user = await requirePermission(request, context, 'answer:outreach:own-venue');
  const venueIds = operatedVenueIds(user);
  if (venueIds.length === 0) throw await forbidden(request, context, user.id, 'answer:outreach:own-venue');
  return { user, venueIds };
}

/** The outreach desk (进校园) of the operator's venues: schools' requests to answer, then the visits ahead and the history. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, venueIds } = await operatorOf(request, context);
  const t = await getServerT(request);
  const wanted = new URL(request.url).searchParams.get('venue') || null;
  // Another venue's id is a desk that is not there for this operator: nothing about that venue is read.
  if (wanted !== null && !venueIds.includes(wanted)) throw new Response(t('error.notFound'), { status: 404 });
  const venues = await listOperatedVenues(context.db, actorFrom(user, context));
  return {
    pageTitle: `${t('outreach.console.title')} · ${t('site.name')}`,
    /** Each request names its venue when the desk shows more than one. */
    severalVenues: wanted === null && venueIds.length > 1,
    lists: await listHostInvitations(
      context.db,
      { venueIds: wanted ? [wanted] : venueIds },
      context.clock.now(),
    ),
    venueName: wanted ? (venues.find((v) => v.id === wanted)?.name ?? null) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await operatorOf(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const invitationId = typeof form.invitationId === 'string' ? form.invitationId : '';
  const result = await answerInvitationForm(
    context.db,
    user,
    invitationId,
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
  if (result.ok) {
    const venue = new URL(request.url).searchParams.get('venue');
    const back = new URLSearchParams({ ...(venue ? { venue } : {}), done: result.intent });
    return redirect(`/console/outreach?${back}`);
  }
  return data(result, { status: answerStatus(result) });
}

export default function OutreachDesk() {
  const { lists, severalVenues, venueName } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const when = useSlotFormat();
  return (
    <>
      <PageHeader
        title={t('outreach.console.title')}
        lead={
          venueName
            ? `${t('outreach.console.lead')} ${t('outreach.console.oneVenue', { venue: venueName })}`
            : t('outreach.console.lead')
        }
      />
      <DoneNotice done={params.get('done')} />
      <section className="section-tight" aria-labelledby="o-waiting">
        <h2 id="o-waiting">{t('outreach.console.waiting', { count: lists.waiting.length })}</h2>
        {lists.waiting.length === 0 ? (
          <Card>
            <EmptyState title={t('outreach.console.none')} />
          </Card>
        ) : (
          <ul className="invitation-cards">
            {lists.waiting.map(({ invitation, slots }) => (
              <Card as="li" key={invitation.id} className="invitation-card">
                <h3>
                  <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link>
                </h3>
                <dl className="facts">
                  {severalVenues ? (
                    <>
                      <dt>{t('outreach.console.venue')}</dt>
                      <dd>{invitation.host}</dd>
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
                  {invitation.notes ? (
                    <>
                      <dt>{t('invitation.facts.notes')}</dt>
                      <dd>{invitation.notes}</dd>
                    </>
                  ) : null}
                  <dt>{t('invitation.facts.answerBy')}</dt>
                  <dd>{format.dateTime(invitation.expiresAt)}</dd>
                </dl>
                <AnswerPanel
                  invitationId={invitation.id}
                  slots={slots}
                  actions={['accept', 'counter', 'decline']}
                  feedback={feedback}
                  holdsSlotsFromTeacher
                  declineSide="venue"
                />
              </Card>
            ))}
          </ul>
        )}
      </section>
      {[
        { key: 'countered', title: t('outreach.console.countered'), rows: lists.countered },
        { key: 'upcoming', title: t('outreach.console.upcoming'), rows: lists.upcoming },
        { key: 'past', title: t('outreach.console.past'), rows: lists.past },
      ]
        .filter((group) => group.rows.length > 0)
        .map((group) => (
          <section key={group.key} className="section-tight" aria-labelledby={`o-${group.key}`}>
            <h2 id={`o-${group.key}`}>{group.title}</h2>
            <ul className="invitation-rows">
              {group.rows.map((row) => (
                <li key={row.id}>
                  <div>
                    <Link to={`/invitations/${row.id}`} className="row-title">
                      {row.title}
                    </Link>{' '}
                    <span className="muted">· {row.schoolName}</span>
                    {severalVenues ? <span className="muted"> · {row.host}</span> : null}
                  </div>
                  <div className="muted">
                    {row.scheduledStartsAt && row.scheduledEndsAt
                      ? when(row.scheduledStartsAt, row.scheduledEndsAt)
                      : format.date(row.updatedAt)}
                  </div>
                  <InvitationStatusBadge status={row.status} />
                </li>
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}
