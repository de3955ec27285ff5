import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { feedsFor } from '#app/domain/calendar/trips.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? '社会大课堂' }];

/** The secret calendar addresses of the person's schools and venues, to paste into a calendar app. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const feeds = await feedsFor(context.db, user);
  return {
    pageTitle: `${t('calendar.page.title')} · ${t('site.name')}`,
    feeds: feeds.map((f) => ({
      kind: f.kind,
      name: f.name,
      url: `${origin}/calendar/${f.kind}/${f.token}.ics`,
    })),
  };
}

export default function Calendars() {
  const { feeds } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('calendar.page.title')} lead={t('calendar.page.lead')} />
      {feeds.length === 0 ? (
        <Card>
          <EmptyState title={t('calendar.page.none')} />
        </Card>
      ) : (
        feeds.map((feed, i) => (
          <Card key={feed.url}>
            <label htmlFor={`feed-${i}`}>
              <strong>
                {t(feed.kind === 'school' ? 'calendar.page.school' : 'calendar.page.venue', {
                  name: feed.name,
                })}
              </strong>
            </label>
            <input id={`feed-${i}`} className="copy-field" readOnly value={feed.url} />
          </Card>
        ))
      )}
    </>
  );
}
