/**
 * Admin routes of the editors feature (Strapi prefixes them with /external-drives): the tools the
 * "External file" fields give content editors. "editors" is the feature's one name on the server:
 * server/src/editors/, the `admin-editors` controller, these routes. The paths stay as published
 * (`/external-files/...`, `/usage`, `/copy-to-media-library`): the admin panel and API users call
 * them. An attachment is one thing the feature stores: an entry's use of a file (the attachment
 * content type), not the feature's name.
 *
 * What the field shows, which entries use a file, and "Copy to Media Library". All need `read`;
 * drive visibility and the Media Library permission are checked by the service.
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read } = PERMISSIONS;

export const adminEditorRoutes = [
  route('POST', '/external-files/describe', 'admin-editors.describe', read),
  route('GET', '/drives/:id/usage', 'admin-editors.usageCounts', read),
  route('GET', '/drives/:id/items/:itemId/usage', 'admin-editors.usage', read),
  route(
    'POST',
    '/drives/:id/items/:itemId/copy-to-media-library',
    'admin-editors.copyToMediaLibrary',
    read
  ),
];
