import { useI18n } from '#app/utils/i18n.tsx';
import { Alert, SecretText } from './ui.tsx';

export interface IssuedLink {
  name: string;
  link: string;
  expiresAt: string;
}

/** What an action answered with a link in it, if it did (the pages' action data are unions Remix types loosely). */
export function issuedLinkOf(actionData: unknown): IssuedLink | null {
  if (!actionData || typeof actionData !== 'object' || !('reset' in actionData)) return null;
  return (actionData.reset as IssuedLink | undefined) ?? null;
}

/** A reset link an admin or school admin has just made, shown once to hand over (the admin and staff pages). */
export function IssuedResetLink({ name, link, expiresAt }: IssuedLink) {
  const { t, format } = useI18n();
  return (
    <Alert tone="good" title={t('reset.issuedTitle', { name })}>
      <p>{t('reset.issuedOnce', { at: format.dateTime(expiresAt) })}</p>
      <SecretText value={link} testId="reset-link" />
    </Alert>
  );
}
