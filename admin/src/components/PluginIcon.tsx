import { Folder } from '@strapi/icons';

/** The "My Files" menu icon. */
export const PluginIcon = () => <Folder />;
