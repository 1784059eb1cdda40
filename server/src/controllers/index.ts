import adminConnection from './admin-connection';
import adminFolders from './admin-folders';
import adminDrive from './admin-drive';
import adminEditors from './admin-editors';
import adminFile from './admin-file';
import adminSettings from './admin-settings';
import contentFile from './content-file';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-connection': adminConnection,
  'admin-folders': adminFolders,
  'admin-drive': adminDrive,
  'admin-editors': adminEditors,
  'admin-file': adminFile,
  'admin-settings': adminSettings,
  'content-file': contentFile,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
