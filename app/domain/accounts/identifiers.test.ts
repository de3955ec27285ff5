import fc from 'fast-check';
import { expect, it } from 'vitest';
import { normaliseIdentifier } from './accounts.server.ts';
import { accountKey } from './rate-limit.server.ts';

it('reads a mobile number however it is written, and anything else as a lower-cased e-mail address', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^1[3-9][0-9]{9}$/),
      fc.constantFrom('', '+86', '86', '+86 ', '86-'),
      fc.boolean(),
      (number, prefix, spaced) => {
        const written = `${prefix}${spaced ? `${number.slice(0, 3)} ${number.slice(3, 7)}-${number.slice(7)}` : number}`;
        expect(normaliseIdentifier(` ${written} `)).toEqual({ mobile: number });
      },
    ),
  );
  expect(normaliseIdentifier(' Teacher@Demo.Example ')).toEqual({ email: 'teacher@demo.example' });
  // Typed with a Chinese input method in full-width mode.
  expect(normaliseIdentifier('＋８６\u3000１３８ ０００１－２３４５')).toEqual({ mobile: '13800012345' });
  expect(normaliseIdentifier('ｔｅａｃｈｅｒ＠demo.example')).toEqual({ email: 'teacher@demo.example' });
  expect(normaliseIdentifier('1380000123')).toEqual({ email: '1380000123' });
  // No mainland mobile starts 10, 11 or 12: such a number is no login, and sign-up says what it takes.
  expect(normaliseIdentifier('12345678901')).toEqual({ email: '12345678901' });
  expect(normaliseIdentifier('+86 110 0000 0000')).toEqual({ email: '+86 110 0000 0000' });
  expect(normaliseIdentifier('23800001234')).toEqual({ email: '23800001234' });
  // The limiter's key for an account is the same however the address is cased, and holds no address in clear.
  expect(accountKey('A@B.example')).toBe(accountKey(' a@b.example'));
  expect(accountKey('a@b.example')).not.toContain('@');
});
