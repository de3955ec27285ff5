import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { InvitationStatusBadge, useSlotFormat } from '#app/components/invitations.tsx';
import { ButtonLink, Card, EmptyState, PageHeader, Stat } from '#app/components/ui.tsx';
import { administeredSchoolIds } from '#app/domain/accounts/roles.ts';
import { listSchoolInvitations } from '#app/domain/speakers/invitations.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A teacher's invitations and outreach requests (a school admin sees the whole school's): what needs an answer first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'read:invitation:own-school');
  const t = await getServerT(request);
  const invitations = await listSchoolInvitations(context.db, user);
  const now = context.clock.now();
  return {
    pageTitle: `${t('invitation.list.title')} · ${t('site.name')}`,
    invitations,
    now,
    /** A school admin's list is the whole school's, not only what they sent. */
    wholeSchool: administeredSchoolIds(user).length > 0,
  };
}

export default function Invitations() {
  const { invitations, now, wholeSchool } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const when = useSlotFormat();
  const groups = [
    { key: 'yours', rows: invitations.filter((i) => i.status === 'countered') },
    { key: 'waiting', rows: invitations.filter((i) => i.status === 'pending') },
    {
      key: 'upcoming',
      rows: invitations.filter(
        (i) => i.status === 'scheduled' && new Date(i.scheduledEndsAt ?? 0) > new Date(now),
      ),
    },
    {
      key: 'feedback',
      rows: invitations.filter(
        (i) => i.status === 'scheduled' && new Date(i.scheduledEndsAt ?? 0) <= new Date(now),
      ),
    },
    {
      key: 'closed',
      rows: invitations.filter((i) => !['countered', 'pending', 'scheduled'].includes(i.status)),
    },
  ] as const;
  const count = (key: (typeof groups)[number]['key']) => groups.find((g) => g.key === key)?.rows.length ?? 0;
  return (
    <>
      <PageHeader
        title={t('invitation.list.title')}
        lead={wholeSchool ? t('invitation.list.leadSchool') : t('invitation.list.lead')}
        actions={
          <>
            <ButtonLink to="/speakers/topics">{t('invitation.list.newTalk')}</ButtonLink>
            <ButtonLink to="/outreach" variant="secondary">
              {t('invitation.list.newOutreach')}
            </ButtonLink>
          </>
        }
      />
      <div className="stats">
        <Stat value={format.number(count('yours'))} label={t('invitation.list.group.yours')} />
        <Stat value={format.number(count('waiting'))} label={t('invitation.list.group.waiting')} />
        <Stat value={format.number(count('upcoming'))} label={t('invitation.list.group.upcoming')} />
        <Stat
          value={format.number(invitations.filter((i) => i.status === 'completed').length)}
          label={t('invitation.list.held')}
        />
      </div>
      {invitations.length === 0 ? (
        <Card>
          <EmptyState title={wholeSchool ? t('invitation.list.emptySchool') : t('invitation.list.empty')}>
            <ButtonLink to="/speakers/topics">{t('invitation.list.newTalk')}</ButtonLink>
          </EmptyState>
        </Card>
      ) : (
        groups
          .filter((group) => group.rows.length > 0)
          .map((group) => (
            <section key={group.key} className="section-tight" aria-labelledby={`g-${group.key}`}>
              <h2 id={`g-${group.key}`}>{t(`invitation.list.group.${group.key}`)}</h2>
              <ul className="invitation-rows">
                {group.rows.map((row) => (
                  <li key={row.id}>
                    <div>
                      <Link to={`/invitations/${row.id}`} className="row-title">
                        {row.title}
                      </Link>
                      <span className="muted">
                        {' '}
                        · {row.host} ·{' '}
                        {row.kind === 'speaker'
                          ? t('invitation.kind.speaker')
                          : t('invitation.kind.outreach')}
                      </span>
                    </div>
                    <div className="muted">
                      {row.scheduledStartsAt && row.scheduledEndsAt
                        ? when(row.scheduledStartsAt, row.scheduledEndsAt)
                        : row.status === 'pending' || row.status === 'countered'
                          ? t('invitation.list.answerBy', { date: format.dateTime(row.expiresAt) })
                          : format.date(row.updatedAt)}
                      {' · '}
                      {row.teacherName}
                    </div>
                    <InvitationStatusBadge status={row.status} />
                  </li>
                ))}
              </ul>
            </section>
          ))
      )}
    </>
  );
}
