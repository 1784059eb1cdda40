import adminConnection from './admin-connection';
import adminDrive from './admin-drive';
import adminEditors from './admin-editors';
import adminFile from './admin-file';
import adminFolderUpload from './admin-folder-upload';
import adminSettings from './admin-settings';
import adminZipTicket from './admin-zip-ticket';
import contentFile from './content-file';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-connection': adminConnection,
  'admin-drive': adminDrive,
  'admin-editors': adminEditors,
  'admin-file': adminFile,
  'admin-folder-upload': adminFolderUpload,
  'admin-settings': adminSettings,
  'admin-zip-ticket': adminZipTicket,
  'content-file': contentFile,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
