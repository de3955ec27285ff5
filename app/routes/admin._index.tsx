import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  IgnoredFilters,
  PageHeader,
  Pager,
  Stat,
  TextField,
} from '#app/components/ui.tsx';
import { accountFigures, searchUsers } from '#app/domain/accounts/admin.server.ts';
import { isMessageKey } from '#app/i18n/index.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { lastPageUrl, pageCount, parseFilters } from '#app/utils/query.ts';
import { blank } from '#app/utils/validation.ts';

/** The people list's query: a name, e-mail or mobile (cut to 100 characters) and a page. */
const QuerySchema = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : v), z.string().default('')),
  page: z.preprocess(blank, wholeNumber(1, 100_000).default(1)),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'manage:user:any');
  const t = await getServerT(request);
  const url = new URL(request.url);
  const { query, ignored } = parseFilters(QuerySchema, Object.fromEntries(url.searchParams), t, {
    labels: { q: 'admin.search', page: 'search.field.page' },
    fallback: { q: '', page: 1 },
  });
  const [found, figures] = await Promise.all([
    searchUsers(context.db, query.q, { page: query.page }),
    accountFigures(context.db),
  ]);
  const pastEnd = lastPageUrl(url, found.page, pageCount(found.total, found.pageSize));
  if (pastEnd) throw redirect(pastEnd);
  return { q: query.q, ignored, found, figures };
}

export default function AdminUsers() {
  const { q, ignored, found, figures } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const { people, page, total } = found;
  const pages = pageCount(total, found.pageSize);
  const pageLink = (to: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(to) })}`;
  return (
    <div className="stack">
      <PageHeader title={t('admin.users')} lead={t('admin.usersLead')} />
      <Card>
        <Form method="get" className="form" role="search" aria-label={t('admin.searchLandmark')}>
          <TextField label={t('admin.search')} name="q" defaultValue={q} type="search" />
          <Button variant="secondary">{t('search.submit')}</Button>
        </Form>
        <IgnoredFilters ignored={ignored} />
      </Card>
      <Card>
        {people.length === 0 ? (
          <EmptyState title={t('admin.noUsers')} />
        ) : (
          <ul className="plain-list">
            {people.map((p) => (
              <li key={p.id} className="row-between">
                <span>
                  <Link to={`/admin/users/${p.id}`}>{p.name}</Link>{' '}
                  <span className="muted">{p.email ?? p.mobile}</span>{' '}
                  {p.roles.map((r) => {
                    const key = `role.${r}`;
                    return (
                      <Badge key={r} tone="info">
                        {isMessageKey(key) ? t(key) : r}
                      </Badge>
                    );
                  })}{' '}
                  {p.disabled ? <Badge tone="bad">{t('admin.disabled')}</Badge> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        {total > 0 ? (
          <p className="muted" aria-live="polite">
            {/* Everyone on one page: no range to give ("第 1–1 位"). */}
            {total <= people.length
              ? t('admin.shownAll', { total: format.number(total) })
              : t('admin.shown', {
                  from: format.number((page - 1) * found.pageSize + 1),
                  to: format.number((page - 1) * found.pageSize + people.length),
                  total: format.number(total),
                })}
          </p>
        ) : null}
        <Pager page={page} pages={pages} href={pageLink} />
      </Card>
      <Card>
        <div className="stats">
          <Stat value={format.number(figures.people)} label={t('admin.figures.people')} />
          <Stat value={format.number(figures.pendingRequests)} label={t('admin.figures.pending')} />
          <Stat value={format.number(figures.disabled)} label={t('admin.figures.disabled')} />
        </div>
        <BarChart
          title={t('admin.figures.byRole')}
          valueName={t('admin.figures.people')}
          format={(v) => format.number(v)}
          data={figures.byRole.map((r) => ({ label: t(`role.${r.role}`), value: r.people }))}
        />
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('admin.figures.byRole')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invites.role')}</th>
                <th scope="col">{t('admin.figures.people')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.byRole.map((r) => (
                <tr key={r.role}>
                  <th scope="row">{t(`role.${r.role}`)}</th>
                  <td>{format.number(r.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
