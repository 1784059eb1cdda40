import adminDrive from './admin-drive';
import adminFile from './admin-file';
import adminSettings from './admin-settings';

export default {
  'admin-drive': adminDrive,
  'admin-file': adminFile,
  'admin-settings': adminSettings,
};
