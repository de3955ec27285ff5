import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { setOwnLocale } from '#app/domain/accounts/self.server.ts';
import { isLocale } from '#app/i18n/index.ts';
import { getUser, safeRedirect } from '#app/utils/auth.server.ts';
import { localeCookie } from '#app/utils/i18n.server.ts';

/**
 * Keeps the chosen interface language in a cookie (a POST: no GET changes anything), and for someone signed in, on
 * their account too, so that the e-mails they are sent speak it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get('lang');
  const to = safeRedirect(form.get('redirectTo'));
  if (!isLocale(lang)) return redirect(to);
  const user = await getUser(request, context);
  if (user) await setOwnLocale(context.db, user.id, lang);
  return redirect(to, { headers: { 'Set-Cookie': await localeCookie.serialize(lang) } });
}

export function loader() {
  return redirect('/');
}
