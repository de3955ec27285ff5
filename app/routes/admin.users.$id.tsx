import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { IssuedResetLink, issuedLinkOf } from '#app/components/password-reset.tsx';
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  ConfirmFold,
  PageHeader,
  SelectField,
  TextField,
} from '#app/components/ui.tsx';
import {
  AddMembershipSchema,
  AdminConfirmSchema,
  addMembership,
  type HeldTarget,
  removedMembership,
  removeMembership,
  setDisabled,
  type TargetChoice,
  userDetail,
} from '#app/domain/accounts/admin.server.ts';
import { ISSUED_RESET_DAYS } from '#app/domain/accounts/reset-terms.ts';
import { handedOverLink, issuePasswordReset } from '#app/domain/accounts/resets.server.ts';
import { IdSchema } from '#app/domain/accounts/self.server.ts';
import { getFormatters, getT } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getLocale } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';
import { type Role, roles } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A reset link is answered with no-store (the page holds a secret shown once). */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

/** Where a school, venue or speaker to choose is: its region (named in the interface language) and its code. */
function targetPlace(region: string, code: string | null): string {
  return code ? `${region} · ${code}` : region;
}

function userIdOf(params: { id?: string }): string {
  const parsed = IdSchema.safeParse({ id: params.id });
  if (!parsed.success) throw new Response('Not Found', { status: 404 });
  return parsed.data.id;
}

/** A role given or removed a moment ago, for the page to say so: what it is (or was) over, named. */
type DoneRole = { done: 'granted' | 'removed'; role: Role } & HeldTarget;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, context, 'manage:user:any');
  const person = await userDetail(context.db, userIdOf(params), admin.id);
  if (!person) throw new Response('Not Found', { status: 404 });
  const t = getT(await getLocale(request));
  // After a change the page comes back with `?granted=` or `?removed=` and the membership's id.
  const url = new URL(request.url);
  const grantedId = url.searchParams.get('granted');
  const removedId = url.searchParams.get('removed');
  const granted = grantedId ? person.memberships.find((m) => m.id === grantedId) : undefined;
  const removed = removedId ? await removedMembership(context.db, person.id, removedId) : null;
  const done: DoneRole | null = granted
    ? { done: 'granted', role: granted.role, target: granted.target, targetRegion: granted.targetRegion }
    : removed
      ? { done: 'removed', ...removed }
      : null;
  return {
    pageTitle: `${person.name} · ${t('admin.title')} · ${t('site.name')}`,
    person,
    self: person.id === admin.id,
    done,
  };
}

type Fields = Record<string, string>;

/** What the add-role form sent, to fill it in again, and the matches to choose from when a name matched several. */
interface AddRoleAnswer {
  values: { role: string; target: string };
  choices?: TargetChoice[];
}

function addRoleAnswerOf(actionData: unknown): AddRoleAnswer | null {
  if (!actionData || typeof actionData !== 'object' || !('addRole' in actionData)) return null;
  return actionData.addRole as AddRoleAnswer;
}

/** A removal or disabling sent without its box ticked: which form (a membership's id, or 'account') and the word. */
interface Unconfirmed {
  form: string;
  message: string;
}

function unconfirmedOf(actionData: unknown): Unconfirmed | null {
  if (!actionData || typeof actionData !== 'object' || !('unconfirmed' in actionData)) return null;
  return actionData.unconfirmed as Unconfirmed;
}

/** An admin or auditor role asked for without its box ticked: the role to confirm, over what, and the word. */
interface UnconfirmedGrant extends HeldTarget {
  role: Role;
  /** What the form sent as the target (the region's code), sent again with the box ticked. */
  typedTarget: string;
  /** Null when the fold is the next step asked for, not a refusal. */
  message: string | null;
}

