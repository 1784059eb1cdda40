/**
 * Admin routes (Strapi prefixes them with /external-drives). Every route checks the admin session
 * and a plugin permission; per-user visibility of drives is decided in the services.
 */
import { PLUGIN_ID } from '../constants';

export const ACTIONS = {
  read: `plugin::${PLUGIN_ID}.read`,
  manageDrives: `plugin::${PLUGIN_ID}.drives.manage`,
  readSettings: `plugin::${PLUGIN_ID}.settings.read`,
  updateSettings: `plugin::${PLUGIN_ID}.settings.update`,
} as const;

export const route = (method: string, path: string, handler: string, action: string) => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [action] } },
    ],
  },
});

export const adminRoutes = [
  route('GET', '/drives', 'admin-drive.find', ACTIONS.read),
  route('GET', '/drives/:id', 'admin-drive.findOne', ACTIONS.read),
  route('POST', '/drives', 'admin-drive.create', ACTIONS.manageDrives),
  route('PUT', '/drives/:id', 'admin-drive.update', ACTIONS.manageDrives),
  // Platform drives need drives.manage, personal ones their owner: decided by the controller.
  route('DELETE', '/drives/:id', 'admin-drive.remove', ACTIONS.read),
  route('POST', '/drives/:id/sync', 'admin-drive.sync', ACTIONS.read),
  route('GET', '/drives/:id/runs', 'admin-drive.runs', ACTIONS.read),
  route('GET', '/drives/:id/children', 'admin-drive.children', ACTIONS.read),
  route('GET', '/drives/:id/breadcrumbs', 'admin-drive.breadcrumbs', ACTIONS.read),
  route('GET', '/drives/:id/search', 'admin-drive.search', ACTIONS.read),
  route('GET', '/settings', 'admin-settings.get', ACTIONS.readSettings),
  route('PUT', '/settings', 'admin-settings.update', ACTIONS.updateSettings),
  route('POST', '/settings/test-connection', 'admin-settings.testConnection', ACTIONS.readSettings),
  route('GET', '/sites', 'admin-settings.searchSites', ACTIONS.manageDrives),
  route('GET', '/sites/by-url', 'admin-settings.siteByUrl', ACTIONS.manageDrives),
  route('GET', '/sites/:siteId/drives', 'admin-settings.siteLibraries', ACTIONS.manageDrives),
];
