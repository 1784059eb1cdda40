/**
 * The integration settings: what the admin edits in Settings > External Drives (kept in the plugin
 * store, the client secret and the certificate's private key sealed), overlaid by deploy-time
 * values from the plugin config, which win. The secret and the key are write-only: nothing here
 * ever returns them to a caller outside the server.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { createSecretBox, type SecretBox } from '../auth/secret-box';
import { sealedNames } from '../auth/sealed-names';
import { externalDrivesError } from '../graph/errors';
import { SYNC_INTERVAL_RANGE, type PluginConfig } from '../config';
import type { ClientCredential } from '../auth/app-tokens';
import {
  CertificateCredentialError,
  readCertificateCredential,
  readPemSetting,
  type CertificateCredential,
} from '../auth/certificate-credential';
import { ZIP_LIMITS } from '../../../shared/zip-limits';
import { sharingLinksOn } from '../../../shared/contracts/sharing-links';
import type {
  ClientCredentialKind,
  IntegrationAvailability,
  LockedField,
  PublicSettings,
  SettingsUpdate,
} from '../../../shared/contracts/settings';
import {
  certificateSummaryOf,
  storedCertificateOf,
  type StoredCertificate,
} from './certificate-summary';

export type { PublicSettings, SettingsUpdate };

const STORE_KEY = 'integration';

/** What the store keeps. */
interface StoredSettings {
  tenantId?: string | null;
  clientId?: string | null;
  sealedClientSecret?: string | null;
  clientSecretExpiresAt?: string | null;
  clientCredential?: ClientCredentialKind;
  clientCertificate?: StoredCertificate | null;
  sealedClientPrivateKey?: string | null;
  enabled?: boolean;
  personalConnectionsAllowed?: boolean;
  downloadsEnabled?: boolean;
  sharingLinksEnabled?: boolean | null;
  rejectDiscouragedCharacters?: boolean;
  zipMaxMegabytes?: number;
  zipMaxFiles?: number;
  syncIntervalMinutes?: number;
  allowedSiteIds?: string[];
}

/**
 * The integration as the server uses it: what the Settings page reads (shared/contracts), with the
 * credential in use itself (the secret, or the certificate with its key) in place of whether one
 * is set. It never leaves the server.
 */
export interface IntegrationSettings extends Omit<
  PublicSettings,
  'clientSecretSet' | 'redirectUri'
