import { useAuth, useRBAC } from '@strapi/strapi/admin';
import type { Drive } from '../api/types';
import { MANAGE_DRIVES_PERMISSIONS } from '../permissions';

const SUPER_ADMIN = 'strapi-super-admin';

export interface DriveAbilities {
  canWrite: boolean;
  canDownload: boolean;
  canManage: boolean;
}

/**
 * What the signed-in user may do on a drive, mirroring the server's rule (server/src/files/access.ts)
 * so actions the server would refuse are not offered. The server still decides every request.
 */
export const useDriveAbilities = (drive: Drive | undefined): DriveAbilities => {
  const user = useAuth('ExternalDrives', (auth) => auth.user);
  const { allowedActions } = useRBAC(MANAGE_DRIVES_PERMISSIONS);

  const roleIds = new Set((user?.roles ?? []).map((role) => Number(role.id)));
  const isSuperAdmin = (user?.roles ?? []).some((role) => role.code === SUPER_ADMIN);
  const canManage = Boolean(allowedActions.canManage);

  let canWrite = false;
  if (drive?.scope === 'personal')
    canWrite = true; // the server only shows owners their drives
  else if (drive) {
    const writable = (drive.roles ?? []).filter((role) => role.access === 'write');
    canWrite =
      isSuperAdmin ||
      (writable.length > 0 ? writable.some((role) => roleIds.has(role.roleId)) : canManage);
  }

  // The drive carries the integration's Downloads switch, so every user sees what it allows.
  const canDownload = Boolean(drive?.downloadsEnabled);

  return { canWrite, canDownload, canManage };
};
