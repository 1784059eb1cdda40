import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import type { GraphService } from './graph/service';
import type { SyncService } from './sync/service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).destroy();
  await (strapi.plugin(PLUGIN_ID).service('graph') as GraphService).destroy();
};

export default destroy;
