/**
 * Who may see and change a drive's files. Platform drives: per role, from the drive's `roles`
 * ({ roleId, access: 'read' | 'write' }[]), otherwise the `drives.manage` permission. Personal
 * drives: their owner only.
 */
import type { DriveAccess, DriveRole } from '../../../shared/contracts/drives';
import { PERMISSIONS } from '../../../shared/permissions';
import { forbidden, notFound } from './errors';
import type { DriveRow } from '../drives/table';
import type { AdminUserRef } from './activity';

export interface AdminUser {
  id: number;
  roles?: Array<{ id: number; code?: string }>;
}

/** The user a file action is made for: checked by this module, named in the activity log. */
export type FilesUser = AdminUser & AdminUserRef;

export interface Ability {
  can(action: string): boolean;
}

const isSuperAdmin = (user: AdminUser) =>
  Boolean(user.roles?.some((role) => role.code === 'strapi-super-admin'));

/** Role ids a platform drive grants, with at least `minimum` access; null: it names none. */
function grantedRoleIds(
  roles: DriveRole[] | null | undefined,
  minimum: DriveAccess
): Set<number> | null {
  if (!roles) return null;
  const accepts = (access: DriveAccess) => access === 'write' || minimum === 'read';
  return new Set(roles.filter(({ access }) => accepts(access)).map(({ roleId }) => roleId));
}

/**
 * Personal drives belong to their owner alone: not even a super admin sees their files.
 * Platform drives: super admins, the roles the drive names, and drive managers.
 */
export function canRead(drive: DriveRow, user: AdminUser, ability?: Ability): boolean {
  if (drive.scope === 'personal') return drive.ownerId === user.id;
  if (isSuperAdmin(user) || ability?.can(PERMISSIONS.manageDrives)) return true;
  const granted = grantedRoleIds(drive.roles, 'read');
  return Boolean(granted && (user.roles ?? []).some((role) => granted.has(role.id)));
}

export function canWrite(drive: DriveRow, user: AdminUser, ability?: Ability): boolean {
  if (drive.scope === 'personal') return drive.ownerId === user.id;
  if (isSuperAdmin(user)) return true;
  const writable = grantedRoleIds(drive.roles, 'write');
  if (writable && writable.size > 0)
    return (user.roles ?? []).some((role) => writable.has(role.id));
  return ability?.can(PERMISSIONS.manageDrives) ?? false;
}

export function assertCanWrite(drive: DriveRow, user: AdminUser, ability?: Ability): void {
  if (!canWrite(drive, user, ability)) {
    throw forbidden('You have read-only access to this drive');
  }
}

export function assertCanRead(drive: DriveRow, user: AdminUser, ability?: Ability): void {
  if (!canRead(drive, user, ability)) {
    // 404, not 403: whether another user's drive exists is not this user's business.
    throw notFound('The drive');
  }
}
