import type { StrapiApp } from '@strapi/strapi/admin';
import type { ComponentType } from 'react';
import { EXTERNAL_FILE_FIELD, EXTERNAL_FILES_FIELD } from '../../shared/external-file';
import { PluginIcon } from './components/PluginIcon';
import { READ_PERMISSIONS, READ_SETTINGS_PERMISSIONS } from './permissions';
import { PLUGIN_ID } from '../../shared/plugin';
import { getTranslation } from './utils/getTranslation';

interface TranslationModule {
  default: Record<string, string>;
}

/** Prefixes every key with the plugin id, the way Strapi's plugins namespace their messages. */
const prefixKeys = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([key, text]) => [getTranslation(key), text]));

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('menu.myFiles'), defaultMessage: 'My Files' },
      permissions: READ_PERMISSIONS,
      Component: () => import('./pages/App'),
    });

    app.addSettingsLink(
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'External Drives' },
      },
      {
        id: 'configuration',
        to: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Configuration' },
        permissions: READ_SETTINGS_PERMISSIONS,
        Component: () => import('./pages/SettingsPage'),
      }
    );

    // Content types store files of organisation drives by reference; see server/src/editors.
    // The content manager renders it with the field's props; Strapi's type names none of them.
    const Input = async () =>
      (await import('./components/ExternalFiles/ExternalFileInput')) as unknown as {
        default: ComponentType;
      };
    app.customFields.register([
      {
        name: EXTERNAL_FILE_FIELD,
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: {
          id: getTranslation('customField.single.label'),
          defaultMessage: 'External file',
        },
        intlDescription: {
          id: getTranslation('customField.single.description'),
          defaultMessage: 'A file from a SharePoint library, kept in sync',
        },
        icon: PluginIcon,
        components: { Input },
      },
      {
        name: EXTERNAL_FILES_FIELD,
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: {
          id: getTranslation('customField.multiple.label'),
          defaultMessage: 'External files',
        },
        intlDescription: {
          id: getTranslation('customField.multiple.description'),
          defaultMessage: 'Several files from SharePoint libraries, kept in sync',
        },
        icon: PluginIcon,
        components: { Input },
      },
    ]);

    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(_app: StrapiApp) {},

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: messages } = (await import(
            `./translations/${locale}.json`
          )) as TranslationModule;
          return { data: prefixKeys(messages), locale };
        } catch {
          // No translation for this locale yet: Strapi falls back to the default messages.
          return { data: {}, locale };
        }
      })
    );
  },
};
