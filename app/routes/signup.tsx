import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { NewPasswordFields } from '#app/components/password-reset.tsx';
import { Alert, Button, Card, Honeypot, PageHeader, TextField } from '#app/components/ui.tsx';
import { normaliseIdentifier, openSession } from '#app/domain/accounts/accounts.server.ts';
import { signUpWait } from '#app/domain/accounts/rate-limit.server.ts';
import { honeypotTripped, SignUpSchema } from '#app/domain/accounts/schemas.ts';
import { createUser, UserInputSchema } from '#app/domain/accounts/users.server.ts';
import { getUser, readSessionSecret, requestMeta, sessionHeaders } from '#app/utils/auth.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context)) throw redirect('/account');
  const t = await getServerT(request);
  return { pageTitle: `${t('signup.title')} · ${t('site.name')}` };
}

type Fields = Record<string, string>;

/** A plain sign-up: an account with no role at all. Roles come by invitation or by an approved request. */
export async function action({ request, context }: ActionFunctionArgs) {
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  // Put back after any refusal, so nothing but the password is typed twice.
  const typed = typedValues(form, ['name', 'identifier']);
  if (honeypotTripped(form))
    return data({ fields: {} as Fields, formError: t('form.honeypot'), typed }, { status: 400 });
  const parsed = parseInput(SignUpSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields, formError: null, typed }, { status: 400 });
  const contact = normaliseIdentifier(parsed.data.identifier);
  const checked = UserInputSchema.safeParse({
    ...contact,
    name: parsed.data.name,
    password: parsed.data.password,
  });
  if (!checked.success) {
    return data(
      { fields: { identifier: t('signup.badIdentifier') } as Fields, formError: null, typed },
      { status: 400 },
    );
  }
  const meta = requestMeta(request, context);
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
  if (!created.ok) {
    return data(
      { fields: { identifier: t('signup.taken') } as Fields, formError: null, typed, taken: true },
      { status: 409 },
    );
  }
  const session = await openSession(context.db, created.userId, {
    ...meta,
    previousSessionSecret: await readSessionSecret(request, context),
  });
  return redirect('/account?welcome=1', { headers: await sessionHeaders(request, context, session) });
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 520 }}>
      <PageHeader title={t('signup.title')} lead={t('signup.lead')} />
      <Card>
        {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
        <Form method="post" className="form" noValidate>
          <Honeypot />
          <TextField
            label={t('signup.name')}
            name="name"
            autoComplete="name"
            required
            maxLength={60}
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
          {actionData && 'taken' in actionData ? (
            // The way on for someone who already has an account, beside the message that says so.
            <p className="field-next">
              <Link to="/login">{t('auth.submit')}</Link> · <Link to="/forgot">{t('auth.forgot')}</Link>
            </p>
          ) : null}
          <NewPasswordFields label="password" errors={actionData?.fields} />
          <Button size="large" disabled={navigation.state === 'submitting'}>
            {t('signup.submit')}
          </Button>
        </Form>
        <p>
          {t('signup.haveAccount')} <Link to="/login">{t('auth.submit')}</Link>
        </p>
      </Card>
    </div>
  );
}
