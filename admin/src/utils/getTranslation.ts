import { PLUGIN_ID } from '../../../shared/plugin';

/** The plugin-namespaced message id for a key of translations/en.json. */
export const getTranslation = (key: string) => `${PLUGIN_ID}.${key}`;
