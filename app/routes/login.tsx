import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { Alert, Button, Card, Honeypot, PageHeader, TextField } from '#app/components/ui.tsx';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, signIn } from '#app/domain/accounts/accounts.server.ts';
import { minutesFrom } from '#app/domain/accounts/rate-limit.server.ts';
import { honeypotTripped, SignInSchema } from '#app/domain/accounts/schemas.ts';
import { getUser, readSessionSecret, safeRedirect, sessionCookie } from '#app/utils/auth.server.ts';
import { homeFor } from '#app/utils/home.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';

/** The action's Retry-After and Cache-Control reach the browser (Remix drops them otherwise). */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Retry-After') || actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

const HOUR = 60 * 60 * 1000;

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  const url = new URL(request.url);
  if (user) {
    const asked = safeRedirect(url.searchParams.get('redirectTo'), '/');
    throw redirect(asked === '/' ? homeFor(user.roles) : asked);
  }
  const t = await getServerT(request);
  const page = {
    pageTitle: `${t('auth.signInTitle')} · ${t('site.name')}`,
    demoPassword: context.config.embedded && context.config.seedDemo ? DEMO_PASSWORD : null,
    sessionEnded: null as { hours: number; days: number } | null,
  };
  // A cookie whose session has ended (idle, too old, ended elsewhere): say once why sign-in is asked again.
  if (!(await readSessionSecret(request, context))) return page;
  const cookie = sessionCookie(request, context);
  return data(
    {
      ...page,
      sessionEnded: { hours: IDLE_TIMEOUT_MS / HOUR, days: ABSOLUTE_TIMEOUT_MS / (24 * HOUR) },
    },
    { headers: { 'Set-Cookie': await cookie.serialize('', { maxAge: 0 }) } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  // The e-mail or mobile is put back after any refusal; the password never is.
  const typed = typedValues(form, ['identifier']);
  if (honeypotTripped(form)) {
    return data(
      { fields: {} as Record<string, string>, formError: t('form.honeypot'), typed },
      { status: 400 },
    );
  }
  const parsed = parseInput(SignInSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields, formError: null, typed }, { status: 400 });
  const result = await signIn(
    context.db,
    {
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      previousSessionSecret: await readSessionSecret(request, context),
    },
    {
      now: context.clock.now(),
      ip: context.clientIp,
      userAgent: request.headers.get('user-agent'),
      requestId: context.requestId,
    },
  );
  if (!result.ok) {
    if (result.error === 'rate_limited') {
      const minutes = minutesFrom(result.retryAfterMs);
      return data(
        { fields: {} as Record<string, string>, formError: t('auth.rateLimited', { minutes }), typed },
        { status: 429, headers: { 'Retry-After': String(Math.ceil(result.retryAfterMs / 1000)) } },
      );
    }
    // Warned before the account's limit stops it: the count is the same for any address typed, so it says nothing
    // about which accounts exist.
    const message =
      result.error === 'disabled'
        ? t('auth.disabled')
        : result.attemptsLeft === 0
          ? t('auth.failedLast', { minutes: minutesFrom(result.windowEndsInMs) })
          : result.attemptsLeft <= 2
            ? t('auth.failedFewLeft', {
                count: result.attemptsLeft,
                minutes: minutesFrom(result.windowEndsInMs),
              })
            : t('auth.failed');
    return data({ fields: {} as Record<string, string>, formError: message, typed }, { status: 401 });
  }
  const cookie = sessionCookie(request, context);
  // Back to the page that asked for sign-in; otherwise each role's own home.
  const asked = safeRedirect(parsed.data.redirectTo, '/');
  return redirect(asked === '/' ? homeFor(result.roles) : asked, {
    headers: { 'Set-Cookie': await cookie.serialize(result.sessionSecret, { expires: result.expiresAt }) },
  });
}

export default function Login() {
  const { demoPassword, sessionEnded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  // After any refusal the password is typed afresh, not added to what was refused (a page without JavaScript reloads
  // empty anyway).
  useEffect(() => {
    const password = form.current?.elements.namedItem('password');
    if (actionData && password instanceof HTMLInputElement) password.value = '';
  }, [actionData]);
  return (
    <div style={{ maxWidth: 520 }}>
      <PageHeader title={t('auth.signInTitle')} lead={t('auth.signInLead')} />
      <Card>
        {actionData?.formError ? (
          <Alert tone="bad">{actionData.formError}</Alert>
        ) : sessionEnded ? (
          <Alert tone="info">{t('auth.sessionEnded', sessionEnded)}</Alert>
        ) : params.get('required') ? (
          // Sent here on the way to something (a booking form, a report): say why, and that the way goes on after.
          <Alert tone="info">{t('auth.signInToContinue')}</Alert>
        ) : null}
        <Form method="post" className="form" noValidate ref={form}>
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
          <Honeypot />
          <TextField
            label={t('auth.identifier')}
            name="identifier"
            autoComplete="username"
            required
            defaultValue={actionData?.typed.identifier}
            error={actionData?.fields.identifier}
          />
          <TextField
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={actionData?.fields.password}
          />
          <Button size="large" disabled={navigation.state === 'submitting'}>
            {t('auth.submit')}
          </Button>
        </Form>
        <p>
          <Link to="/forgot">{t('auth.forgot')}</Link>
        </p>
        <p>
          {t('auth.noAccount')} <Link to="/signup">{t('signup.link')}</Link>
        </p>
        {demoPassword ? <p className="muted">{t('auth.demoHint', { password: demoPassword })}</p> : null}
      </Card>
    </div>
  );
}
