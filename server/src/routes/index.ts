import { adminRoutes } from './admin';
import { adminConnectionRoutes } from './admin-connections';
import { adminEditorRoutes } from './admin-editors';
import { adminFileRoutes } from './admin-files';
import { adminFileVersionRoutes } from './admin-file-versions';
import { adminLibraryColumnRoutes } from './admin-library-columns';
import { contentApiRoutes } from './content-api';

export default {
  admin: {
    type: 'admin',
    routes: [
      ...adminRoutes,
      ...adminConnectionRoutes,
      ...adminFileRoutes,
      ...adminFileVersionRoutes,
      ...adminEditorRoutes,
      ...adminLibraryColumnRoutes,
    ],
  },
  'content-api': { type: 'content-api', routes: contentApiRoutes },
};
