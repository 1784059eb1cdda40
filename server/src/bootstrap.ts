import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import { subscribeAdminUserCleanup } from './connections/admin-user-cleanup';
import { registerPermissionActions } from './register';
import type { SyncService } from './sync/service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  subscribeAdminUserCleanup(strapi);
  await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).bootstrap();
};

export default bootstrap;
