/**
 * Who may change a drive's files. Platform drives: per role, from the drive's `roles` when the
 * connections work fills it ({ roleId, access: 'read' | 'write' }[] or { [roleId]: access }),
 * otherwise the `drives.manage` permission. Personal drives: their owner only.
 */
import { PLUGIN_ID } from '../constants';
import { forbidden } from './errors';
import type { DriveRow } from './rows';

export interface AdminUser {
  id: number;
  roles?: Array<{ id: number; code?: string }>;
}

export interface Ability {
  can(action: string): boolean;
}

const MANAGE_ACTION = `plugin::${PLUGIN_ID}.drives.manage`;

function writableRoleIds(roles: unknown): Set<number> | null {
  if (Array.isArray(roles)) {
    return new Set(
      roles
        .filter(
          (entry) =>
            entry && typeof entry === 'object' && (entry as { access?: string }).access === 'write'
        )
        .map((entry) => Number((entry as { roleId: unknown }).roleId))
    );
  }
  if (roles && typeof roles === 'object') {
    return new Set(
      Object.entries(roles as Record<string, unknown>)
        .filter(([, access]) => access === 'write')
        .map(([roleId]) => Number(roleId))
    );
  }
  return null;
}

export function canWrite(drive: DriveRow, user: AdminUser, ability?: Ability): boolean {
  if (user.roles?.some((role) => role.code === 'strapi-super-admin')) return true;
  if (drive.scope === 'personal') return drive.ownerId === user.id;
  const writable = writableRoleIds(drive.roles);
  if (writable && writable.size > 0)
    return (user.roles ?? []).some((role) => writable.has(role.id));
  return ability?.can(MANAGE_ACTION) ?? false;
}

export function assertCanWrite(drive: DriveRow, user: AdminUser, ability?: Ability): void {
  if (!canWrite(drive, user, ability)) {
    throw forbidden('You have read-only access to this drive');
  }
}

/** Personal drives are visible to their owner only. */
export function assertCanRead(drive: DriveRow, user: AdminUser): void {
  if (drive.scope === 'personal' && drive.ownerId !== user.id) {
    throw forbidden('This drive belongs to another user');
  }
}
