import drive from './drive/schema.json';
import driveItem from './drive-item/schema.json';
import itemStage from './item-stage';
import syncRun from './sync-run/schema.json';
import driveActivity from './drive-activity/schema.json';
import account from './account/schema.json';
import oauthState from './oauth-state/schema.json';
import attachment from './attachment/schema.json';
import lease from './lease/schema.json';
import pacingBucket from './pacing-bucket/schema.json';
import listFields from './list-fields/schema.json';
import sharingLink from './sharing-link/schema.json';

export default {
  drive: { schema: drive },
  'drive-item': { schema: driveItem },
  'item-stage': itemStage,
  'sync-run': { schema: syncRun },
  'drive-activity': { schema: driveActivity },
  account: { schema: account },
  'oauth-state': { schema: oauthState },
  attachment: { schema: attachment },
  lease: { schema: lease },
  'pacing-bucket': { schema: pacingBucket },
  'list-field-set': { schema: listFields },
  'sharing-link': { schema: sharingLink },
};
