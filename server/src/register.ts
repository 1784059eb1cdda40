import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';

/** The plugin's permissions, as they appear in Settings > Roles. */
const ACTIONS = [
  { section: 'plugins', displayName: 'Use My Files', uid: 'read', pluginName: PLUGIN_ID },
  {
    section: 'plugins',
    displayName: 'Manage platform-level drives',
    uid: 'drives.manage',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'settings',
    category: 'External Drives',
    displayName: 'Read',
    uid: 'settings.read',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'settings',
    category: 'External Drives',
    displayName: 'Update',
    uid: 'settings.update',
    pluginName: PLUGIN_ID,
  },
];

/** Registered at bootstrap, when the admin's permission service is ready (as Strapi's upload does). */
export const registerPermissionActions = async (strapi: Core.Strapi) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTIONS);
};

const register = (_context: { strapi: Core.Strapi }) => {};

export default register;
