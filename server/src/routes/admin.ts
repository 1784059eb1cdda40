/**
 * Admin routes of drives and settings (Strapi prefixes them with /external-drives). Every route
 * checks the admin session and a plugin permission; per-user visibility of drives is decided in
 * the services.
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read, manageDrives, readSettings, updateSettings } = PERMISSIONS;

export const adminRoutes = [
  route('GET', '/drives', 'admin-drive.find', read),
  route('GET', '/drives/:id', 'admin-drive.findOne', read),
  route('POST', '/drives', 'admin-drive.create', manageDrives),
  route('PUT', '/drives/:id', 'admin-drive.update', manageDrives),
  // Platform drives need drives.manage, personal ones their owner: decided by the controller.
  route('DELETE', '/drives/:id', 'admin-drive.remove', read),
  route('POST', '/drives/:id/sync', 'admin-drive.sync', read),
  route('GET', '/drives/:id/runs', 'admin-drive.runs', read),
  route('GET', '/drives/:id/children', 'admin-drive.children', read),
  route('GET', '/drives/:id/breadcrumbs', 'admin-drive.breadcrumbs', read),
  route('GET', '/drives/:id/search', 'admin-drive.search', read),
  // The roles a drive may be granted to, and whether each may use My Files at all.
  route('GET', '/roles', 'admin-settings.roles', manageDrives),
  // What My Files users need to know of the integration, without the settings permission.
  route('GET', '/integration', 'admin-settings.integration', read),
  route('GET', '/settings', 'admin-settings.get', readSettings),
  route('PUT', '/settings', 'admin-settings.update', updateSettings),
  route('POST', '/settings/test-connection', 'admin-settings.testConnection', readSettings),
  route('GET', '/sites/access', 'admin-settings.siteAccess', manageDrives),
  route('GET', '/sites', 'admin-settings.searchSites', manageDrives),
  // Before /sites/:siteId, which would otherwise take "by-url" for a site id.
  route('GET', '/sites/by-url', 'admin-settings.siteByUrl', manageDrives),
  route('GET', '/sites/:siteId', 'admin-settings.site', manageDrives),
  route('GET', '/sites/:siteId/drives', 'admin-settings.siteLibraries', manageDrives),
  // The folder picker: one folder of a library as a platform drive.
  route('GET', '/sites/:siteId/drives/:driveId/folders', 'admin-folders.platform', manageDrives),
];
