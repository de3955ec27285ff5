import { z } from 'zod';

export const SignInSchema = z.object({
  identifier: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
  redirectTo: z.string().max(500).optional(),
  /** Honeypot: people leave it empty. */
  website: z.string().max(0).optional(),
});