> {
  clientSecret: string | null;
  /** What msal-node authenticates with; null when the chosen credential is missing or unreadable. */
  credential: ClientCredential | null;
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

  const openSealed = (sealed: string | null | undefined, name: string): string | null => {
    if (!sealed) return null;
    try {
      return secretBox().open(sealed, name);
    } catch {
      // A value sealed under a key that is gone cannot be used: the admin enters it again.
      return null;
    }
  };

  const resealedIfReadable = (sealed: string, name: string): string => {
    try {
      return secretBox().reseal(sealed, name);
    } catch {
      return sealed;
    }
  };

  // The deployment's certificate, read once per value (a path is read from disk once: a new file
  // takes a restart, as any config change does). Not checked for expiry: Settings shows it.
  let configured: { key: string; credential: CertificateCredential } | undefined;
  const configuredCertificate = (): CertificateCredential | null => {
    const certificate = config('clientCertificate');
    const privateKey = config('clientPrivateKey');
    if (!certificate || !privateKey) return null;
    const key = `${certificate}\n${privateKey}`;
    if (configured?.key !== key) {
      configured = {
        key,
        credential: readCertificateCredential(
          readPemSetting(certificate),
          readPemSetting(privateKey),
          { requireValidNow: false }
        ),
      };
    }
    return configured.credential;
  };

  /** The stored certificate with its key, when both are there and the key opens. */
  const storedCertificate = (stored: StoredSettings): CertificateCredential | null => {
    const privateKeyPem = openSealed(stored.sealedClientPrivateKey, sealedNames.clientPrivateKey());
    return stored.clientCertificate && privateKeyPem
      ? { ...stored.clientCertificate, privateKeyPem }
      : null;
  };

  /**
   * Which credential is used: the deployment's if it gives one (a certificate first), else the
   * admin's choice.
   */
  const credentialKind = (stored: StoredSettings): ClientCredentialKind => {
    if (config('clientCertificate')) return 'certificate';
    if (config('clientSecret')) return 'secret';
    return stored.clientCredential ?? 'secret';
  };

  const lockedFieldsOf = (): LockedField[] => [
    ...(['tenantId', 'clientId', 'clientSecret'] as const).filter((key) => Boolean(config(key))),
    ...(config('clientCertificate') ? (['clientCertificate'] as const) : []),
  ];

  return {
    secretBox,

    async getIntegration(): Promise<IntegrationSettings> {
      const stored = await read();
      const clientSecret =
        config('clientSecret') ?? openSealed(stored.sealedClientSecret, sealedNames.clientSecret());
      const clientCredential = credentialKind(stored);
      const certificate = configuredCertificate() ?? storedCertificate(stored);
      const shownCertificate = certificate ?? stored.clientCertificate ?? null;
      const credential: ClientCredential | null =
        clientCredential === 'certificate'
          ? certificate && {
              kind: 'certificate',
              certificate,
              thumbprintAlgorithm: config('clientCertificateThumbprint') ?? 'sha256',
            }
          : clientSecret
            ? { kind: 'secret', secret: clientSecret }
            : null;
      return {
        enabled: stored.enabled ?? DEFAULTS.enabled,
        tenantId: config('tenantId') ?? stored.tenantId ?? null,
        clientId: config('clientId') ?? stored.clientId ?? null,
        clientSecret,
        clientSecretExpiresAt: stored.clientSecretExpiresAt ?? null,
        clientSecretUnreadable: !clientSecret && Boolean(stored.sealedClientSecret),
        clientCredential,
        clientCertificate: shownCertificate && certificateSummaryOf(shownCertificate),
        // No usable certificate although a key is stored: the key no longer opens.
        clientPrivateKeyUnreadable: !certificate && Boolean(stored.sealedClientPrivateKey),
        credential,
        personalConnectionsAllowed:
          stored.personalConnectionsAllowed ?? DEFAULTS.personalConnectionsAllowed,
        downloadsEnabled: stored.downloadsEnabled ?? DEFAULTS.downloadsEnabled,
        // Absent: follows Downloads (links are off with downloads unless turned on separately).
        sharingLinksEnabled: stored.sharingLinksEnabled ?? null,
        rejectDiscouragedCharacters:
          stored.rejectDiscouragedCharacters ?? DEFAULTS.rejectDiscouragedCharacters,
        zipMaxMegabytes: stored.zipMaxMegabytes ?? ZIP_LIMITS.maxMegabytes.default,
        zipMaxFiles: stored.zipMaxFiles ?? ZIP_LIMITS.maxFiles.default,
        syncIntervalMinutes: stored.syncIntervalMinutes ?? config('syncIntervalMinutes'),
        allowedSiteIds: stored.allowedSiteIds ?? [],
        lockedFields: lockedFieldsOf(),
      };
    },

    async getPublic(): Promise<PublicSettings> {
      const { clientSecret, credential: _credential, ...rest } = await this.getIntegration();
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
        integration.credential
      );
    },

    /** Throws "Integration not available" unless the integration can be used. */
    async assertAvailable(): Promise<IntegrationSettings> {
      const integration = await this.getIntegration();
      if (
        integration.enabled &&
        integration.clientCredential === 'certificate' &&
        integration.clientPrivateKeyUnreadable
      ) {
        throw externalDrivesError('integrationNotAvailable', {
          message:
            "Integration not available: the stored certificate's private key can no longer be read",
          nextStep:
            'The encryption key changed. An administrator must upload the certificate and its ' +
            'private key again in Settings > External Drives.',
        });
      }
      if (
        integration.enabled &&
        integration.clientCredential === 'secret' &&
        integration.clientSecretUnreadable
      ) {
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
        !integration.credential
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
        sharingLinksOn: sharingLinksOn(integration),
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
      const credentialLocked =
        current.lockedFields.includes('clientSecret') ||
        current.lockedFields.includes('clientCertificate');
      if (
        current.lockedFields.includes('clientCertificate') &&
        update.clientPrivateKey !== undefined
      ) {
        throw externalDrivesError('invalidRequest', {
          message:
            "clientPrivateKey is set by the server's configuration and cannot be changed here",
        });
      }
      if (credentialLocked && update.clientCredential !== undefined) {
        throw externalDrivesError('invalidRequest', {
          message:
            "clientCredential is set by the server's configuration and cannot be changed here",
        });
      }
      const certificate = certificateOfUpdate(update);
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
        'sharingLinksEnabled',
        'rejectDiscouragedCharacters',
        'zipMaxMegabytes',
        'zipMaxFiles',
        'syncIntervalMinutes',
        'allowedSiteIds',
      ] as const) {
        if (update[key] !== undefined) (next as Record<string, unknown>)[key] = update[key];
      }
      if (certificate !== undefined) {
        next.clientCertificate = certificate && storedCertificateOf(certificate);
        next.sealedClientPrivateKey =
          certificate &&
          secretBox().seal(certificate.privateKeyPem, sealedNames.clientPrivateKey());
      } else if (next.sealedClientPrivateKey) {
        next.sealedClientPrivateKey = resealedIfReadable(
          next.sealedClientPrivateKey,
          sealedNames.clientPrivateKey()
        );
      }
      if (update.clientCredential !== undefined) next.clientCredential = update.clientCredential;
      if (next.clientCredential === 'certificate' && !next.clientCertificate) {
        throw externalDrivesError('invalidRequest', {
          message: 'Upload the certificate and its private key before choosing Certificate',
        });
      }
      if (update.clientSecret !== undefined) {
        next.sealedClientSecret = update.clientSecret
          ? secretBox().seal(update.clientSecret, sealedNames.clientSecret())
          : null;
      } else if (next.sealedClientSecret) {
        // Written back as it should be stored now, so this write never undoes a re-seal that ran
        // between our read and our write (one no key opens stays as it is, for the banner).
        next.sealedClientSecret = resealedIfReadable(
          next.sealedClientSecret,
          sealedNames.clientSecret()
        );
      }
      await store().set({ key: STORE_KEY, value: next });
      await onChanged(update);
      return this.getPublic();
    },
  };
};

/**
 * The certificate an update sets, checked (its key matches, it is valid now, both PEMs read):
 * undefined when the update leaves it alone, null when it removes it. A bad one changes nothing.
 */
function certificateOfUpdate(update: SettingsUpdate): CertificateCredential | null | undefined {
  const { clientCertificate, clientPrivateKey } = update;
  if (clientCertificate === undefined && clientPrivateKey === undefined) return undefined;
  if (clientCertificate === null && clientPrivateKey === null) return null;
  if (!clientCertificate || !clientPrivateKey) {
    throw externalDrivesError('invalidRequest', {
      message: 'Upload the certificate and its private key together',
    });
  }
  try {
    return readCertificateCredential(clientCertificate, clientPrivateKey);
  } catch (error) {
    if (!(error instanceof CertificateCredentialError)) throw error;
    throw externalDrivesError('invalidRequest', { message: error.message, nextStep: '' });
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>;
