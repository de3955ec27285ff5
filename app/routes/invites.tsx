import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { IssuedResetLink, issuedLinkOf } from '#app/components/password-reset.tsx';
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmFold,
  EmptyState,
  PageHeader,
  SecretText,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import {
  createInvite,
  findSchools,
  INVITE_DAYS,
  InviteSchema,
  listInvites,
  listSchoolStaff,
  managedSchoolIds,
  mayInvite,
  RemoveMemberConfirmSchema,
  RevokeInviteConfirmSchema,
  removeSchoolMember,
  revokeInvite,
  schoolsByIds,
  schoolsInvitedBy,
} from '#app/domain/accounts/invites.server.ts';
import { ISSUED_RESET_DAYS } from '#app/domain/accounts/reset-terms.ts';
import { handedOverLink, issuePasswordReset, memberUserId } from '#app/domain/accounts/resets.server.ts';
import { IdSchema } from '#app/domain/accounts/self.server.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

/** School admins invite teachers of their own school by a link that expires; admins may invite to any school. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'manage:teacher:own-school');
  const admin = user.roles.some((r) => r.role === 'admin');
  const own = managedSchoolIds(user);
  const q = new URL(request.url).searchParams.get('q')?.slice(0, 50) ?? '';
  const schoolChoices = admin ? await findSchools(context.db, q) : [];
  const mine = own.length ? await schoolsByIds(context.db, own) : [];
  // An admin belongs to no school: the lists show the schools the admin has made links for.
  const listed = admin ? [...new Set([...own, ...(await schoolsInvitedBy(context.db, user.id))])] : own;
  const [invitesList, staff] = await Promise.all([
    listInvites(context.db, listed),
    listSchoolStaff(context.db, listed),
  ]);
  const t = await getServerT(request);
  return {
    pageTitle: `${t('invites.title')} · ${t('site.name')}`,
    admin,
    q,
    schools: [...mine, ...schoolChoices.filter((s) => !own.includes(s.id))],
    invites: invitesList.map(({ schoolId, ...invite }) => ({
      ...invite,
      // A school admin revokes the teacher links of their school; a school admin's link is the admin's to revoke.
      mayRevoke: schoolId !== null && mayInvite(user, schoolId, invite.role),
    })),
    staff,
    now: context.clock.now().toISOString(),
    days: INVITE_DAYS,
    resetDays: ISSUED_RESET_DAYS,
  };
}

type Fields = Record<string, string>;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'manage:teacher:own-school');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const now = context.clock.now();
  const actor = {
    userId: user.id,
    roles: user.roles,
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  };
  if (form.intent === 'remove') {
    const parsed = parseInput(IdSchema, form, t);
    if (!parsed.ok) return data({ fields: parsed.fields as Fields, link: null }, { status: 400 });
    // The school's calendar address changes for everyone with it: the box must be ticked first.
    const confirmed = parseInput(RemoveMemberConfirmSchema, form, t);
    if (!confirmed.ok)
      return data(
        {
          fields: {} as Fields,
          link: null,
          unconfirmed: { id: parsed.data.id, message: confirmed.fields.confirm ?? '' },
        },
        { status: 400 },
      );
    if (!(await removeSchoolMember(context.db, actor, parsed.data.id, now))) {
      throw new Response('Not Found', { status: 404 });
    }
    return data({ fields: {} as Fields, link: null, removed: true });
  }
  if (form.intent === 'revoke') {
    const parsed = parseInput(IdSchema, form, t);
    if (!parsed.ok) return data({ fields: parsed.fields as Fields, link: null }, { status: 400 });
    // A link sent to the wrong person is withdrawn on purpose: the box must be ticked first.
    const confirmed = parseInput(RevokeInviteConfirmSchema, form, t);
    if (!confirmed.ok)
      return data(
        {
          fields: {} as Fields,
          link: null,
          unconfirmedRevoke: { id: parsed.data.id, message: confirmed.fields.confirm ?? '' },
        },
        { status: 400 },
      );
    const revoked = await revokeInvite(context.db, actor, parsed.data.id, now);
    if (!revoked.ok) {
      if (revoked.error === 'not_found') throw new Response('Not Found', { status: 404 });
      return data(
        { fields: {} as Fields, link: null, revokeError: t('invites.revokeClosed') },
        { status: 409 },
      );
    }
    return data({ fields: {} as Fields, link: null, revoked: true });
  }
  if (form.intent === 'reset') {
    // A teacher who forgot the password and has no e-mail address: a link for the school admin to hand over.
    const parsed = parseInput(IdSchema, form, t);
    if (!parsed.ok) return data({ fields: parsed.fields as Fields, link: null }, { status: 400 });
    const userId = await memberUserId(context.db, actor, parsed.data.id);
    if (!userId) throw new Response('Not Found', { status: 404 });
    const issued = await issuePasswordReset(context.db, actor, userId, now);
    if (!issued.ok) {
      if (issued.error === 'unknown') throw new Response('Not Found', { status: 404 });
      const message = t(issued.error === 'disabled' ? 'reset.disabled' : 'reset.forbidden');
      return data({ fields: {} as Fields, link: null, resetError: message }, { status: 422 });
    }
    const base = context.config.publicUrl ?? new URL(request.url).origin;
    return data(
      {
        fields: {} as Fields,
        link: null,
        reset: handedOverLink(base, issued),
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const parsed = parseInput(InviteSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields as Fields, link: null }, { status: 400 });
  const created = await createInvite(context.db, actor, parsed.data, now);
  if (!created.ok) {
    if (created.error === 'forbidden')
      throw await forbidden(request, context, user.id, 'manage:teacher:own-school');
    return data({ fields: { schoolId: t('validation.choice') } as Fields, link: null }, { status: 400 });
  }
  const base = context.config.publicUrl ?? new URL(request.url).origin;
  return data(
    {
      fields: {} as Fields,
      link: `${base}/join/${created.token}`,
      expiresAt: created.expiresAt.toISOString(),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export default function Invites() {
  const { admin, q, schools, invites, staff, now, days, resetDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const issued = issuedLinkOf(actionData);
  const unconfirmed =
    actionData && 'unconfirmed' in actionData
      ? (actionData.unconfirmed as { id: string; message: string })
      : null;
  const unconfirmedRevoke =
    actionData && 'unconfirmedRevoke' in actionData
      ? (actionData.unconfirmedRevoke as { id: string; message: string })
      : null;
  const { t, format } = useI18n();
  return (
    <div className="stack">
      <PageHeader title={t('invites.title')} lead={t('invites.lead', { days })} />
      <Card>
        <h2>{t('invites.newTitle')}</h2>
        {actionData?.link ? (
          <Alert tone="good" title={t('invites.created')}>
            <p>{t('invites.createdHint', { days })}</p>
            <SecretText value={actionData.link} testId="invite-link" />
          </Alert>
        ) : null}
        {admin ? (
          <Form method="get" className="form">
            <TextField label={t('invites.searchSchool')} name="q" defaultValue={q} />
            <Button variant="secondary">{t('search.submit')}</Button>
          </Form>
        ) : null}
        {schools.length === 0 ? (
          <EmptyState title={t('invites.noSchools')} />
        ) : (
          <Form method="post" className="form" noValidate>
            <SelectField
              label={t('invites.school')}
              name="schoolId"
              options={schools.map((s) => ({ value: s.id, label: s.name }))}
              error={actionData?.fields.schoolId}
            />
            <SelectField
              label={t('invites.role')}
              name="role"
              options={[
                { value: 'teacher', label: t('role.teacher') },
                ...(admin ? [{ value: 'school_admin', label: t('role.school_admin') }] : []),
              ]}
              error={actionData?.fields.role}
            />
            <Button size="large">{t('invites.create')}</Button>
          </Form>
        )}
      </Card>
      <Card>
        <h2>{t('invites.staffTitle')}</h2>
        {actionData && 'removed' in actionData && actionData.removed ? (
          <Alert tone="good" title={t('invites.removed')}>
            <p>
              {t('invites.removedFeed')} <a href="/calendars">{t('calendar.page.title')}</a>
            </p>
          </Alert>
        ) : null}
        {issued ? <IssuedResetLink {...issued} /> : null}
        {actionData && 'resetError' in actionData ? (
          <Alert tone="bad">{String(actionData.resetError)}</Alert>
        ) : null}
        {/* Said only where a button follows: a teacher of the school without an e-mail address. */}
        {staff.some((m) => m.role === 'teacher' && !m.hasEmail) ? (
          <p className="muted">{t('reset.issueLead', { days: resetDays })}</p>
        ) : null}
        {staff.length === 0 ? (
          <EmptyState title={t('invites.noStaff')} />
        ) : (
          <ul className="plain-list">
            {staff.map((m) => (
              <li key={m.membershipId} className="row-between">
                <span>
                  {m.name} <Badge tone="info">{t(`role.${m.role}`)}</Badge>{' '}
                  <span className="muted">{m.schoolName}</span>
                </span>
                {m.role === 'teacher' ? (
                  <span className="row-actions">
                    {m.hasEmail ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="reset" />
                        <input type="hidden" name="id" value={m.membershipId} />
                        <Button variant="quiet">{t('reset.issue')}</Button>
                      </Form>
                    )}
                    <ConfirmFold
                      summary={t('invites.remove')}
                      fields={{ intent: 'remove', id: m.membershipId }}
                      lead={t('invites.removeLead', { name: m.name, school: m.schoolName })}
                      confirmId={`confirm-${m.membershipId}`}
                      confirmLabel={t('invites.removeConfirm')}
                      submit={t('invites.removeSubmit')}
                      error={unconfirmed?.id === m.membershipId ? unconfirmed.message : undefined}
                    />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2>{t('invites.listTitle')}</h2>
        {actionData && 'revoked' in actionData && actionData.revoked ? (
          <Alert tone="good">{t('invites.revokeDone')}</Alert>
        ) : null}
        {actionData && 'revokeError' in actionData ? (
          <Alert tone="bad">{String(actionData.revokeError)}</Alert>
        ) : null}
        {invites.length === 0 ? (
          <EmptyState title={t('invites.none')} />
        ) : (
          <ul className="plain-list">
            {invites.map((i) => {
              const role = t(`role.${i.role as 'teacher'}`);
              const open = !i.usedAt && !i.revokedAt && new Date(i.expiresAt) > new Date(now);
              // Links to one school look alike: when each was made, and how its address ends, tell them apart.
              const which = [
                role,
                i.schoolName,
                t('invites.madeAt', { at: format.dateTime(i.createdAt) }),
                ...(i.tokenTail ? [t('invites.linkEnd', { tail: i.tokenTail })] : []),
              ].join(' · ');
              return (
                <li key={i.id} className="row-between">
                  <span>
                    {which} ·{' '}
                    {i.usedAt ? (
                      <Badge tone="good">{t('invites.usedBy', { name: i.usedByName ?? '' })}</Badge>
                    ) : i.revokedAt ? (
                      <Badge tone="neutral">{t('invites.revoked')}</Badge>
                    ) : !open ? (
                      <Badge tone="neutral">{t('invites.expired')}</Badge>
                    ) : (
                      <Badge tone="info">
                        {t('invites.openUntil', { at: format.dateTime(i.expiresAt) })}
                      </Badge>
                    )}
                  </span>
                  {open && i.mayRevoke ? (
                    <ConfirmFold
                      summary={t('invites.revoke')}
                      fields={{ intent: 'revoke', id: i.id }}
                      lead={t('invites.revokeLead', { link: which })}
                      confirmId={`revoke-${i.id}`}
                      confirmLabel={t('invites.revokeConfirm')}
                      submit={t('invites.revokeSubmit')}
                      error={unconfirmedRevoke?.id === i.id ? unconfirmedRevoke.message : undefined}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </div>
  );
}
