import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { Badge, Button, Card, EmptyState, PageHeader, TextField } from '#app/components/ui.tsx';
import { searchUsers } from '#app/domain/accounts/admin.server.ts';
import { isMessageKey } from '#app/i18n/index.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'manage:user:any');
  const q = new URL(request.url).searchParams.get('q')?.slice(0, 100) ?? '';
  return { q, people: await searchUsers(context.db, q) };
}

export default function AdminUsers() {
  const { q, people } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('admin.users')} lead={t('admin.usersLead')} />
      <Card>
        <Form method="get" className="form" role="search">
          <TextField label={t('admin.search')} name="q" defaultValue={q} type="search" />
          <Button variant="secondary">{t('search.submit')}</Button>
        </Form>
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
      </Card>
    </>
  );
}
