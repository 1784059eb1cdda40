import { useAuth, useRBAC } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useExternalDrivesApi } from '../api/useExternalDrivesApi';
import type { Drive } from '../api/types';
import { PLUGIN_ID } from '../pluginId';

const SUPER_ADMIN = 'strapi-super-admin';
const MANAGE = [{ action: `plugin::${PLUGIN_ID}.drives.manage`, subject: null }];
const SETTINGS_READ = [{ action: `plugin::${PLUGIN_ID}.settings.read`, subject: null }];

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
  const { allowedActions, isLoading } = useRBAC([...MANAGE, ...SETTINGS_READ]);
  // useRBAC names each answer after the action's last segment: settings.read -> canRead.
  const canReadSettings = Boolean(allowedActions.canRead);
  const api = useExternalDrivesApi();
  const [downloadsEnabled, setDownloadsEnabled] = useState<boolean | null>(null);
  const reported = (drive as { downloadsEnabled?: boolean } | undefined)?.downloadsEnabled;

  useEffect(() => {
    if (reported !== undefined || !canReadSettings) return;
    // Only readers of the settings can see the switch; for others the server's refusal decides.
    api
      .getSettings()
      .then((settings) => setDownloadsEnabled(settings.downloadsEnabled))
      .catch(() => setDownloadsEnabled(null));
  }, [api, reported, canReadSettings]);

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

  // Not offered until known for those who can know; others learn it from the server's refusal.
  const canDownload =
    reported ?? (isLoading ? false : canReadSettings ? (downloadsEnabled ?? false) : true);

  return { canWrite, canDownload, canManage };
};
