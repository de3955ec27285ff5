import { Form } from '@remix-run/react';
import { useI18n } from '#app/utils/i18n.tsx';
import { Button, SelectField } from '../ui.tsx';

export interface Option {
  value: string;
  label: string;
}

/** Region and term of a report, as a GET form: the URL carries the selection, and it works without JavaScript. */
export function ReportFilter({
  regions,
  terms,
  region,
  term,
}: {
  regions: Option[];
  terms?: Option[];
  region: string;
  term?: string;
}) {
  const { t } = useI18n();
  return (
    <Form method="get" className="report-filter">
      <SelectField label={t('bureau.filter.region')} name="region" options={regions} defaultValue={region} />
      {terms && term ? (
        <SelectField label={t('bureau.filter.term')} name="term" options={terms} defaultValue={term} />
      ) : null}
      <Button variant="secondary">{t('bureau.filter.submit')}</Button>
    </Form>
  );
}

/** Download links of one table (or a whole report), for the region and term on screen. */
export function ExportLinks({
  file,
  region,
  term,
  formats = ['csv', 'xlsx'],
  allLabel,
}: {
  file: string;
  region: string;
  term?: string;
  formats?: ('csv' | 'xlsx')[];
  allLabel?: string;
}) {
  const { t } = useI18n();
  const query = new URLSearchParams({ region, ...(term ? { term } : {}) }).toString();
  if (allLabel) {
    return (
      <a className="btn btn-secondary" href={`/bureau/export/${file}.xlsx?${query}`} download>
        {allLabel}
      </a>
    );
  }
  return (
    <p className="export-links">
      <span className="muted">{t('bureau.export.download')}</span>
      {formats.map((format) => (
        <a key={format} href={`/bureau/export/${file}.${format}?${query}`} download>
          {t(format === 'csv' ? 'bureau.export.csv' : 'bureau.export.xlsx')}
        </a>
      ))}
    </p>
  );
}
