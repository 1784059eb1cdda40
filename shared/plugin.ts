/** The plugin's id, as Strapi knows it (`strapi.plugin(PLUGIN_ID)`, `plugin::external-drives.*`). */
export const PLUGIN_ID = 'external-drives';
