import adminConnection from './admin-connection';
import adminDrive from './admin-drive';
import adminEditors from './admin-editors';
import adminFile from './admin-file';
import adminLibraryColumns from './admin-library-columns';
import adminSettings from './admin-settings';
import contentFile from './content-file';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-connection': adminConnection,
  'admin-drive': adminDrive,
  'admin-editors': adminEditors,
  'admin-file': adminFile,
  'admin-library-columns': adminLibraryColumns,
  'admin-settings': adminSettings,
  'content-file': contentFile,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
