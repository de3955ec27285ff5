import { z } from 'zod';

/** An 11-digit mobile number, or a landline with its area code (0471-1234567). */
const MOBILE_OR_LANDLINE = /^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$/;

/**
 * A contact phone typed into a form: an 11-digit mobile number, or a landline with its area code (0471-1234567).
 * One rule for every contact someone else will call (a booking's leading teacher, a speaker), with one message.
 */
export const contactPhone = z.string().trim().regex(MOBILE_OR_LANDLINE, 'validation.phone');

/** A nationwide service number: 400-816-9999, 8008169999. */
const SERVICE_NUMBER = /^[48]00-?[0-9]{3}-?[0-9]{4}$/;

/** One public number of a venue: a contact phone, a landline with its extension (…转8001), or a 400/800 number. */
function isVenueNumber(text: string): boolean {
  const number = text.replace(/转[0-9]{1,6}$/, '');
  return MOBILE_OR_LANDLINE.test(number) || SERVICE_NUMBER.test(number);
}

/**
 * A venue's public phone as the profile shows it: each number checked like a contact phone, several allowed (real
 * venues list two lines: 0471-4614000;0471-4614333), and the 400/800 numbers some of them answer on.
 */
export const venuePhones = z
  .string()
  .trim()
  .max(60)
  .refine((text) => text.split(/[;；,，、/\s]+/).every(isVenueNumber), 'validation.venuePhone');
