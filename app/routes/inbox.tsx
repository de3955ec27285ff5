import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { Badge, Button, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { listNotices, markAllRead } from '#app/domain/notices/notices.server.ts';
import { readableParams } from '#app/domain/notices/text.ts';
import { isMessageKey } from '#app/i18n/index.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  return {
    pageTitle: `${t('inbox.title')} · ${t('site.name')}`,
    notices: await listNotices(context.db, user.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  await markAllRead(context.db, user.id, context.clock.now());
  return { ok: true };
}

export default function Inbox() {
  const { notices } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        lead={t('inbox.lead')}
        actions={
          notices.some((n) => !n.readAt) ? (
            <Form method="post">
              <Button variant="secondary">{t('inbox.markRead')}</Button>
            </Form>
          ) : null
        }
      />
      {notices.length === 0 ? (
        <Card>
          <EmptyState title={t('inbox.empty')} />
        </Card>
      ) : (
        <ul className="notice-list">
          {notices.map((notice) => {
            const key = `notice.${notice.kind}`;
            const params = readableParams(notice.params, format);
            return (
              <li key={notice.id} className={notice.readAt ? 'notice' : 'notice notice-unread'}>
                <div>
                  {/* A long reason is cut to a few lines where the linked page shows it whole. */}
                  <p className={notice.link ? 'notice-text notice-text-clamped' : 'notice-text'}>
                    {notice.readAt ? null : <Badge tone="info">{t('inbox.unread')}</Badge>}{' '}
                    {isMessageKey(key) ? t(key, params) : notice.kind}
                  </p>
                  <div className="muted">{format.dateTime(notice.createdAt)}</div>
                </div>
                {notice.link ? <Link to={notice.link}>{t('inbox.open')}</Link> : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
