import { z } from 'zod';
import { halfWidthField } from './validation.ts';

/**
 * Numbers typed into forms (or sent as JSON). Each helper reports one error per field, the one that says what is
 * wrong: not a number, not a whole number, below the minimum, above the maximum (with the maximum), too many
 * decimals. Blank handling stays with the caller (`z.preprocess(blank, …)`, validation.ts), as it differs per field.
 * Digits typed in full-width ("４５", from a Chinese input method) are read as the number they show.
 */

/** Missing, or not a number at all; other issues keep their own message. */
function notANumber(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') return undefined;
  return issue.input === undefined ? 'validation.required' : 'validation.number';
}

/** The same for an amount of money, which says what to type. */
function notAnAmount(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') return undefined;
  return issue.input === undefined ? 'validation.required' : 'validation.yuan';
}

/**
 * A number as people write it: digits with an optional sign and decimal point. `Number()` alone also reads 0x10,
 * 0b1, 1e3 and Infinity, which nobody types for a count or a price and which would be saved as another number.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Text as a number when it is written as one (DECIMAL), else NaN; blank is undefined (missing). */
function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * A whole number from min to max. The range is checked before wholeness, so 10000000000000000000000.5 reads "at most {max}". A blank field
 * is missing ("请填写此项"), never 0: a field with a default says so with `z.preprocess(blank, …default())`.
 */
export function wholeNumber(min: number, max: number) {
  return halfWidthField(
    z.preprocess(
      (value) => (typeof value === 'string' ? readNumber(value) : value),
      z.number({ error: notANumber }).min(min).max(max).int({ error: 'validation.integer' }),
    ),
  );
}

const FEN_PER_YUAN = 100;

/** An amount as people write it: "¥12.50", "￥12.5", "12元" and "12.50 元" are the number 12.5 (nothing else is taken away). */
const CURRENCY = /^\s*[¥￥]?\s*([^¥￥元]*?)\s*元?\s*$/;
function withoutCurrency(text: string): string {
  return CURRENCY.exec(text)?.[1] ?? text.trim();
}

/**
 * Yuan as typed ("12.5", "¥12.5", "12.5元") kept in fen, from 0 to maxFen. More than two decimals is refused, never rounded; the
 * maximum is stated in yuan, as the user typed it.
 */
export function yuanToFen(maxFen: number) {
  return halfWidthField(
    z.union([z.string(), z.number()], { error: notAnAmount }).transform((value, ctx) => {
      const text = typeof value === 'number' ? String(value) : withoutCurrency(value);
      const yuan = readNumber(text) ?? Number.NaN;
      if (!Number.isFinite(yuan)) {
        ctx.addIssue({ code: 'custom', message: 'validation.yuan', input: value });
        return z.NEVER;
      }
      if (yuan < 0) {
        ctx.addIssue({ code: 'too_small', origin: 'number', minimum: 0, inclusive: true, input: value });
        return z.NEVER;
      }
      const maxYuan = maxFen / FEN_PER_YUAN;
      if (yuan > maxYuan) {
        ctx.addIssue({ code: 'too_big', origin: 'number', maximum: maxYuan, inclusive: true, input: value });
        return z.NEVER;
      }
      const fen = Math.round(yuan * FEN_PER_YUAN);
      // Float noise ("0.29" × 100 = 28.999…) is not a third decimal; half a fen is.
      if (Math.abs(yuan * FEN_PER_YUAN - fen) > 1e-6) {
        ctx.addIssue({ code: 'custom', message: 'validation.yuanDecimals', input: value });
        return z.NEVER;
      }
      return fen;
    }),
  );
}
