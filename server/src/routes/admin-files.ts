/**
 * Admin routes of file operations (Strapi prefixes them with /external-drives). Reads need
 * `read`; writes need `read` here and read-write access to the drive, checked by the service
 * (`assertCanWrite`), since platform drives grant it per role.
 */
import { PLUGIN_ID } from '../constants';

const policies = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [`plugin::${PLUGIN_ID}.${action}`] } },
];

const route = (method: string, path: string, handler: string, action = 'read') => ({
  method,
  path,
  handler: `admin-file.${handler}`,
  config: { policies: policies(action) },
});

export const adminFileRoutes = [
  route('POST', '/drives/:id/uploads', 'startUpload'),
  route('PUT', '/drives/:id/uploads/:uploadId', 'putUploadPiece'),
  route('GET', '/drives/:id/uploads/:uploadId', 'uploadStatus'),
  route('DELETE', '/drives/:id/uploads/:uploadId', 'cancelUpload'),
  route('GET', '/drives/:id/items/:itemId/content', 'download'),
  route('PATCH', '/drives/:id/items/:itemId', 'update'),
  route('DELETE', '/drives/:id/items/:itemId', 'remove'),
  route('POST', '/drives/:id/folders', 'createFolder'),
  route('GET', '/drives/:id/activity', 'activity'),
];

export default adminFileRoutes;
