import { describe, expect, it } from 'vitest';
import { contactPhone } from './form-phones.ts';

describe('contact phones', () => {
  it('takes a mobile number or a landline with its area code, and refuses anything else with one message', () => {
    for (const phone of ['13912345678', ' 13912345678 ', '0471-6543210', '04716543210', '010-12345678']) {
      expect(contactPhone.safeParse(phone).success, phone).toBe(true);
    }
    for (const phone of ['12345', '1391234567', '139123456789', '6543210', '139 1234 5678', '+86 139']) {
      expect(contactPhone.safeParse(phone).error?.issues[0]?.message, phone).toBe('validation.phone');
    }
  });
});
