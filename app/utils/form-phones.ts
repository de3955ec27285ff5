import { z } from 'zod';
import { halfWidthField } from './validation.ts';

/** An 11-digit mainland mobile number (13x–19x), or a landline with its area code (0471-1234567). */
const MOBILE_OR_LANDLINE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

/**
 * A landline with its area code in brackets or set off by a space, as many write it: (0471)1234567, 0471 1234567,
 * not inside a longer number.
 */
const WRITTEN_LANDLINE =
  /\((0[0-9]{2,3})\) ?([0-9]{7,8})(?![0-9])|(?<![0-9-])(0[0-9]{2,3}) ([0-9]{7,8})(?![0-9])/g;

/** A landline whose local number is written in two groups: 0471 123-4567, 0471-123-4567, (0471) 1234 5678. */
const GROUPED_LANDLINE =
  /(?:\((0[0-9]{2,3})\) ?|(?<![0-9(])(0[0-9]{2,3})[ -]?)([0-9]{3,4})[ -]([0-9]{4})(?![0-9])/g;

/**
 * China's country code before a landline, as business cards write it: +86 471 4614000, 0086-10-6554-3210,
 * +86 (471) 4614000, and with the trunk 0 kept by mistake (+86 0471-4614000). The area code must be set off (a space,
 * a hyphen or brackets): run together with the number, its length cannot be told.
 */
const COUNTRY_CODE_BEFORE_LANDLINE =
  /(?<![0-9])\(?(?:\+|00)86\)?[ -]?(?:\(0?([1-9][0-9]{1,2})\) ?|0?([1-9][0-9]{1,2})[ -])([0-9]{3,4})[ -]?([0-9]{4})(?![0-9])/g;

/** Numbers as they are stored: a mobile's groups joined, a landline's area code before a hyphen. */
function storedNumbers(text: string): string {
  return joinMobileGroups(text)
    .replace(
      COUNTRY_CODE_BEFORE_LANDLINE,
      (_match, bracketedCode: string | undefined, code: string | undefined, head: string, tail: string) =>
        `0${bracketedCode ?? code}-${head}${tail}`,
    )
    .replace(
      GROUPED_LANDLINE,
      (_match, bracketedCode: string | undefined, code: string | undefined, head: string, tail: string) =>
        `${bracketedCode ?? code}-${head}${tail}`,
    )
    .replace(
      WRITTEN_LANDLINE,
      (_match, bracketedCode: string | undefined, bracketedNumber, code, number) =>
        `${bracketedCode ?? code}-${bracketedNumber ?? number}`,
    );
}

/** A mainland mobile written in its groups (138 0001 2345, 138-0001-2345), not inside a longer number. */
const GROUPED_MOBILE = /(?<![0-9-])(1[0-9]{2})[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])/g;

/** China's country code before a mobile, as phones and business cards write it (+86 139…, 0086-139…, (+86)139…). */
const COUNTRY_CODE_BEFORE_MOBILE =
  /(?<![0-9])(?:\(?(?:\+|00)86\)?)[ -]?(?=1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9]))/g;

/**
 * Mobiles written in groups (or after +86) as their 11 digits, as they are stored and dialled within China; the rest
 * of the text as it is.
 */
function joinMobileGroups(text: string): string {
  return text.replace(COUNTRY_CODE_BEFORE_MOBILE, '').replace(GROUPED_MOBILE, '$1$2$3');
}

/**
 * A contact phone typed into a form: an 11-digit mobile number (written in groups if the person likes), or a
 * landline with its area code (0471-1234567). One rule for every contact someone else will call (a booking's leading
 * teacher, a speaker), with one message; full-width digits count as digits.
 */
export const contactPhone = halfWidthField(
  z.string().trim().overwrite(storedNumbers).regex(MOBILE_OR_LANDLINE, 'validation.phone'),
);

/** A nationwide service number: 400-816-9999, 8008169999. */
const SERVICE_NUMBER = /^[48]00-?[0-9]{3}-?[0-9]{4}$/;

/** One public number of a venue: a contact phone, a landline with its extension (…转8001), or a 400/800 number. */
function isVenueNumber(text: string): boolean {
  const number = text.replace(/转[0-9]{1,6}$/, '');
  return MOBILE_OR_LANDLINE.test(number) || SERVICE_NUMBER.test(number);
}

/** The numbers of a venue's phone field, whatever was written between them (spaces, ;, 、, ，, /). */
export function splitVenuePhones(text: string): string[] {
  return text.split(/[;；,，、/\s]+/).filter(Boolean);
}

/** What a phone dials for a number as written: its digits, an extension (…转8001) after a pause. */
export function telHref(number: string): string {
  return `tel:${number.replace(/转/, ',').replace(/[^0-9+,]/g, '')}`;
}

/**
 * A venue's public phone as the profile shows it: each number checked like a contact phone (and stored the same way:
 * (0471)4614000 becomes 0471-4614000), several allowed (real venues list two lines: 0471-4614000;0471-4614333), and
 * the 400/800 numbers some of them answer on.
 */
export const venuePhones = halfWidthField(
  z
    .string()
    .trim()
    .max(60)
    .overwrite(storedNumbers)
    .refine((text) => splitVenuePhones(text).every(isVenueNumber), 'validation.venuePhone'),
);

/**
 * Free text that carries a phone number beside a name (a venue's emergency contact: 张三 138 0047 1001): its digits
 * half-width and its numbers as they are stored, so the number can be dialled from the trip sheet; the words, with
 * their full-width brackets and colons, as they are.
 */
export function textWithPhones(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .overwrite((text) =>
      storedNumbers(
        text.replace(/[\uFF10-\uFF19\uFF0B\uFF0D]/g, (char) =>
          String.fromCharCode(char.charCodeAt(0) - 0xfee0),
        ),
      ),
    );
}
