import adminAttachment from './admin-attachment';
import adminConnection from './admin-connection';
import adminDrive from './admin-drive';
import adminFile from './admin-file';
import adminSettings from './admin-settings';
import contentFile from './content-file';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-attachment': adminAttachment,
  'admin-connection': adminConnection,
  'admin-drive': adminDrive,
  'admin-file': adminFile,
  'admin-settings': adminSettings,
  'content-file': contentFile,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
