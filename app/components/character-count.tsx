// The count of characters left under a text field with a limit (TextArea, long TextFields in ui.tsx), so nobody is
// cut off by maxlength without a word.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '#app/utils/i18n.tsx';

/** A one-line field gets a counter from this limit up (a name or a title is rarely near its limit). */
export const COUNTED_FIELD_MIN = 100;

/**
 * The limit a text field counts down from, or null for none: every text area with a maxlength counts, a one-line
 * field of words only with a long limit (an e-mail address, a web address or a search is not written to a length).
 */
export function countedLimit(
  kind: 'textarea' | 'input',
  maxLength: number | undefined,
  type?: string,
): number | null {
  if (maxLength === undefined || maxLength <= 0) return null;
  const words = type === undefined || type === 'text';
  return kind === 'textarea' || (maxLength >= COUNTED_FIELD_MIN && words) ? maxLength : null;
}

/** How close to the limit the count turns to a warning and is read out: a tenth of the limit, at least 20. */
export function nearLimitWithin(max: number): number {
  return Math.max(20, Math.ceil(max / 10));
}

export interface CountState {
  left: number;
  /** calm: plenty left (not read out); near: close to the limit (warning, read out politely); over: too long. */
  tone: 'calm' | 'near' | 'over';
}

/** What the counter says of text `length` characters long (UTF-16 units, as maxlength and the schemas count). */
export function charactersLeft(length: number, max: number): CountState {
  const left = max - length;
  return { left, tone: left < 0 ? 'over' : left <= nearLimitWithin(max) ? 'near' : 'calm' };
}

/**
 * The length of what is in a field once the page runs in the browser (null before: the server and a page without
 * JavaScript show the limit only). Measured from the element, so text typed before hydration and a form reset count.
 */
export function useTypedLength<E extends HTMLInputElement | HTMLTextAreaElement>(
  enabled: boolean,
  value: unknown,
) {
  const ref = useRef<E>(null);
  const [length, setLength] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `value` of a controlled field is measured again.
  useEffect(() => {
    const field = ref.current;
    if (!enabled || !field) return;
    const measure = () => setLength(field.value.length);
    // A reset event comes before the form is emptied.
    const afterReset = () => setTimeout(measure);
    const form = field.form;
    measure();
    field.addEventListener('input', measure);
    form?.addEventListener('reset', afterReset);
    return () => {
      field.removeEventListener('input', measure);
      form?.removeEventListener('reset', afterReset);
    };
  }, [enabled, value]);
  return { ref, length };
}

/**
 * "还可输入 N 字" under the field (linked to it by aria-describedby with `id`), in a warning colour and read out
 * politely only near the limit, so a screen reader is not told of every key. Before the page runs: "最多 N 字".
 */
export function CharacterCount({ id, length, max }: { id: string; length: number | null; max: number }) {
  const { t, format } = useI18n();
  if (length === null) {
    return (
      <p className="field-count" id={id}>
        {t('field.countMax', { count: format.number(max) })}
      </p>
    );
  }
  const { left, tone } = charactersLeft(length, max);
  const text =
    tone === 'over'
      ? t('field.countOver', { count: format.number(-left) })
      : t(left === 1 ? 'field.countLeftOne' : 'field.countLeft', { count: format.number(left) });
  return (
    <p
      className={tone === 'calm' ? 'field-count' : `field-count field-count-${tone}`}
      id={id}
      aria-live={tone === 'calm' ? 'off' : 'polite'}
    >
      {text}
    </p>
  );
}
