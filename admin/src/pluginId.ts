export const PLUGIN_ID = 'external-drives';
