import type { Core } from '@strapi/strapi';
import { EXTERNAL_FILE_FIELD, EXTERNAL_FILES_FIELD } from '../../shared/external-file';
import { PERMISSION_ACTIONS } from '../../shared/permissions';
import { PLUGIN_ID } from './constants';
import { createExternalFilesMiddleware } from './editors/document-middleware';
import { registerUpgrades } from './upgrades';

/** The plugin's permissions, as they appear in Settings > Roles. */
const PERMISSION_REGISTRATIONS = [
  {
    section: 'plugins',
    displayName: 'Use My Files',
    uid: PERMISSION_ACTIONS.read,
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Manage platform-level drives',
    uid: PERMISSION_ACTIONS.manageDrives,
    pluginName: PLUGIN_ID,
  },
  {
    section: 'settings',
    category: 'External Drives',
    displayName: 'Read',
    uid: PERMISSION_ACTIONS.readSettings,
    pluginName: PLUGIN_ID,
  },
  {
    section: 'settings',
    category: 'External Drives',
    displayName: 'Update',
    uid: PERMISSION_ACTIONS.updateSettings,
    pluginName: PLUGIN_ID,
  },
];

/** Registered at bootstrap, when the admin's permission service is ready (as Strapi's upload does). */
export const registerPermissionActions = async (strapi: Core.Strapi) => {
  await strapi.service('admin::permission').actionProvider.registerMany(PERMISSION_REGISTRATIONS);
};

/**
 * The upgrades of stored data (run by Strapi before its schema sync, see upgrades/), the "External
 * file" custom fields (one file, several files), stored as JSON references, and the
 * document-service middleware that checks, indexes and enriches them.
 */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerUpgrades(strapi);
  strapi.customFields.register([
    { name: EXTERNAL_FILE_FIELD, plugin: PLUGIN_ID, type: 'json' },
    { name: EXTERNAL_FILES_FIELD, plugin: PLUGIN_ID, type: 'json' },
  ]);
  strapi.documents.use(createExternalFilesMiddleware(strapi) as never);
};

export default register;
