import type { Core } from '@strapi/strapi';
import { subscribeAdminUserCleanup } from './connections/admin-user-cleanup';
import { warnDeprecatedConfig } from './config/deprecations';
import { registerPermissionActions } from './register';
import { getService } from './services';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  warnDeprecatedConfig(strapi);
  await registerPermissionActions(strapi);
  subscribeAdminUserCleanup(strapi, getService(strapi, 'connections'));
  await getService(strapi, 'editors').bootstrap();
  await getService(strapi, 'sync').bootstrap();
  getService(strapi, 'notifications').bootstrap();
  await getService(strapi, 'files').bootstrap();
  // After a key rotation or an upgrade: everything sealed moves to the current key and format.
  getService(strapi, 'sealedValues').startInBackground();
};

export default bootstrap;
