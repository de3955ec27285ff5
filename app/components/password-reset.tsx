import { PASSWORD_MIN } from '#app/domain/accounts/password-rules.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { Alert, SecretText, TextField } from './ui.tsx';

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

/**
 * A new password and its confirmation (sign-up, joining by invitation, changing one's password, a reset link), with
 * the length hint on the first. `label` names the first field: "password" when the account is new, else "new password".
 * A password too short is told so once: the error takes the hint's place (and aria-describedby names only the error).
 */
export function NewPasswordFields({
  label,
  errors,
}: {
  label: 'password' | 'newPassword';
  errors?: { password?: string; confirm?: string };
}) {
  const { t } = useI18n();
  const tooShort = errors?.password === t('validation.minLength', { min: PASSWORD_MIN });
  return (
    <>
      <TextField
        label={t(label === 'password' ? 'auth.password' : 'account.newPassword')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={tooShort ? undefined : t('account.passwordHint')}
        error={errors?.password}
      />
      <TextField
        label={t(label === 'password' ? 'account.confirmFirstPassword' : 'account.confirmPassword')}
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={errors?.confirm}
      />
    </>
  );
}
