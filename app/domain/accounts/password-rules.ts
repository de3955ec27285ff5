import { z } from 'zod';

export const PASSWORD_MIN = 8;

/**
 * Passwords people pick first and attackers try first (the top of the published leaked-password lists, and the
 * Chinese favourites among them). NIST SP 800-63B asks a site to refuse those; a short list catches the most
 * common, without shipping a dictionary.
 */
const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '0123456789',
  '87654321',
  '987654321',
  '12341234',
  '11223344',
  '147258369',
  '123123123',
  'qwertyui',
  'qwerty123',
  'qwertyuiop',
  '1qaz2wsx',
  '1q2w3e4r',
  'zxcvbnm1',
  'asdfghjk',
  'abc12345',
  'abcd1234',
  'a1234567',
  'a12345678',
  'aa123456',
  'iloveyou',
  'woaini1314',
  '5201314520',
  '1314520520',
  'admin123',
  'admin1234',
  'letmein1',
  'welcome1',
]);

/** A password anyone would guess first: on the list, or one character over and over (88888888). */
export function guessablePassword(password: string): boolean {
  const lower = password.toLowerCase();
  return COMMON.has(lower) || /^(.)\1*$/u.test(password);
}

/** A new password (sign-up, change, reset, an account made by an admin): long enough, not one guessed first. */
export const newPassword = z
  .string()
  .min(PASSWORD_MIN)
  .max(200)
  .refine((password) => !guessablePassword(password), 'account.passwordCommon');
