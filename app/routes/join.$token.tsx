import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { NewPasswordFields } from '#app/components/password-reset.tsx';
import { Alert, Button, Card, EmptyState, Honeypot, PageHeader, TextField } from '#app/components/ui.tsx';
import { normaliseIdentifier, openSession } from '#app/domain/accounts/accounts.server.ts';
import {
  acceptInvite,
  inviteRefusal,
  readInvite,
  schoolRolesElsewhere,
} from '#app/domain/accounts/invites.server.ts';
import { signUpWait } from '#app/domain/accounts/rate-limit.server.ts';
import { honeypotTripped, SignUpSchema } from '#app/domain/accounts/schemas.ts';
import { createUser, UserInputSchema } from '#app/domain/accounts/users.server.ts';
import { getUser, readSessionSecret, requestMeta, sessionHeaders } from '#app/utils/auth.server.ts';
import { homeFor, roleHomes } from '#app/utils/home.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { afterJoining } from '#app/utils/landing-note.server.ts';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [
  { title: pageTitle(args) },
  { name: 'robots', content: 'noindex' },
];

/** The page an invitation link opens: who invites to what, then join (signed in) or create an account and join. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const invite = await readInvite(context.db, params.token ?? '', context.clock.now());
  const user = await getUser(request, context);
  const t = await getServerT(request);
  // Someone who made the link or already holds its role there is told so, and offered no button that would use it.
  const refusal = user && invite.status === 'open' ? await inviteRefusal(context.db, invite, user.id) : null;
  const home = user ? homeFor(user.roles) : null;
  // Joining adds a school: the roles the person holds at other schools stay, and the page says so.
  const keeps =
    user && invite.status === 'open' && !refusal
      ? await schoolRolesElsewhere(context.db, user.id, invite.schoolId)
      : [];
  return {
    keeps,
    pageTitle: `${t('join.title')} · ${t('site.name')}`,
    invite: invite.status === 'open' ? { role: invite.role, schoolName: invite.schoolName } : null,
    status: invite.status,
    signedIn: user ? user.name : null,
    refusal,
    home: home
      ? { to: home, label: roleHomes.find((h) => h.path === home)?.label ?? ('account.title' as const) }
      : null,
  };
}

type Fields = Record<string, string>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const t = await getServerT(request);
  const token = params.token ?? '';
  const form = formToObject(await request.formData());
  // Put back after any refusal, as on /signup, so nothing but the password is typed twice.
  const typed = typedValues(form, ['name', 'identifier']);
  if (honeypotTripped(form))
    return data({ fields: {} as Fields, formError: t('form.honeypot'), typed }, { status: 400 });
  const meta = requestMeta(request, context);
  const user = await getUser(request, context);
  if (user) {
    const joined = await acceptInvite(context.db, token, { userId: user.id, ...meta }, meta.now);
    if (!joined.ok) {
      // Made the link, or already in: the page says so itself (its loader), and the link stays open.
      if (joined.error === 'own' || joined.error === 'member')
        return data({ fields: {} as Fields, formError: null, typed }, { status: 409 });
      return data({ fields: {} as Fields, formError: t(`join.${joined.error}`), typed }, { status: 410 });
    }
    // The person's roles changed: a fresh session id, as at any sign-in.
    const session = await openSession(context.db, user.id, {
      ...meta,
      previousSessionSecret: await readSessionSecret(request, context),
    });
    return redirect(
      afterJoining(homeFor([...user.roles, { role: joined.role }]), joined.schoolId, joined.role),
      {
        headers: await sessionHeaders(request, context, session),
      },
    );
  }
  const invite = await readInvite(context.db, token, meta.now);
  if (invite.status !== 'open') {
    return data({ fields: {} as Fields, formError: t(`join.${invite.status}`), typed }, { status: 410 });
  }
  const parsed = parseInput(SignUpSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields, formError: null, typed }, { status: 400 });
  const checked = UserInputSchema.safeParse({
    ...normaliseIdentifier(parsed.data.identifier),
    name: parsed.data.name,
    password: parsed.data.password,
  });
  if (!checked.success) {
    return data(
      { fields: { identifier: t('signup.badIdentifier') } as Fields, formError: null, typed },
      { status: 400 },
    );
  }
  // Counted like /signup: an open invitation link must not become a way to try addresses without limit.
  const minutes = await signUpWait(context.db, meta.ip, meta.now);
  if (minutes !== null) {
    return data(
      { fields: {} as Fields, formError: t('auth.rateLimited', { minutes }), typed },
      { status: 429 },
    );
  }
  const created = await createUser(
    context.db,
    { ...checked.data, locale: await getLocale(request) },
    { userId: null, requestId: context.requestId },
  );
  if (!created.ok)
    return data(
      { fields: { identifier: t('signup.taken') } as Fields, formError: null, typed },
      { status: 409 },
    );
  const joined = await acceptInvite(context.db, token, { userId: created.userId, ...meta }, meta.now);
  // A new account made nothing and holds nothing: only a link used or withdrawn meanwhile refuses it.
  if (!joined.ok)
    return data(
      {
        fields: {} as Fields,
        formError: t(`join.${joined.error === 'own' || joined.error === 'member' ? 'used' : joined.error}`),
        typed,
      },
      { status: 410 },
    );
  const session = await openSession(context.db, created.userId, meta);
  return redirect(afterJoining(homeFor([{ role: joined.role }]), joined.schoolId, joined.role), {
    headers: await sessionHeaders(request, context, session),
  });
}

export default function Join() {
  const { invite, status, signedIn, refusal, home, keeps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const { t, format } = useI18n();
  if (!invite) {
    return (
      <Card>
        <PageHeader title={t('join.title')} />
        <EmptyState title={t(`join.${status as 'expired' | 'used' | 'revoked' | 'unknown'}`)}>
          {/* Not a dead end: who can help, and where to go meanwhile. */}
          <p>{t('join.askAgain')}</p>
          <p className="row-actions">
            <Link to={home?.to ?? '/'}>
              {home ? t('join.goOn', { page: t(home.label) }) : t('join.home')}
            </Link>
            {signedIn ? null : <Link to="/login">{t('nav.signIn')}</Link>}
          </p>
        </EmptyState>
      </Card>
    );
  }
  return (
    <div style={{ maxWidth: 560 }}>
      <PageHeader
        title={t('join.title')}
        lead={t('join.lead', { school: invite.schoolName, role: t(`role.${invite.role}`) })}
      />
      <Card>
        {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
        {signedIn && refusal ? (
          <Alert tone="info">
            <p>
              {refusal === 'own'
                ? t('join.ownLink')
                : t('join.already', { school: invite.schoolName, role: t(`role.${invite.role}`) })}
            </p>
            {home ? <Link to={home.to}>{t('join.goOn', { page: t(home.label) })}</Link> : null}
          </Alert>
        ) : signedIn ? (
          <Form method="post" className="form">
            <p>{t('join.asUser', { name: signedIn })}</p>
            {keeps.length ? (
              <p>
                {t('join.keeps', {
                  places: format.list(
                    keeps.map((k) => t('join.place', { school: k.schoolName, role: t(`role.${k.role}`) })),
                  ),
                })}
              </p>
            ) : null}
            <Button size="large">{t('join.accept')}</Button>
          </Form>
        ) : (
          <>
            <p>
              {t('join.haveAccount')}{' '}
              <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {t('auth.submit')}
              </Link>
            </p>
            <h2>{t('join.newAccount')}</h2>
            <Form method="post" className="form" noValidate>
              <Honeypot />
              <TextField
                label={t('signup.name')}
                name="name"
                autoComplete="name"
                required
                defaultValue={actionData?.typed.name}
                error={actionData?.fields.name}
              />
              <TextField
                label={t('auth.identifier')}
                name="identifier"
                autoComplete="username"
                required
                defaultValue={actionData?.typed.identifier}
                error={actionData?.fields.identifier}
              />
              <NewPasswordFields label="password" errors={actionData?.fields} />
              <Button size="large">{t('join.signUpAndJoin')}</Button>
            </Form>
          </>
        )}
        {signedIn ? (
          // On a shared computer the link may be opened while someone else is signed in: they sign out and come back.
          <Form method="post" action="/logout" className="sign-out-instead">
            <input type="hidden" name="redirectTo" value={location.pathname} />
            <p>
              {t('join.notYou', { name: signedIn })}{' '}
              <Button variant="secondary">{t('join.signOutFirst')}</Button>
            </p>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}
