import { describe, expect, it } from 'vitest';
import { guessablePassword, newPassword } from './password-rules.ts';

describe('new passwords', () => {
  it('refuses the ones guessed first, whatever their case, and one character over and over', () => {
    for (const password of ['password', 'PassWord', '12345678', 'woaini1314', '88888888', 'aaaaaaaaaa']) {
      expect(guessablePassword(password), password).toBe(true);
      expect(newPassword.safeParse(password).error?.issues[0]?.message, password).toBe(
        'account.passwordCommon',
      );
    }
  });

  it('takes others of eight characters or more, and still refuses shorter ones for their length', () => {
    for (const password of ['demo2026', 'correct horse', '草原上的星星很亮', 'Xq7!mB2#']) {
      expect(newPassword.safeParse(password).success, password).toBe(true);
    }
    expect(newPassword.safeParse('abc123').error?.issues[0]?.code).toBe('too_small');
  });
});
