/**
 * Admin routes of personal connections (Strapi prefixes them with /external-drives). Each needs the
 * plugin's `read` permission; what a user reaches is limited to their own accounts by the service.
 */
import { ACTIONS, route } from './admin';

export const adminConnectionRoutes = [
  route('POST', '/connections', 'admin-connection.start', ACTIONS.read),
  route('GET', '/connections', 'admin-connection.list', ACTIONS.read),
  route('DELETE', '/connections/:accountId', 'admin-connection.remove', ACTIONS.read),
  route('GET', '/connections/:accountId/sites', 'admin-connection.sites', ACTIONS.read),
  route(
    'GET',
    '/connections/:accountId/sites/:siteId/drives',
    'admin-connection.libraries',
    ACTIONS.read
  ),
  route('POST', '/connections/:accountId/drives', 'admin-connection.addLibrary', ACTIONS.read),
];
