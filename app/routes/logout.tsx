import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form } from '@remix-run/react';
import { Button, Card, PageHeader } from '#app/components/ui.tsx';
import { signOut } from '#app/domain/accounts/accounts.server.ts';
import { getUser, readSessionSecret, sessionCookie } from '#app/utils/auth.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await getUser(request, context))) throw redirect('/');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const secret = await readSessionSecret(request, context);
  if (secret) {
    await signOut(context.db, secret, {
      now: context.clock.now(),
      ip: context.clientIp,
      requestId: context.requestId,
    });
  }
  return redirect('/', {
    headers: { 'Set-Cookie': await sessionCookie(request, context).serialize('', { maxAge: 0 }) },
  });
}

/** Signing out is a POST; a GET only asks. */
export default function Logout() {
  const { t } = useI18n();
  return (
    <Card>
      <PageHeader title={t('auth.signOutTitle')} lead={t('auth.signOutConfirm')} />
      <Form method="post">
        <Button>{t('nav.signOut')}</Button>
      </Form>
    </Card>
  );
}
