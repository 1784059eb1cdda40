import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import { registerPermissionActions } from './register';
import type { AttachmentsService } from './editors/service';
import type { SyncService } from './sync/service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  await (strapi.plugin(PLUGIN_ID).service('attachments') as AttachmentsService).bootstrap();
  await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).bootstrap();
};

export default bootstrap;
