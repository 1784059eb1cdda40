/**
 * The plugin's permissions (shared/permissions.ts) in the form Strapi's admin checks them: menu
 * links, `Page.Protect` and `useRBAC` take a list of `{ action, subject }`.
 */
import { PERMISSIONS, type PermissionUid } from '../../shared/permissions';

const required = (action: PermissionUid) => [{ action, subject: null }];

export const READ_PERMISSIONS = required(PERMISSIONS.read);
export const MANAGE_DRIVES_PERMISSIONS = required(PERMISSIONS.manageDrives);
export const READ_SETTINGS_PERMISSIONS = required(PERMISSIONS.readSettings);
export const UPDATE_SETTINGS_PERMISSIONS = required(PERMISSIONS.updateSettings);
