import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Badge, Button, Card, EmptyState, IgnoredFilters, PageHeader, Pager } from '#app/components/ui.tsx';
import {
  countNotices,
  INBOX_PAGE_SIZE,
  listNotices,
  markAllRead,
} from '#app/domain/notices/notices.server.ts';
import { readableParams } from '#app/domain/notices/text.ts';
import { isMessageKey } from '#app/i18n/index.ts';
import { useRootData } from '#app/root.tsx';
import { requireUser } from '#app/utils/auth.server.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { lastPageUrl, pageCount, parseFilters } from '#app/utils/query.ts';
import { blank } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

const QuerySchema = z.object({ page: z.preprocess(blank, wholeNumber(1, 100_000).default(1)) });

/** The signed-in user's notices, newest first, a page at a time (a busy operator's older notices stay reachable). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const url = new URL(request.url);
  const { query, ignored } = parseFilters(QuerySchema, Object.fromEntries(url.searchParams), t, {
    labels: { page: 'search.field.page' },
    fallback: { page: 1 },
  });
  const total = await countNotices(context.db, user.id);
  const pages = pageCount(total, INBOX_PAGE_SIZE);
  const pastEnd = lastPageUrl(url, query.page, pages);
  if (pastEnd) throw redirect(pastEnd);
  return {
    pageTitle: `${t('inbox.title')} · ${t('site.name')}`,
    notices: await listNotices(context.db, user.id, INBOX_PAGE_SIZE, (query.page - 1) * INBOX_PAGE_SIZE),
    page: query.page,
    pages,
    ignored,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  await markAllRead(context.db, user.id, context.clock.now());
  return { ok: true };
}

export default function Inbox() {
  const { notices, page, pages, ignored } = useLoaderData<typeof loader>();
  // The header counts the unread notices of every page already (root loader); "mark all read" follows that count.
  const unread = useRootData()?.unread ?? 0;
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        lead={t('inbox.lead')}
        actions={
          unread > 0 ? (
            <Form method="post">
              <Button variant="secondary">{t('inbox.markRead')}</Button>
            </Form>
          ) : null
        }
      />
      <IgnoredFilters ignored={ignored} />
      {notices.length === 0 ? (
        <Card>
          <EmptyState title={t('inbox.empty')} />
        </Card>
      ) : (
        <ul className="notice-list">
          {notices.map((notice) => {
            const key = `notice.${notice.kind}`;
            const params = readableParams(notice.params, format, t);
            return (
              <li key={notice.id} className={notice.readAt ? 'notice' : 'notice notice-unread'}>
                <div>
                  {/* A long reason is cut to a few lines where the linked page shows it whole. */}
                  <p className={notice.link ? 'notice-text notice-text-clamped' : 'notice-text'}>
                    {notice.readAt ? null : <Badge tone="info">{t('inbox.unread')}</Badge>}{' '}
                    {isMessageKey(key) ? t(key, params) : notice.kind}
                  </p>
                  {/* A request already answered no longer asks anything of its reader: it says where it stands. */}
                  {notice.handledAs ? (
                    <p className="notice-handled">
                      <Badge tone="neutral">
                        {t('inbox.handled', {
                          status:
                            notice.handledAs.subject === 'booking'
                              ? t(`bookingStatus.${notice.handledAs.status}`)
                              : t(`invitationStatus.${notice.handledAs.status}`),
                        })}
                      </Badge>
                    </p>
                  ) : null}
                  <div className="muted">{format.dateTime(notice.createdAt)}</div>
                </div>
                {notice.link ? <Link to={notice.link}>{t('inbox.open')}</Link> : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={page} pages={pages} href={(n) => (n === 1 ? '/inbox' : `/inbox?page=${n}`)} />
    </>
  );
}
