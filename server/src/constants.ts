import type { UID as StrapiUID } from '@strapi/strapi';
import { PLUGIN_ID } from '../../shared/plugin';

export { PLUGIN_ID };

/**
 * Content-type UIDs, declared once: each is a `UID.Schema`, so `strapi.db.query(UID.drive)`
 * typechecks as it is. All are internal: hidden from the content manager and builder.
 */
export const UID = {
  drive: `plugin::${PLUGIN_ID}.drive`,
  driveItem: `plugin::${PLUGIN_ID}.drive-item`,
  itemStage: `plugin::${PLUGIN_ID}.item-stage`,
  syncRun: `plugin::${PLUGIN_ID}.sync-run`,
  account: `plugin::${PLUGIN_ID}.account`,
  oauthState: `plugin::${PLUGIN_ID}.oauth-state`,
  attachment: `plugin::${PLUGIN_ID}.attachment`,
  activity: `plugin::${PLUGIN_ID}.drive-activity`,
  lease: `plugin::${PLUGIN_ID}.lease`,
  pacingBucket: `plugin::${PLUGIN_ID}.pacing-bucket`,
  listFields: `plugin::${PLUGIN_ID}.list-field-set`,
  sharingLink: `plugin::${PLUGIN_ID}.sharing-link`,
} as const satisfies Record<string, StrapiUID.Schema>;

/**
 * Table names, fixed in the schemas so that raw knex (bulk upserts, indexes) can name them.
 * Column names are Strapi's snake_case of the attribute names (`remoteId` -> `remote_id`).
 */
export const TABLE = {
  drive: 'external_drives_drives',
  driveItem: 'external_drives_items',
  itemStage: 'external_drives_item_stage',
  syncRun: 'external_drives_sync_runs',
  account: 'external_drives_accounts',
  activity: 'external_drives_activities',
  attachment: 'external_drives_attachments',
  lease: 'external_drives_leases',
  pacingBucket: 'external_drives_pacing_buckets',
  listFields: 'external_drives_list_fields',
  sharingLink: 'external_drives_sharing_links',
} as const;
