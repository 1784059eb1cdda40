import type { Core } from '@strapi/strapi';

export default {
  /** Runs before the app initializes: nothing to extend yet. */
  register(_context: { strapi: Core.Strapi }) {},

  /** Runs before the app starts: nothing to seed yet (the demo script creates its own data). */
  bootstrap(_context: { strapi: Core.Strapi }) {},
};