function unconfirmedGrantOf(actionData: unknown): UnconfirmedGrant | null {
  if (!actionData || typeof actionData !== 'object' || !('grant' in actionData)) return null;
  return actionData.grant as UnconfirmedGrant;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, context, 'manage:user:any');
  const userId = userIdOf(params);
  const locale = await getLocale(request);
  const t = getT(locale);
  const form = formToObject(await request.formData());
  const actor = {
    userId: admin.id,
    roles: admin.roles,
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  };
  const now = context.clock.now();
  // Removing a role and disabling an account end access and calendar addresses: the box must be ticked first.
  const unconfirmed = (which: string) => {
    const confirmed = parseInput(AdminConfirmSchema, form, t);
    if (confirmed.ok) return null;
    const message = confirmed.fields.confirm ?? t('admin.confirmMissing');
    return data(
      { fields: {} as Fields, formError: null, unconfirmed: { form: which, message } satisfies Unconfirmed },
      { status: 400 },
    );
  };
  switch (form.intent) {
    case 'disable':
    case 'enable': {
      const refused = form.intent === 'disable' ? unconfirmed('account') : null;
      if (refused) return refused;
      const result = await setDisabled(context.db, actor, userId, form.intent === 'disable', now);
      if (result === 'unknown') throw new Response('Not Found', { status: 404 });
      if (result === 'self')
        return data({ fields: {} as Fields, formError: t('admin.notSelf') }, { status: 422 });
      return redirect(`/admin/users/${userId}`);
    }
    case 'add-role': {
      const addRole: AddRoleAnswer = {
        values: { role: String(form.role ?? ''), target: String(form.target ?? '') },
      };
      const parsed = parseInput(AddMembershipSchema, form, t);
      if (!parsed.ok) return data({ fields: parsed.fields, formError: null, addRole }, { status: 400 });
      const added = await addMembership(context.db, actor, userId, parsed.data, now);
      if (added.ok) return redirect(`/admin/users/${userId}?granted=${added.membershipId}`);
      if (added.error === 'unconfirmed') {
        // Asked from the role form, the grant's confirmation is the next step, not a mistake: the fold opens without
        // an error. Sent from the fold (or with any other `confirm`) but unticked, it is refused on the box.
        const asked = form.step !== 'confirm' && form.confirm === undefined;
        const grant: UnconfirmedGrant = {
          role: added.role,
          ...added.held,
          typedTarget: parsed.data.target,
          message: asked ? null : t('admin.grantConfirmMissing'),
        };
        return data({ fields: {} as Fields, formError: null, addRole, grant }, { status: asked ? 200 : 400 });
      }
      if (added.error === 'ambiguous') {
        // Named by a name several share: the message lists them, and each gets a button below the form.
        const choices = getFormatters(locale).list(
          added.choices.map((c) =>
            t('admin.targetChoice', {
              name: c.name,
              place: targetPlace(regionName(locale, { code: c.regionCode, name: c.regionName }), c.code),
            }),
          ),
        );
        const message = added.more
          ? t('admin.targetAmbiguousMore', {
              query: parsed.data.target,
              count: added.choices.length,
              choices,
            })
          : t('admin.targetAmbiguous', { query: parsed.data.target, choices });
        return data(
          {
            fields: { target: message } as Fields,
            formError: null,
            addRole: { ...addRole, choices: added.choices },
          },
          { status: 422 },
        );
      }
      const message =
        added.error === 'duplicate'
          ? t('admin.duplicateRole')
          : added.error === 'speaker_taken'
            ? t('admin.speakerTaken')
            : added.error === 'ambiguous_region'
              ? t('admin.regionAmbiguous', {
                  query: parsed.data.target,
                  choices: getFormatters(locale).list(
                    added.regions.map((r) =>
                      t('admin.targetChoice', {
                        name: regionName(locale, { code: r.code, name: r.name }),
                        place: r.code,
                      }),
                    ),
                  ),
                })
              : parsed.data.role === 'auditor'
                ? t('admin.unknownRegion')
                : t('admin.unknownTarget');
      return data({ fields: { target: message } as Fields, formError: null, addRole }, { status: 422 });
    }
    case 'remove-role': {
      const parsed = parseInput(IdSchema, form, t);
      if (!parsed.ok) return data({ fields: parsed.fields, formError: null }, { status: 400 });
      const refused = unconfirmed(parsed.data.id);
      if (refused) return refused;
      if (!(await removeMembership(context.db, actor, userId, parsed.data.id))) {
        throw new Response('Not Found', { status: 404 });
      }
      return redirect(`/admin/users/${userId}?removed=${parsed.data.id}`);
    }
    case 'reset': {
      const issued = await issuePasswordReset(context.db, actor, userId, now);
      if (!issued.ok) {
        if (issued.error === 'unknown') throw new Response('Not Found', { status: 404 });
        const message = t(issued.error === 'disabled' ? 'reset.disabled' : 'reset.notSelf');
        return data({ fields: {} as Fields, formError: message }, { status: 422 });
      }
      const base = context.config.publicUrl ?? new URL(request.url).origin;
      return data(
        {
          fields: {} as Fields,
          formError: null,
          reset: handedOverLink(base, issued),
        },
        { headers: { 'Cache-Control': 'no-store' } },
      );
    }
    default:
      return data({ fields: {} as Fields, formError: t('validation.invalid') }, { status: 400 });
  }
}

