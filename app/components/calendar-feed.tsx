import { Form } from '@remix-run/react';
import { useI18n } from '#app/utils/i18n.tsx';
import { Button, CheckboxField } from './ui.tsx';

/**
 * "Get a new address" for a calendar feed, with what it does and a box to tick first (everyone's subscription stops
 * at once); `fields` say which feed (the page's action reads them), `error` is the action's word when it was not ticked.
 */
export function RenewFeedForm({ fields, error }: { fields: Record<string, string>; error?: string }) {
  const { t } = useI18n();
  const id = `renew-${Object.values(fields).join('-')}`;
  return (
    <Form method="post" className="feed-renew">
      <input type="hidden" name="intent" value="renew-feed" />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p className="muted small">{t('calendar.page.renewHint')}</p>
      <CheckboxField
        id={id}
        label={t('calendar.page.renewConfirm')}
        name="confirm"
        value="yes"
        required
        error={error}
      />
      <Button variant="secondary">{t('calendar.page.renew')}</Button>
    </Form>
  );
}
