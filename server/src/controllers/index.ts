import adminConnection from './admin-connection';
import adminDrive from './admin-drive';
import adminFile from './admin-file';
import adminSettings from './admin-settings';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-connection': adminConnection,
  'admin-drive': adminDrive,
  'admin-file': adminFile,
  'admin-settings': adminSettings,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
