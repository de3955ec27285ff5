import { z } from 'zod';
import { halfWidth } from '#app/utils/validation.ts';
import { newPassword } from './password-rules.ts';

export const SignInSchema = z.object({
  identifier: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
  redirectTo: z.string().max(500).optional(),
  /** Honeypot: people leave it empty. */
  website: z.string().max(0).optional(),
});

/** True when the honeypot field (see `Honeypot` in ui.tsx) was filled in: people never see it, bots fill it. */
export function honeypotTripped(form: Record<string, unknown>): boolean {
  const value = form.website;
  return value !== undefined && value !== '';
}

/**
 * An e-mail address or a mainland mobile number, as people write them: 11 digits starting with 13–19, with spaces or
 * dashes, and +86 or 86 in front if they like, in full-width digits too. The e-mail is lower-cased.
 */
export function normaliseIdentifier(identifier: string): { email?: string; mobile?: string } {
  const value = halfWidth(identifier).trim();
  const digits = value.replace(/[\s-]/g, '');
  // 11 digits starting with 13–19 (no mainland mobile starts 10–12), optionally after the country code (+86 or 86).
  if (/^(?:\+?86)?1[3-9][0-9]{9}$/.test(digits))
    return { mobile: digits.replace(/^\+?86(?=1[3-9][0-9]{9}$)/, '') };
  return { email: value.toLowerCase() };
}

/** Whether sign-up can use this as a login: a mobile number, or what zod takes for an e-mail address. */
export function usableIdentifier(identifier: string): boolean {
  const { email } = normaliseIdentifier(identifier);
  return email === undefined || z.email().max(200).safeParse(email).success;
}

export const SignUpSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    // Checked with the other fields, so a wrong address is named in the same answer as a short password.
    identifier: z.string().trim().min(1).max(200).refine(usableIdentifier, 'signup.badIdentifier'),
    password: newPassword,
    confirm: z.string().min(1).max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.passwordMismatch' });

/** The longest note a person may send with a role request (the form's maxlength and the schema's limit). */
export const ROLE_REQUEST_NOTE_MAX = 500;
