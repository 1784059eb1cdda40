/**
 * Admin routes for editors' External file fields (Strapi prefixes them with /external-drives):
 * what the field shows, which entries use a file, and "Copy to Media Library". All need `read`;
 * drive visibility and the Media Library permission are checked by the service.
 */
import { PLUGIN_ID } from '../constants';

const policies = [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [`plugin::${PLUGIN_ID}.read`] } },
];

const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler: `admin-attachment.${handler}`,
  config: { policies },
});

export const adminEditorRoutes = [
  route('POST', '/external-files/describe', 'describe'),
  route('GET', '/drives/:id/usage', 'usageCounts'),
  route('GET', '/drives/:id/items/:itemId/usage', 'usage'),
  route('POST', '/drives/:id/items/:itemId/copy-to-media-library', 'copyToMediaLibrary'),
];

export default adminEditorRoutes;
