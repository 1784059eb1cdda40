/**
 * Where a full enumeration keeps the pages it has read until its round completes: the same
 * columns as a synced item (from the item schema, so the two never drift apart) and, unlike the
 * item table, one index only, on the drive (Strapi's own are dropped at boot: see
 * UNREAD_STAGE_INDEXES in items/store.ts). A drive's first sync writes every row once here,
 * cheaply, and the end of the round merges them into the indexed item table in one statement
 * (items/store.ts): maintaining seven indexes row by row was most of what an initial sync cost.
 * `seenInRun` names the enumeration a staged row belongs to.
 */
import driveItem from '../drive-item/schema.json';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'external_drives_item_stage',
    info: {
      singularName: 'item-stage',
      pluralName: 'item-stages',
      displayName: 'External drive item (staged)',
      description: 'A drive item read by a full enumeration still in progress.',
    },
    options: { draftAndPublish: false },
    pluginOptions: driveItem.pluginOptions,
    attributes: driveItem.attributes,
  },
};
