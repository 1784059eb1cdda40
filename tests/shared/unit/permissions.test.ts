/**
 * The permission uids are stored in Strapi's roles: a changed one silently takes the permission
 * from every role holding it. Pinned here as written in roles, once for the whole code base.
 */
import { PERMISSIONS, PERMISSION_ACTIONS, permissionUid } from '../../../shared/permissions';

describe('plugin permissions', () => {
  it('keeps the uids stored in roles', () => {
    expect(PERMISSIONS).toEqual({
      read: 'plugin::external-drives.read',
      manageDrives: 'plugin::external-drives.drives.manage',
      readSettings: 'plugin::external-drives.settings.read',
      updateSettings: 'plugin::external-drives.settings.update',
    });
  });

  it('derives each uid from its action id', () => {
    for (const [name, action] of Object.entries(PERMISSION_ACTIONS))
      expect(PERMISSIONS[name as keyof typeof PERMISSIONS]).toBe(permissionUid(action));
  });
});
