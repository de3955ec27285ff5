import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form } from '@remix-run/react';
import { Button, Card, PageHeader } from '#app/components/ui.tsx';
import { signOut } from '#app/domain/accounts/accounts.server.ts';
import { getUser, readSessionSecret, safeRedirect, sessionCookie } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { afterSignOut } from '#app/utils/landing-note.server.ts';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await getUser(request, context))) throw redirect('/');
  const t = await getServerT(request);
  return { pageTitle: `${t('auth.signOutTitle')} · ${t('site.name')}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A page that offers to sign out (an invitation opened while someone else is signed in) is returned to, without its
  // query; anything else lands at home.
  const back = safeRedirect((await request.formData()).get('redirectTo'), '/').split(/[?#]/)[0] || '/';
  const secret = await readSessionSecret(request, context);
  if (secret) {
    await signOut(context.db, secret, {
      now: context.clock.now(),
      ip: context.clientIp,
      requestId: context.requestId,
    });
  }
  return redirect(afterSignOut(back), {
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
