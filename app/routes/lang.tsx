import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { isLocale } from '#app/i18n/index.ts';
import { safeRedirect } from '#app/utils/auth.server.ts';
import { localeCookie } from '#app/utils/i18n.server.ts';

/** Keeps the chosen interface language in a cookie (a POST: no GET changes anything). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get('lang');
  const to = safeRedirect(form.get('redirectTo'));
  if (!isLocale(lang)) return redirect(to);
  return redirect(to, { headers: { 'Set-Cookie': await localeCookie.serialize(lang) } });
}

export function loader() {
  return redirect('/');
}
