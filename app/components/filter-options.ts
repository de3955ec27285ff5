// The options of the filters list pages share: every grade, and every 盟市 with its 旗县 under it. One definition, so
// the search, speakers, talks menu, outreach and "book a trip" pages offer the same choices in the same words.
import type { MessageKey, TFunction } from '#app/i18n/index.ts';
import { GRADE_MAX, GRADE_MIN } from '#db/schema/enums.ts';
import type { SelectOption } from './ui.tsx';

export interface RegionChoice {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/** "All", then every grade from 幼儿园 to 高三; `labelOf` may add to a grade's name (a count, say). */
export function gradeOptions(
  t: TFunction,
  labelOf: (grade: number, name: string) => string = (_grade, name) => name,
): SelectOption[] {
  return [
    { value: '', label: t('common.all') },
    ...Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => {
      const grade = i + GRADE_MIN;
      return { value: String(grade), label: labelOf(grade, t(`grade.${grade}` as MessageKey)) };
    }),
  ];
}

/** "All", then each 盟市 followed by its 旗县, indented; `labelOf` may add to a region's name (a count, say). */
export function regionOptions(
  t: TFunction,
  placeName: (region: { code: string; name: string }) => string,
  regions: readonly RegionChoice[],
  labelOf: (code: string, name: string) => string = (_code, name) => name,
): SelectOption[] {
  return [
    { value: '', label: t('common.all') },
    ...regions
      .filter((r) => r.level === 'prefecture')
      .flatMap((p) => [
        { value: p.code, label: labelOf(p.code, placeName(p)) },
        ...regions
          .filter((r) => r.parentCode === p.code)
          .map((r) => ({ value: r.code, label: `　${labelOf(r.code, placeName(r))}` })),
      ]),
  ];
}