export default function AdminUser() {
  const { person, self, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const issued = issuedLinkOf(actionData);
  const addRole = addRoleAnswerOf(actionData);
  const typed = addRole?.values;
  const choices = addRole?.choices ?? [];
  const unconfirmed = unconfirmedOf(actionData);
  const grant = unconfirmedGrantOf(actionData);
  const { t, format } = useI18n();
  const placeName = useRegionName();
  /** A role with what it is over: 教育局审核员（呼和浩特市）. */
  const roleOver = (role: Role, held: HeldTarget) => {
    const over = held.targetRegion ? placeName(held.targetRegion) : held.target;
    return over ? t('common.parenthetical', { text: t(`role.${role}`), note: over }) : t(`role.${role}`);
  };
  return (
    <div className="stack">
      <PageHeader
        title={person.name}
        lead={`${person.email ?? person.mobile ?? ''} · ${t('admin.since', { at: format.date(person.createdAt) })}`}
        actions={<Link to="/admin">{t('admin.back')}</Link>}
      />
      {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
      {done && !actionData ? (
        <Alert tone="good">
          {t(done.done === 'granted' ? 'admin.granted' : 'admin.removed', {
            name: person.name,
            role: roleOver(done.role, done),
          })}
        </Alert>
      ) : null}
      <Card>
        <h2>{t('admin.roles')}</h2>
        {person.memberships.length === 0 ? (
          <p className="muted">{t('admin.noRoles', { name: person.name })}</p>
        ) : null}
        <ul className="plain-list">
          {person.memberships.map((m) => (
            <li key={m.id} className="row-between">
              <span>
                <Badge tone={m.status === 'active' ? 'info' : 'warn'}>{t(`role.${m.role}`)}</Badge>{' '}
                {m.targetRegion ? placeName(m.targetRegion) : m.target}{' '}
                {m.status === 'active' ? null : (
                  <span className="muted">{t(`admin.status.${m.status as 'pending'}`)}</span>
                )}
              </span>
              {m.removable ? (
                <ConfirmFold
                  summary={t('admin.removeRole')}
                  fields={{ intent: 'remove-role', id: m.id }}
                  lead={
                    <>
                      {t('admin.removeRoleLead', { name: person.name, role: t(`role.${m.role}`) })}
                      {m.renewsFeed ? ` ${t('admin.removeRoleFeed', { target: m.target ?? '' })}` : null}
                    </>
                  }
                  confirmId={`confirm-${m.id}`}
                  confirmLabel={t('admin.removeRoleConfirm')}
                  submit={t('admin.removeRoleSubmit')}
                  error={unconfirmed?.form === m.id ? unconfirmed.message : undefined}
                />
              ) : (
                <span className="muted small">{t('admin.ownAdminRoleKept')}</span>
              )}
            </li>
          ))}
        </ul>
        <h3>{t('admin.addRole')}</h3>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add-role" />
          <SelectField
            label={t('invites.role')}
            name="role"
            defaultValue={typed?.role}
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            error={actionData?.fields.role}
          />
          <TextField
            label={t('admin.target')}
            name="target"
            defaultValue={typed?.target}
            hint={t('admin.targetHint')}
            error={actionData?.fields.target}
          />
          <Button>{t('admin.addRole')}</Button>
        </Form>
        {grant ? (
          <ConfirmFold
            summary={t('admin.grantSummary', { role: roleOver(grant.role, grant) })}
            fields={{ intent: 'add-role', step: 'confirm', role: grant.role, target: grant.typedTarget }}
            lead={
              grant.role === 'admin'
                ? t('admin.grantAdminLead', { name: person.name })
                : t('admin.grantAuditorLead', { name: person.name, role: roleOver(grant.role, grant) })
            }
            confirmId="confirm-grant"
            confirmLabel={t('admin.grantConfirm')}
            submit={t('admin.grantSubmit')}
            error={grant.message ?? undefined}
            open
            className="fold-after-form"
          />
        ) : null}
        {choices.length > 0 ? (
          <>
            <h4>{t('admin.targetChoices')}</h4>
            <ul className="plain-list">
              {choices.map((c) => (
                <li key={c.id} className="row-between">
                  <span>
                    {c.name}{' '}
                    <span className="muted">
                      {targetPlace(placeName({ code: c.regionCode, name: c.regionName }), c.code)}
                    </span>
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="add-role" />
                    <input type="hidden" name="role" value={typed?.role} />
                    <input type="hidden" name="target" value={c.id} />
                    <Button variant="secondary" aria-label={t('admin.chooseTargetFor', { name: c.name })}>
                      {t('admin.chooseTarget')}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
      <Card>
        <h2>{t('admin.accountTitle')}</h2>
        {person.disabled ? (
          <Alert tone="warn">{t('admin.isDisabled')}</Alert>
        ) : (
          <p>{t('admin.disableLead')}</p>
        )}
        {self ? null : person.disabled ? (
          <Form method="post">
            <input type="hidden" name="intent" value="enable" />
            <Button>{t('admin.enable')}</Button>
          </Form>
        ) : (
          // noValidate: an unticked box gets the server's message at the box, in the page's language.
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="disable" />
            {person.memberships.some((m) => m.renewsFeed) ? (
              <p className="muted small">{t('admin.disableFeed')}</p>
            ) : null}
            <CheckboxField
              id="confirm-account"
              label={t('admin.disableConfirm')}
              name="confirm"
              value="yes"
              required
              error={unconfirmed?.form === 'account' ? unconfirmed.message : undefined}
            />
            <Button variant="danger">{t('admin.disable')}</Button>
          </Form>
        )}
      </Card>
      {self || person.disabled ? null : (
        <Card>
          <h2>{t('reset.issueTitle')}</h2>
          {issued ? <IssuedResetLink {...issued} /> : null}
          <p>{t('reset.issueLead', { days: ISSUED_RESET_DAYS })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reset" />
            <Button variant="secondary">{t('reset.issue')}</Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
