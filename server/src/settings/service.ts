/**
 * The integration settings: what the admin edits in Settings > External Drives (kept in the plugin
 * store, the client secret sealed), overlaid by deploy-time values from the plugin config, which
 * win. The secret is write-only: nothing here ever returns it to a caller outside the server.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { createSecretBox, type SecretBox } from '../auth/secret-box';
import { sealedNames } from '../auth/sealed-names';
import { externalDrivesError } from '../graph/errors';
import { SYNC_INTERVAL_RANGE, type PluginConfig } from '../config';
import { ZIP_LIMITS } from '../../../shared/zip-limits';
import type {
  IntegrationAvailability,
  PublicSettings,
  SettingsUpdate,
} from '../../../shared/contracts/settings';

export type { PublicSettings, SettingsUpdate };

const STORE_KEY = 'integration';

/** What the store keeps. */
interface StoredSettings {
  tenantId?: string | null;
  clientId?: string | null;
  sealedClientSecret?: string | null;
  clientSecretExpiresAt?: string | null;
  enabled?: boolean;
  personalConnectionsAllowed?: boolean;
  downloadsEnabled?: boolean;
  rejectDiscouragedCharacters?: boolean;
  zipMaxMegabytes?: number;
  zipMaxFiles?: number;
  syncIntervalMinutes?: number;
  allowedSiteIds?: string[];
}

/**
 * The integration as the server uses it: what the Settings page reads (shared/contracts), with the
 * client secret itself in place of whether one is set. It never leaves the server.
 */
export interface IntegrationSettings extends Omit<
  PublicSettings,
  'clientSecretSet' | 'redirectUri'
> {
  clientSecret: string | null;
}

const DEFAULTS = {
  enabled: true,
  personalConnectionsAllowed: true,
  downloadsEnabled: true,
  rejectDiscouragedCharacters: true,
};

interface SettingsDeps {
  strapi: Core.Strapi;
  /**
   * Told of every saved change, and awaited: the services that cache what settings decide (Graph
   * credentials, sync schedules) sit above this one, so the wiring passes them in as this callback.
   */
  onChanged: (update: SettingsUpdate) => Promise<void>;
}

