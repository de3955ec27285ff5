import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { requirePermission } from '#app/utils/auth.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';

export const meta: MetaFunction = () => [{ title: '平台管理 · 社会大课堂' }];

/** The admin desk: people, their roles, disabling. Admins only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'manage:user:any');
  return null;
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
