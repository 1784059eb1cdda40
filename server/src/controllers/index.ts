import adminAttachment from './admin-attachment';
import adminDrive from './admin-drive';
import adminFile from './admin-file';
import adminSettings from './admin-settings';
import contentFile from './content-file';

export default {
  'admin-attachment': adminAttachment,
  'admin-drive': adminDrive,
  'admin-file': adminFile,
  'admin-settings': adminSettings,
  'content-file': contentFile,
};
