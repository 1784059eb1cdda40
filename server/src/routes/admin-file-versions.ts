/**
 * Admin routes of a file's versions. All need `read`; downloading one also needs the Downloads
 * switch on, and restoring one read-write access to the drive (both checked by the files service).
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read } = PERMISSIONS;

export const adminFileVersionRoutes = [
  route('GET', '/drives/:id/items/:itemId/versions', 'admin-file-version.list', read),
  route(
    'GET',
    '/drives/:id/items/:itemId/versions/:versionId/content',
    'admin-file-version.download',
    read
  ),
  route(
    'POST',
    '/drives/:id/items/:itemId/versions/:versionId/restore',
    'admin-file-version.restore',
    read
  ),
];
