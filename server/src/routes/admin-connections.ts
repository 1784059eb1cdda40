/**
 * Admin routes of personal connections (Strapi prefixes them with /external-drives). Each needs the
 * plugin's `read` permission; what a user reaches is limited to their own accounts by the service.
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read } = PERMISSIONS;

export const adminConnectionRoutes = [
  route('POST', '/connections', 'admin-connection.start', read),
  route('GET', '/connections', 'admin-connection.list', read),
  route('DELETE', '/connections/:accountId', 'admin-connection.remove', read),
  route('GET', '/connections/:accountId/sites', 'admin-connection.sites', read),
  route('GET', '/connections/:accountId/sites/:siteId/drives', 'admin-connection.libraries', read),
  route('POST', '/connections/:accountId/drives', 'admin-connection.addLibrary', read),
  route(
    'GET',
    '/connections/:accountId/sites/:siteId/drives/:driveId/folders',
    'admin-folders.personal',
    read
  ),
];
