/**
 * A drive's library columns. `read` here: a personal drive's owner may keep columns of it; the
 * controller asks drive managers for platform drives.
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read } = PERMISSIONS;

export const adminLibraryColumnRoutes = [
  route('GET', '/drives/:id/library-columns', 'admin-library-columns.find', read),
  route('PUT', '/drives/:id/library-columns', 'admin-library-columns.update', read),
];
