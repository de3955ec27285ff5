import { z } from 'zod';

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

export const SignUpSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    identifier: z.string().trim().min(1).max(200),
    password: z.string().min(8).max(200),
    confirm: z.string().min(1).max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.passwordMismatch' });
