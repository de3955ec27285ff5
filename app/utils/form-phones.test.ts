import { describe, expect, it } from 'vitest';
import { contactPhone, textWithPhones, venuePhones } from './form-phones.ts';

describe('contact phones', () => {
  it('takes a mobile number or a landline with its area code, and refuses anything else with one message', () => {
    for (const phone of ['13912345678', ' 13912345678 ', '0471-6543210', '04716543210', '010-12345678']) {
      expect(contactPhone.safeParse(phone).success, phone).toBe(true);
    }
    // A mobile begins 13–19: 123… is a slip of the fingers, not a number anyone can call.
    for (const phone of [
      '12345',
      '1391234567',
      '139123456789',
      '6543210',
      '1391 234 5678',
      '+86 139',
      '12345678901',
      '10012345678',
    ]) {
      expect(contactPhone.safeParse(phone).error?.issues[0]?.message, phone).toBe('validation.phone');
    }
  });
});

describe('phones typed as people write them', () => {
  it('takes a mobile in its groups, or in full-width digits, and keeps the 11 digits', () => {
    for (const phone of [
      '138 0001 2345',
      '138-0001-2345',
      '１３８ ０００１ ２３４５',
      '１３８\u3000０００１\u3000２３４５',
      '１３８-0001-2345',
      '１３８０００１２３４５',
    ]) {
      expect(contactPhone.parse(phone), phone).toBe('13800012345');
    }
    expect(contactPhone.parse('０４７１－６５４３２１０')).toBe('0471-6543210');
    // A landline's area code in brackets or before a space, as it is often written.
    for (const phone of ['(0471)6543210', '(0471) 6543210', '（0471）6543210', '0471 6543210']) {
      expect(contactPhone.parse(phone), phone).toBe('0471-6543210');
    }
    // Its local number in two groups, as it is often written too.
    for (const phone of [
      '0471 654-3210',
      '0471-654-3210',
      '(0471) 654 3210',
      '0471 654 3210',
      '（0471）654-3210',
    ]) {
      expect(contactPhone.parse(phone), phone).toBe('0471-6543210');
    }
    expect(contactPhone.parse('010 6554 3210')).toBe('010-65543210');
    for (const phone of [
      '(0471',
      '0471)6543210',
      '(471)6543210',
      '0471)654-3210',
      '(0471 654-3210',
      '0471 65-43210',
    ]) {
      expect(contactPhone.safeParse(phone).success, phone).toBe(false);
    }
    // With China's country code in front, as phones and business cards write it.
    for (const phone of [
      '+86 138-0001-2345',
      '+8613800012345',
      '0086 138 0001 2345',
      '(+86)138 0001 2345',
      '＋８６ １３８０００１２３４５',
    ]) {
      expect(contactPhone.parse(phone), phone).toBe('13800012345');
    }
    expect(venuePhones.parse('0471-4614000；+86 138 0001 2345')).toBe('0471-4614000;13800012345');
    // Before a landline too, its area code set off by a space, a hyphen or brackets (the trunk 0 kept or not).
    for (const phone of [
      '+86 471 4614000',
      '+86-471-461-4000',
      '0086 471 4614000',
      '+86 (471) 4614000',
      '(+86) 0471-4614000',
      '+86 0471 4614000',
      '＋８６ ４７１ ４６１４０００',
    ]) {
      expect(contactPhone.parse(phone), phone).toBe('0471-4614000');
    }
    expect(contactPhone.parse('+86 10 6554 3210')).toBe('010-65543210');
    expect(venuePhones.parse('+86 471 4614000；+86 471 4614333转8001')).toBe(
      '0471-4614000;0471-4614333转8001',
    );
    for (const phone of [
      '+86 4714614000',
      '+86 47 14614000 1',
      '+1 138 0001 2345',
      '86138000123456',
      '138 00012 345',
      '138--0001-2345',
      '1380 001 2345',
      '138 0001 23456',
    ]) {
      expect(contactPhone.safeParse(phone).error?.issues[0]?.message, phone).toBe('validation.phone');
    }
  });

  it('joins a venue’s mobiles written in groups, and leaves its landlines and 400 numbers as they are', () => {
    expect(venuePhones.parse('0471-4614000；１３８ ０００１ ２３４５')).toBe('0471-4614000;13800012345');
    expect(venuePhones.parse('0471-4614000 138-0001-2345')).toBe('0471-4614000 13800012345');
    expect(venuePhones.parse('400-816-9999')).toBe('400-816-9999');
    expect(venuePhones.parse('(0471)4614000；（０４７１） ４６１４３３３')).toBe('0471-4614000;0471-4614333');
    expect(venuePhones.parse('0471 4614000 0471 4614333')).toBe('0471-4614000 0471-4614333');
    expect(venuePhones.parse('(0471)4614000转8001')).toBe('0471-4614000转8001');
    expect(venuePhones.parse('０４７１－４６１４０００转８００１')).toBe('0471-4614000转8001');
  });
});

describe('venue phones', () => {
  it('takes one or more public numbers (mobile, landline with an extension, 400/800) and refuses the rest', () => {
    for (const phone of [
      '0471-4614000',
      '0471-4614000;0471-4614333',
      '0477-8390880；0477-8390997',
      '0471-4614000、13912345678',
      '400-816-9999',
      '8008169999',
      '0471-4614000转8001',
    ]) {
      expect(venuePhones.safeParse(phone).success, phone).toBe(true);
    }
    for (const phone of [
      '12',
      '4614000',
      '0471-4614000;12',
      '400-816',
      'call us',
      '0471-4614000转',
      '(0471',
    ]) {
      expect(venuePhones.safeParse(phone).error?.issues[0]?.message, phone).toBe('validation.venuePhone');
    }
  });
});

describe('a name with a phone number', () => {
  it('takes the number’s digits half-width and as stored, the words and their full-width brackets as typed', () => {
    const contact = textWithPhones(200);
    expect(contact.parse('  张三 １３８００４７１００１  ')).toBe('张三 13800471001');
    expect(contact.parse('张三（馆长）：138 0047 1001')).toBe('张三（馆长）：13800471001');
    expect(contact.parse('值班室 (0471)4614000；李四 ＋８６ １３８-0047-1002')).toBe(
      '值班室 0471-4614000；李四 13800471002',
    );
    expect(contact.safeParse('张'.repeat(201)).success).toBe(false);
  });
});
