import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The admin desk: people, their roles, disabling. Admins only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'manage:user:any');
  const t = await getServerT(request);
  return { pageTitle: `${t('admin.title')} · ${t('site.name')}` };
}

export default function AdminLayout() {
  const { t } = useI18n();
  return (
    <div className="admin">
      <nav className="subnav" aria-label={t('admin.title')}>
        <NavLink to="/admin" end>
          {t('admin.users')}
        </NavLink>
        <NavLink to="/invites">{t('invites.title')}</NavLink>
        <NavLink to="/bureau">{t('bureau.nav')}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
