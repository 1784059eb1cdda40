/**
 * The plugin's admin permissions, declared once for the server (which registers them and guards
 * its routes with them) and the admin panel (which hides what a role may not use).
 *
 * The action ids are stored in Strapi's roles: renaming one silently takes the permission away from
 * every role that holds it, so they never change.
 */
import { PLUGIN_ID } from './plugin';

/** Each action's id, as registered with Strapi's action provider (its `uid`). */
export const PERMISSION_ACTIONS = {
  /** Use My Files: see the drives one may see, browse, and change files where granted. */
  read: 'read',
  /** Add, change and remove platform drives, and write to those that name no role. */
  manageDrives: 'drives.manage',
  readSettings: 'settings.read',
  updateSettings: 'settings.update',
} as const;

export type PermissionAction = (typeof PERMISSION_ACTIONS)[keyof typeof PERMISSION_ACTIONS];

/** The full uid Strapi checks an action by: `plugin::external-drives.<action id>`. */
export const permissionUid = <A extends PermissionAction>(action: A) =>
  `plugin::${PLUGIN_ID}.${action}` as const;

export type PermissionUid = ReturnType<typeof permissionUid<PermissionAction>>;

/** The full uids, by the same names as PERMISSION_ACTIONS. */
export const PERMISSIONS = {
  read: permissionUid(PERMISSION_ACTIONS.read),
  manageDrives: permissionUid(PERMISSION_ACTIONS.manageDrives),
  readSettings: permissionUid(PERMISSION_ACTIONS.readSettings),
  updateSettings: permissionUid(PERMISSION_ACTIONS.updateSettings),
} as const;
