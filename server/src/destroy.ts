import type { Core } from '@strapi/strapi';
import { getService } from './services';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'notifications').destroy();
  getService(strapi, 'files').destroy();
  await getService(strapi, 'sync').destroy();
  await getService(strapi, 'graph').destroy();
  await getService(strapi, 'sealedValues').destroy();
};

export default destroy;
