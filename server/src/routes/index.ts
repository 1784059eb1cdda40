import { adminRoutes } from './admin';
import { adminFileRoutes } from './admin-files';

export default {
  admin: { type: 'admin', routes: [...adminRoutes, ...adminFileRoutes] },
};
