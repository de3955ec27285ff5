import fc from 'fast-check';
import { expect, it } from 'vitest';
import { redactForAudit } from './audit.server.ts';

const SECRET_KEYS = [
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'calendarToken',
  'phone',
  'email',
  'mobile',
];

it('drops secrets and contact details at any depth of what is written to the audit log', () => {
  const key = fc.oneof(fc.constantFrom(...SECRET_KEYS), fc.string({ minLength: 1, maxLength: 8 }));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.integer(),
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  fc.assert(
    fc.property(value, (input) => {
      const text = JSON.stringify(redactForAudit(input));
      for (const k of SECRET_KEYS) expect(text).not.toContain(`"${k}":`);
    }),
  );
  expect(
    redactForAudit({ name: '巴特尔', phone: '13912345678', nested: [{ email: 'a@b.c', ok: 1 }] }),
  ).toEqual({
    name: '巴特尔',
    nested: [{ ok: 1 }],
  });
});
