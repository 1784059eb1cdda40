import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import { subscribeAdminUserCleanup } from './connections/admin-user-cleanup';
import { registerPermissionActions } from './register';
import type { NotificationsService } from './notifications/service';
import type { AttachmentsService } from './editors/service';
import type { FilesService } from './files/service';
import type { SealedValuesService } from './services/sealed-values';
import type { SyncService } from './sync/service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  subscribeAdminUserCleanup(strapi);
  await (strapi.plugin(PLUGIN_ID).service('attachments') as AttachmentsService).bootstrap();
  await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).bootstrap();
  (strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService).bootstrap();
  (strapi.plugin(PLUGIN_ID).service('files') as FilesService).bootstrap();
  // After a key rotation or an upgrade: everything sealed moves to the current key and format.
  (strapi.plugin(PLUGIN_ID).service('sealedValues') as SealedValuesService).startInBackground();
};

export default bootstrap;
