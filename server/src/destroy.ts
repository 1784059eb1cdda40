import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import type { FilesService } from './files/service';
import type { GraphService } from './graph/service';
import type { NotificationsService } from './notifications/service';
import type { SealedValuesService } from './services/sealed-values';
import type { SyncService } from './sync/service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  (strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService).destroy();
  (strapi.plugin(PLUGIN_ID).service('files') as FilesService).destroy();
  await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).destroy();
  await (strapi.plugin(PLUGIN_ID).service('graph') as GraphService).destroy();
  await (strapi.plugin(PLUGIN_ID).service('sealedValues') as SealedValuesService).destroy();
};

export default destroy;
