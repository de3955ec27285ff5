import { Form } from '@remix-run/react';
import { useI18n } from '#app/utils/i18n.tsx';
import { Button } from './ui.tsx';

/** "Get a new address" for a calendar feed, with what it does; `fields` say which feed (the page's action reads them). */
export function RenewFeedForm({ fields }: { fields: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="renew-feed" />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className="muted small">{t('calendar.page.renewHint')}</p>
      <Button variant="secondary">{t('calendar.page.renew')}</Button>
    </Form>
  );
}
