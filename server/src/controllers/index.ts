import adminFile from './admin-file';

export default { 'admin-file': adminFile };
