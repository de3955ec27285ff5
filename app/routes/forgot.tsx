import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { Alert, Button, Card, Honeypot, PageHeader, TextField } from '#app/components/ui.tsx';
import { EMAILED_RESET_MINUTES } from '#app/domain/accounts/reset-terms.ts';
import { ForgotSchema, RESET_LIMITS, requestPasswordReset } from '#app/domain/accounts/resets.server.ts';
import { honeypotTripped } from '#app/domain/accounts/schemas.ts';
import { getUser, requestMeta } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';

/** The action's Retry-After reaches the browser (Remix drops it otherwise). */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Retry-After') ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Signed in, the password is changed on the account page, with the old one.
  if (await getUser(request, context)) throw redirect('/account');
  const t = await getServerT(request);
  return { pageTitle: `${t('reset.forgotTitle')} · ${t('site.name')}` };
}

type Fields = Record<string, string>;

/** Asks for a reset link. The answer does not say whether the account exists. */
export async function action({ request, context }: ActionFunctionArgs) {
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  // Put back after a refusal. Not after sending: that answer reads the same whatever was asked (ADR 017).
  const typed = typedValues(form, ['identifier']);
  if (honeypotTripped(form))
    return data({ sent: false, fields: {} as Fields, formError: t('form.honeypot'), typed }, { status: 400 });
  const parsed = parseInput(ForgotSchema, form, t);
  if (!parsed.ok)
    return data({ sent: false, fields: parsed.fields, formError: null, typed }, { status: 400 });
  const meta = requestMeta(request, context);
  const result = await requestPasswordReset(context.db, parsed.data.identifier, {
    ...meta,
    publicUrl: siteUrl(context.config),
  });
  if (!result.ok) {
    const formError =
      result.limit === 'account'
        ? t('reset.accountLimited', { count: RESET_LIMITS.account.points, minutes: result.minutes })
        : t('auth.rateLimited', { minutes: result.minutes });
    return data(
      { sent: false, fields: {} as Fields, formError, typed },
      { status: 429, headers: { 'Retry-After': String(result.minutes * 60) } },
    );
  }
  return { sent: true, fields: {} as Fields, formError: null, typed: {} as Fields };
}

export default function Forgot() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const minutes = EMAILED_RESET_MINUTES;
  return (
    <div style={{ maxWidth: 560 }}>
      <PageHeader title={t('reset.forgotTitle')} lead={t('reset.forgotLead', { minutes })} />
      <Card>
        {actionData?.sent ? (
          <Alert tone="good" title={t('reset.sentTitle')}>
            {t('reset.sent', { minutes })}
          </Alert>
        ) : null}
        {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
        <Form method="post" className="form" noValidate>
          <Honeypot />
          <TextField
            label={t('auth.identifier')}
            name="identifier"
            autoComplete="username"
            required
            defaultValue={actionData?.typed.identifier}
            error={actionData?.fields.identifier}
          />
          <Button size="large" disabled={navigation.state === 'submitting'}>
            {t('reset.send')}
          </Button>
        </Form>
        <p className="muted">{t('reset.mobileOnly')}</p>
        <p>
          <Link to="/login">{t('auth.submit')}</Link>
        </p>
      </Card>
    </div>
  );
}
