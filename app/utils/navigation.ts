import type { MessageKey } from '#app/i18n/index.ts';
import type { Role } from '#db/schema/enums.ts';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown to anyone when absent; otherwise to holders of one of these roles. */
  roles?: readonly Role[];
}

/** The header's links, in order. A page joins the navigation here once it exists. */
export const navItems: readonly NavItem[] = [];

export function navFor(roles: readonly Role[]): NavItem[] {
  return navItems.filter((item) => !item.roles || item.roles.some((role) => roles.includes(role)));
}
