import { z } from 'zod';
import { isMessageKey, type MessageKey, type TFunction } from '#app/i18n/index.ts';

export type FieldErrors = Record<string, string>;

/** A form field left empty (or only spaces) is missing: `z.preprocess(blank, schema.optional())` or `.default(…)`. */
export const blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const YES = new Set<unknown>([true, 'true', 'on', '1']);
const NO = new Set<unknown>([undefined, null, false, 'false', 'off', '0', '']);

/**
 * A tick on a form (`on`, `1`; absent when not ticked) or a JSON boolean (`true`, `"true"`, `false`). Anything else
 * ("yes", 2, {}) is refused rather than read as no: an API caller who meant yes should hear so.
 */
export const flag = z.preprocess(
  (value) => (YES.has(value) ? true : NO.has(value) ? false : value),
  z.boolean({ error: 'validation.invalid' }),
);

/**
 * Text typed with a Chinese input method in full-width mode, as the ASCII it stands for: "４５" is 45, "０９：３０" is
 * 09:30 (U+FF01–U+FF5E are ASCII moved up by 0xFEE0; U+3000 is the ideographic space). Only for what is read as a
 * number, a phone number, a day or a time: names and descriptions keep what was typed.
 */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replaceAll('\u3000', ' ');
}

/** A field read as a number, phone number, day or time: a typed string is taken in half-width first (halfWidth). */
export function halfWidthField<T extends z.ZodType>(schema: T) {
  // Typed as taking what the schema takes, so the field can still follow a `.pipe()` of strings.
  return z.preprocess<unknown, T, z.input<T>>(
    (value) => (typeof value === 'string' ? halfWidth(value) : value),
    schema,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is a UUID: check before it reaches a uuid column (PostgreSQL would raise). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Turns zod issues into one localized message per field. Schemas may use message keys (`validation.mobile`) as
 * their messages; zod's own issues are mapped by their code.
 */
export function localizeIssues(issues: readonly z.core.$ZodIssue[], t: TFunction): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '_form';
    if (fields[path]) continue;
    fields[path] = messageFor(issue, t);
  }
  return fields;
}

function messageFor(issue: z.core.$ZodIssue, t: TFunction): string {
  // A custom issue may carry the values its message names (the entries to fix, say).
  if (isMessageKey(issue.message))
    return t(issue.message, issue.code === 'custom' ? issue.params : undefined);
  const key = keyFor(issue);
  const params: Record<string, string | number> = {};
  if ('minimum' in issue) params.min = Number(issue.minimum);
  if ('maximum' in issue) params.max = Number(issue.maximum);
  if (issue.code === 'unrecognized_keys') params.keys = issue.keys.join(', ');
  return t(key, params);
}

function keyFor(issue: z.core.$ZodIssue): MessageKey {
  switch (issue.code) {
    case 'invalid_type':
      // zod reports 30.5 against .int() as "expected int": a number, but not a whole one.
      if (issue.expected === 'int') return 'validation.integer';
      if (issue.expected === 'number' || issue.expected === 'int') return 'validation.number';
      // Nothing given is asked for; something of another kind (a number for a text, a word for a yes/no, a list for
      // an object) is named as that. The parsers ask zod to report the input, so absence can be told apart.
      if ('input' in issue && issue.input !== undefined && issue.input !== null)
        return 'validation.wrongType';
      return 'validation.required';
    case 'unrecognized_keys':
      return 'validation.unknownKeys';
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'validation.required' : 'validation.minLength';
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.minItems';
      return 'validation.min';
    case 'too_big':
      if (issue.origin === 'string') return 'validation.maxLength';
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.maxItems';
      return 'validation.max';
    case 'invalid_format':
      if (issue.format === 'email') return 'validation.email';
      if (issue.format === 'url') return 'validation.url';
      if (issue.format === 'date' || issue.format === 'datetime') return 'validation.date';
      return 'validation.invalid';
    case 'invalid_value':
      return 'validation.choice';
    case 'not_multiple_of':
      return 'validation.integer';
    default:
      return 'validation.invalid';
  }
}

/**
 * For a refinement comparing fields (`when:` of zod's refine): run only once those fields are valid, so a wrong
 * value is reported once, on its own field (−5 pupils is not also "more disabled pupils than pupils").
 */
export function whenValid(...fields: string[]) {
  return ({ value, issues }: { value: unknown; issues: readonly z.core.$ZodRawIssue[] }) =>
    typeof value === 'object' &&
    value !== null &&
    !issues.some((issue) => !issue.path?.length || fields.includes(String(issue.path[0])));
}

/**
 * A NUL character, or half of a surrogate pair without its other half (`"\ud800"` in JSON: no character at all).
 * PostgreSQL can store neither in text or JSON: it refuses the whole statement, or a driver writes � instead. Nor is
 * any other control character kept (a bell, an escape; tabs and line breaks are text), nor a bidirectional override
 * or isolate (U+202A–U+202E, U+2066–U+2069): invisible, they would turn what others read around (a name shown
 * backwards in the audit log), so they are named like the rest rather than stored.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const unstorable = (text: string) => CONTROL_OR_BIDI.test(text) || /\p{Cs}/u.test(text);

/**
 * The fields of some input (form fields, a JSON body, query parameters) holding a character that cannot be stored
 * (unstorable), by their path (`slots.2.note`). Input is checked for one before any schema: a pasted NUL or a broken
 * escape is the sender's mistake to fix, not a server error, and not a character quietly changed.
 */
export function fieldsNotStorable(input: unknown, path: readonly string[] = []): string[] {
  if (typeof input === 'string') return unstorable(input) ? [path.length ? path.join('.') : '_form'] : [];
  if (Array.isArray(input)) {
    // A repeated form field is one field: its name, not an index, is where the message goes.
    const inside = input.flatMap((item, index) =>
      fieldsNotStorable(item, typeof item === 'object' ? [...path, String(index)] : path),
    );
    return [...new Set(inside)];
  }
  if (typeof input === 'object' && input !== null && !(input instanceof Blob)) {
    // A key is stored too (a JSON body is kept as the idempotent answer's request).
    return Object.entries(input).flatMap(([key, value]) =>
      unstorable(key) ? [path.length ? path.join('.') : '_form'] : fieldsNotStorable(value, [...path, key]),
    );
  }
  return [];
}

/** One localized message per field holding a character that cannot be stored (see fieldsNotStorable). */
export function unstorableErrors(input: unknown, t: TFunction): FieldErrors | null {
  const paths = fieldsNotStorable(input);
  if (!paths.length) return null;
  return Object.fromEntries(paths.map((path) => [path, t('validation.invisibleCharacters')]));
}

export type ParseResult<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/** Parses input with a schema and localizes the errors; nothing is written unless this says ok. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  t: TFunction,
): ParseResult<z.output<S>> {
  const unstorable = unstorableErrors(input, t);
  if (unstorable) return { ok: false, fields: unstorable };
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fields: localizeIssues(result.error.issues, t) };
}

/**
 * Form fields as a plain object; repeated names become arrays. A browser sends a text area's line breaks as CRLF but
 * counts each as one character against its maxlength (and in the counter under it): they are read as LF, so text
 * the browser let through is not "too long" for the schema.
 */
export function formToObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [key, sent] of form.entries()) {
    const value = typeof sent === 'string' ? sent.replace(/\r\n?/g, '\n') : sent;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/**
 * The text a person typed into the named fields, to put back in the form after a refusal (a page answered without
 * JavaScript is drawn afresh). Never name a password field here.
 */
export function typedValues(
  form: Record<string, FormDataEntryValue | FormDataEntryValue[]>,
  names: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = form[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}
