import adminConnection from './admin-connection';
import adminFolders from './admin-folders';
import adminDrive from './admin-drive';
import adminEditors from './admin-editors';
import adminFile from './admin-file';
import adminFileVersion from './admin-file-version';
import adminFolderUpload from './admin-folder-upload';
import adminLibraryColumns from './admin-library-columns';
import adminSettings from './admin-settings';
import adminSharingLink from './admin-sharing-link';
import adminThumbnail from './admin-thumbnail';
import adminZipTicket from './admin-zip-ticket';
import contentFile from './content-file';
import notificationWebhook from './notification-webhook';
import oauthCallback from './oauth-callback';

export default {
  'admin-connection': adminConnection,
  'admin-folders': adminFolders,
  'admin-drive': adminDrive,
  'admin-editors': adminEditors,
  'admin-file': adminFile,
  'admin-file-version': adminFileVersion,
  'admin-folder-upload': adminFolderUpload,
  'admin-library-columns': adminLibraryColumns,
  'admin-settings': adminSettings,
  'admin-sharing-link': adminSharingLink,
  'admin-thumbnail': adminThumbnail,
  'admin-zip-ticket': adminZipTicket,
  'content-file': contentFile,
  'notification-webhook': notificationWebhook,
  'oauth-callback': oauthCallback,
};
