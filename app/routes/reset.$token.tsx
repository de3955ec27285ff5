import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { NewPasswordFields } from '#app/components/password-reset.tsx';
import { Alert, Button, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { activeRoles, openSession } from '#app/domain/accounts/accounts.server.ts';
import {
  completePasswordReset,
  NewPasswordSchema,
  readPasswordReset,
} from '#app/domain/accounts/resets.server.ts';
import { readSessionSecret, requestMeta, sessionHeaders } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { homeFor } from '#app/utils/home.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { afterReset } from '#app/utils/landing-note.server.ts';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

/** The page lives at a secret address and names the account: no cache keeps it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export const meta: MetaFunction<typeof loader> = (args) => [
  { title: pageTitle(args) },
  { name: 'robots', content: 'noindex' },
];

/** The page a reset link opens: the new password for the named account, or why the link no longer works. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const state = await readPasswordReset(context.db, params.token ?? '', context.clock.now());
  const t = await getServerT(request);
  return {
    pageTitle: `${t('reset.title')} · ${t('site.name')}`,
    name: state.status === 'open' ? state.name : null,
    status: state.status,
  };
}

type Fields = Record<string, string>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const parsed = parseInput(NewPasswordSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields, formError: null }, { status: 400 });
  const meta = requestMeta(request, context);
  const done = await completePasswordReset(context.db, params.token ?? '', parsed.data.password, {
    ...meta,
    publicUrl: siteUrl(context.config),
  });
  if (!done.ok) return data({ fields: {} as Fields, formError: t(`reset.${done.error}`) }, { status: 410 });
  // The link proved who this is: signed in with a fresh session (any session the browser had is ended).
  const session = await openSession(context.db, done.userId, {
    ...meta,
    previousSessionSecret: await readSessionSecret(request, context),
  });
  return redirect(afterReset(homeFor(await activeRoles(context.db, done.userId))), {
    headers: await sessionHeaders(request, context, session),
  });
}

export default function Reset() {
  const { name, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  if (!name) {
    return (
      <Card>
        <PageHeader title={t('reset.title')} />
        <EmptyState title={t(`reset.${status as 'expired' | 'used' | 'unknown'}`)}>
          <Link to="/forgot">{t('reset.again')}</Link>
        </EmptyState>
      </Card>
    );
  }
  return (
    <div style={{ maxWidth: 560 }}>
      <PageHeader title={t('reset.title')} lead={t('reset.lead', { name })} />
      <Card>
        {actionData?.formError ? (
          <Alert tone="bad">
            {actionData.formError} <Link to="/forgot">{t('reset.again')}</Link>
          </Alert>
        ) : null}
        <Form method="post" className="form" noValidate>
          <NewPasswordFields label="newPassword" errors={actionData?.fields} />
          <Button size="large" disabled={navigation.state === 'submitting'}>
            {t('reset.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
