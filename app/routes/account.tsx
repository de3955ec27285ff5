import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { describeMemberships } from '#app/domain/accounts/accounts.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';

export const meta: MetaFunction = () => [{ title: '我的账户 · 社会大课堂' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return {
    name: user.name,
    login: user.email ?? user.mobile,
    roles: await describeMemberships(context.db, user.roles),
  };
}

export default function Account() {
  const { name, login, roles } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('account.title')} lead={name} />
      <Card>
        <p>
          {t('account.contact')}：{login}
        </p>
        <h2>{t('account.roles')}</h2>
        {roles.length === 0 ? (
          <EmptyState title={t('account.noRoles')} />
        ) : (
          <ul>
            {roles.map((r) => (
              <li key={`${r.role}-${r.targetName}`}>
                <Badge tone="info">{t(`role.${r.role}`)}</Badge> {r.targetName}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
