import type { Role } from '#db/schema/enums.ts';

/**
 * What a role may do, as `action:entity:access`. Typed, so a misspelt permission fails to compile. Routes check these
 * with `requirePermission`; domain functions also check ownership (which school, venue, region) themselves.
 */
export const permissions = [
  'create:booking:own-school',
  'read:booking:own-school',
  'approve:booking:own-school',
  'manage:teacher:own-school',
  'create:invitation:own-school',
  'read:invitation:own-school',
  'create:info-report:own-school',
  'update:venue:own',
  'manage:program:own',
  'manage:session:own',
  'manage:commitment:own',
  'decide:booking:own-venue',
  'answer:outreach:own-venue',
  'update:speaker:own',
  'answer:invitation:own',
  'verify:catalogue:region',
  'read:report:region',
  'read:audit:region',
  'manage:membership:region',
  'manage:user:any',
  'manage:token:own',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  teacher: [
    'create:booking:own-school',
    'read:booking:own-school',
    'create:invitation:own-school',
    'read:invitation:own-school',
    'create:info-report:own-school',
  ],
  school_admin: [
    'create:booking:own-school',
    'read:booking:own-school',
    'approve:booking:own-school',
    'manage:teacher:own-school',
    'create:invitation:own-school',
    'read:invitation:own-school',
    'create:info-report:own-school',
  ],
  venue_operator: [
    'update:venue:own',
    'manage:program:own',
    'manage:session:own',
    'manage:commitment:own',
    'decide:booking:own-venue',
    'answer:outreach:own-venue',
  ],
  speaker: ['update:speaker:own', 'answer:invitation:own'],
  auditor: ['verify:catalogue:region', 'read:report:region', 'read:audit:region', 'manage:membership:region'],
  admin: permissions,
};

export interface RoleHolder {
  roles: readonly { role: Role }[];
}

export function hasPermission(user: RoleHolder | null | undefined, permission: Permission): boolean {
  return Boolean(user?.roles.some(({ role }) => rolePermissions[role].includes(permission)));
}
