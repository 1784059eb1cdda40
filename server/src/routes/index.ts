import { adminRoutes } from './admin';
import { adminConnectionRoutes } from './admin-connections';
import { adminFileRoutes } from './admin-files';
import { contentApiRoutes } from './content-api';

export default {
  admin: {
    type: 'admin',
    routes: [...adminRoutes, ...adminConnectionRoutes, ...adminFileRoutes],
  },
  'content-api': { type: 'content-api', routes: contentApiRoutes },
};
