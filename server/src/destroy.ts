import type { Core } from '@strapi/strapi';

const destroy = async ({ strapi: _strapi }: { strapi: Core.Strapi }) => {};

export default destroy;
