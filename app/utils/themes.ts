import type { TFunction } from '#app/i18n/index.ts';
import { type ThemeKey, themes } from '#db/schema/enums.ts';

const keyOf = new Map(Object.entries(themes).map(([key, word]) => [word as string, key as ThemeKey]));

/** A stored theme in the interface language: the fixed vocabulary translated, a speaker's own word as typed. */
export function themeLabel(t: TFunction, theme: string): string {
  const key = keyOf.get(theme);
  return key ? t(`theme.${key}`) : theme;
}