export const createSettingsService = ({ strapi, onChanged }: SettingsDeps) => {
  const config = <K extends keyof PluginConfig>(key: K) =>
    strapi.plugin(PLUGIN_ID).config(key) as PluginConfig[K];
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });

  let box: SecretBox | undefined;
  const secretBox = () => {
    box ??= createSecretBox({
      key: config('encryptionKey') ?? (strapi.config.get('admin.secrets.encryptionKey') as string),
      previousKeys: config('previousEncryptionKeys') ?? [],
    });
    return box;
  };

  const read = async () => ((await store().get({ key: STORE_KEY })) ?? {}) as StoredSettings;

  const openSecret = (stored: StoredSettings): string | null => {
    if (!stored.sealedClientSecret) return null;
    try {
      return secretBox().open(stored.sealedClientSecret, sealedNames.clientSecret());
    } catch {
      // A secret sealed under a key that is gone cannot be used: the admin enters it again.
      return null;
    }
  };

  const resealedIfReadable = (sealed: string): string => {
    try {
      return secretBox().reseal(sealed, sealedNames.clientSecret());
    } catch {
      return sealed;
    }
  };

  return {
    secretBox,

    async getIntegration(): Promise<IntegrationSettings> {
      const stored = await read();
      const lockedFields = (['tenantId', 'clientId', 'clientSecret'] as const).filter((key) =>
        Boolean(config(key))
      );
      const clientSecret = config('clientSecret') ?? openSecret(stored);
      return {
        enabled: stored.enabled ?? DEFAULTS.enabled,
        tenantId: config('tenantId') ?? stored.tenantId ?? null,
        clientId: config('clientId') ?? stored.clientId ?? null,
        clientSecret,
        clientSecretExpiresAt: stored.clientSecretExpiresAt ?? null,
        clientSecretUnreadable: !clientSecret && Boolean(stored.sealedClientSecret),
        personalConnectionsAllowed:
          stored.personalConnectionsAllowed ?? DEFAULTS.personalConnectionsAllowed,
        downloadsEnabled: stored.downloadsEnabled ?? DEFAULTS.downloadsEnabled,
        rejectDiscouragedCharacters:
          stored.rejectDiscouragedCharacters ?? DEFAULTS.rejectDiscouragedCharacters,
        zipMaxMegabytes: stored.zipMaxMegabytes ?? ZIP_LIMITS.maxMegabytes.default,
        zipMaxFiles: stored.zipMaxFiles ?? ZIP_LIMITS.maxFiles.default,
        syncIntervalMinutes: stored.syncIntervalMinutes ?? config('syncIntervalMinutes'),
        allowedSiteIds: stored.allowedSiteIds ?? [],
        lockedFields: [...lockedFields],
      };
    },

    async getPublic(): Promise<PublicSettings> {
      const { clientSecret, ...rest } = await this.getIntegration();
      return {
        ...rest,
        clientSecretSet: Boolean(clientSecret),
        redirectUri: await this.redirectUri(),
      };
    },

    /**
     * Where Microsoft sends the browser back after a personal sign-in: the content API's callback
     * route on the server's public URL, unless the deploy-time config names another.
     */
    async redirectUri(): Promise<string> {
      const configured = config('redirectUri');
      if (configured) return configured;
      const serverUrl = String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/+$/, '');
      const apiPrefix = String(strapi.config.get('api.rest.prefix') ?? '/api');
      return `${serverUrl}${apiPrefix}/${PLUGIN_ID}/oauth/callback`;
    },

    async isConfigured(): Promise<boolean> {
      const integration = await this.getIntegration();
      return Boolean(
        integration.enabled &&
        integration.tenantId &&
        integration.clientId &&
        integration.clientSecret
      );
    },

    /** Throws "Integration not available" unless the integration can be used. */
    async assertAvailable(): Promise<IntegrationSettings> {
      const integration = await this.getIntegration();
      if (integration.enabled && integration.clientSecretUnreadable) {
        throw externalDrivesError('integrationNotAvailable', {
          message: 'Integration not available: the stored client secret can no longer be read',
          nextStep:
            'The encryption key changed. An administrator must enter the client secret again in ' +
            'Settings > External Drives.',
        });
      }
      if (
        !integration.enabled ||
        !integration.tenantId ||
        !integration.clientId ||
        !integration.clientSecret
      ) {
        throw externalDrivesError('integrationNotAvailable');
      }
      return integration;
    },

    /** What My Files users are told of the integration: the same test as assertAvailable. */
    async availability(): Promise<IntegrationAvailability> {
      const integration = await this.getIntegration();
      const available = await this.assertAvailable().then(
        () => true,
        () => false
      );
      return {
        available,
        personalConnectionsAllowed: integration.personalConnectionsAllowed,
        downloadsEnabled: integration.downloadsEnabled,
        rejectDiscouragedCharacters: integration.rejectDiscouragedCharacters,
      };
    },

    /** Validates the whole update first: a bad value changes nothing. */
    async update(update: SettingsUpdate): Promise<PublicSettings> {
      const current = await this.getIntegration();
      for (const key of current.lockedFields) {
        if (update[key] !== undefined) {
          throw externalDrivesError('invalidRequest', {
            message: `${key} is set by the server's configuration and cannot be changed here`,
          });
        }
      }
      const interval = update.syncIntervalMinutes;
      if (
        interval !== undefined &&
        (!Number.isInteger(interval) ||
          interval < SYNC_INTERVAL_RANGE.min ||
          interval > SYNC_INTERVAL_RANGE.max)
      ) {
        throw externalDrivesError('invalidRequest', {
          message: `The sync interval must be a whole number of minutes from ${SYNC_INTERVAL_RANGE.min} to ${SYNC_INTERVAL_RANGE.max}`,
        });
      }
      const stored = await read();
      const next: StoredSettings = { ...stored };
      for (const key of [
        'enabled',
        'tenantId',
        'clientId',
        'clientSecretExpiresAt',
        'personalConnectionsAllowed',
        'downloadsEnabled',
        'rejectDiscouragedCharacters',
        'zipMaxMegabytes',
        'zipMaxFiles',
        'syncIntervalMinutes',
        'allowedSiteIds',
      ] as const) {
        if (update[key] !== undefined) (next as Record<string, unknown>)[key] = update[key];
      }
      if (update.clientSecret !== undefined) {
        next.sealedClientSecret = update.clientSecret
          ? secretBox().seal(update.clientSecret, sealedNames.clientSecret())
          : null;
      } else if (next.sealedClientSecret) {
        // Written back as it should be stored now, so this write never undoes a re-seal that ran
        // between our read and our write (one no key opens stays as it is, for the banner).
        next.sealedClientSecret = resealedIfReadable(next.sealedClientSecret);
      }
      await store().set({ key: STORE_KEY, value: next });
      await onChanged(update);
      return this.getPublic();
    },
  };
};

export type SettingsService = ReturnType<typeof createSettingsService>;
