import { adminRoutes } from './admin';
import { adminEditorRoutes } from './admin-editors';
import { adminFileRoutes } from './admin-files';
import { contentApiRoutes } from './content-api';

export default {
  admin: { type: 'admin', routes: [...adminRoutes, ...adminFileRoutes, ...adminEditorRoutes] },
  'content-api': { type: 'content-api', routes: contentApiRoutes },
};
