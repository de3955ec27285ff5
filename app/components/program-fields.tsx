import { CheckboxField, CheckboxGroup, SelectField, TextArea, TextField } from '#app/components/ui.tsx';
import { useI18n } from '#app/utils/i18n.tsx';
import { deliveries, GRADE_MAX, GRADE_MIN, languages } from '#db/schema/enums.ts';
import type { Program } from '#db/schema/index.ts';

const grades = Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => GRADE_MIN + i);

/** A price in fen as the form's yuan field shows it (1250 → "12.5"). */
const yuan = (fen: number) => String(fen / 100);

/**
 * The fields of a program, empty for a new one or filled with a program's values to edit it. `deliveryFixed`: the
 * form of delivery can no longer change (sessions or requests hang from it), so it is shown, and sent, as it is.
 */
export function ProgramFields({
  errors,
  program,
  deliveryFixed = false,
}: {
  errors: Record<string, string>;
  program?: Pick<
    Program,
    | 'title'
    | 'summary'
    | 'grades'
    | 'durationMinutes'
    | 'minGroupSize'
    | 'maxGroupSize'
    | 'standardPricePerPupil'
    | 'standardPricePerChaperone'
    | 'delivery'
    | 'language'
  >;
  deliveryFixed?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        label={t('console.programs.programTitle')}
        name="title"
        required
        maxLength={200}
        defaultValue={program?.title}
        error={errors.title}
      />
      <TextArea
        label={t('console.programs.summary')}
        name="summary"
        rows={3}
        maxLength={2000}
        defaultValue={program?.summary}
        error={errors.summary}
      />
      <CheckboxGroup
        required
        id="f-grades"
        legend={t('console.programs.grades')}
        columns
        error={errors.grades}
      >
        {grades.map((g) => (
          <CheckboxField
            key={g}
            label={t(`grade.${g}` as 'grade.1')}
            name="grades"
            value={String(g)}
            defaultChecked={program?.grades.includes(g)}
          />
        ))}
      </CheckboxGroup>
      <div className="grid">
        <TextField
          label={t('console.programs.duration')}
          name="durationMinutes"
          type="number"
          min={10}
          max={1440}
          defaultValue={String(program?.durationMinutes ?? 90)}
          error={errors.durationMinutes}
        />
        <TextField
          label={t('console.programs.minGroup')}
          name="minGroupSize"
          type="number"
          min={1}
          defaultValue={String(program?.minGroupSize ?? 1)}
          error={errors.minGroupSize}
        />
        <TextField
          label={t('console.programs.maxGroup')}
          name="maxGroupSize"
          type="number"
          min={1}
          defaultValue={String(program?.maxGroupSize ?? 50)}
          error={errors.maxGroupSize}
        />
        <TextField
          label={t('console.programs.pricePupil')}
          name="standardPricePerPupil"
          inputMode="decimal"
          defaultValue={yuan(program?.standardPricePerPupil ?? 0)}
          error={errors.standardPricePerPupil}
        />
        <TextField
          label={t('console.programs.priceChaperone')}
          name="standardPricePerChaperone"
          inputMode="decimal"
          defaultValue={yuan(program?.standardPricePerChaperone ?? 0)}
          error={errors.standardPricePerChaperone}
        />
      </div>
      <SelectField
        label={t('console.programs.delivery')}
        name="delivery"
        defaultValue={program?.delivery}
        // Once sessions or requests hang from the program, its form is the only choice, and the hint says why.
        options={(deliveryFixed && program ? [program.delivery] : deliveries).map((d) => ({
          value: d,
          label: t(`delivery.${d}`),
        }))}
        hint={deliveryFixed ? t('console.programs.deliveryFixed') : undefined}
        error={errors.delivery}
      />
      <SelectField
        label={t('console.programs.language')}
        name="language"
        defaultValue={program?.language}
        options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))}
        error={errors.language}
      />
    </>
  );
}
