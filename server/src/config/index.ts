import {
  readCertificateCredential,
  readPemSetting,
  type ThumbprintAlgorithm,
} from '../auth/certificate-credential';

/**
 * Deploy-time configuration of the plugin (`config/plugins.ts` of the host app). What an admin edits
 * in the Settings page lives in the plugin store instead (see the `settings` service).
 */
export interface PluginConfig {
  graphBaseUrl: string;
  authorityHost: string;
  caFile: string | null;
  tenantId: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /**
   * A certificate credential instead of the secret (Microsoft's recommendation): the certificate
   * (PEM, optionally followed by its chain) and its unencrypted private key (PEM), each given as the
   * PEM text or the path of a PEM file. Both or neither; when set, the certificate is used.
   */
  clientCertificate: string | null;
  clientPrivateKey: string | null;
  /**
   * How the certificate is named in its client assertions: 'sha256' (x5t#S256, the default) or
   * 'sha1' (the deprecated x5t), only for a tenant that still needs it.
   */
  clientCertificateThumbprint: ThumbprintAlgorithm;
  /** The OAuth redirect URI, when the server's public URL is not what Microsoft should call. */
  redirectUri: string | null;
  /** The public https URL Graph posts change notifications to; none: scheduled sync only. */
  notificationUrl: string | null;
  /** How long a change-notification subscription lives before renewal (Graph: at most 42,300). */
  subscriptionLifetimeMinutes: number;
  redisUrl: string | null;
  /**
   * How long a lease (a drive's sync run, an upload's next piece) outlives an instance that died
   * holding it; renewed every third of it while the work lasts.
   */
  leaseDurationMs: number;
  encryptionKey: string | null;
  previousEncryptionKeys: string[];
  syncIntervalMinutes: number;
  /**
   * Drives one instance syncs at once. null: 2 on SQLite (one writer: more would only queue on its
   * connection, ahead of users' requests), 6 on PostgreSQL, where a small drive's sync is mostly
   * waiting for Graph and the database, and thousands of them must fit in one interval.
   */
  maxConcurrentSyncs: number | null;
  requestTimeoutMs: number;
  /**
   * The first backoff of a retried request to Microsoft (doubling per attempt, with full jitter),
   * for answers without a Retry-After (500, 502, 504, resets, timeouts). Tests and soaks lower it;
   * Retry-After is always honoured as sent.
   */
  retryBaseDelayMs: number;
  /**
   * The tenant's resource-unit budget per minute window for this app (Microsoft's: 1,200 / 2,400 /
   * 3,600 / 4,800 / 6,000 for up to 1k / 5k / 15k / 50k / more licences). Every Graph request of
   * every instance is paced to 88% of it (server/src/graph/pacing). null: no pacing; Microsoft's
   * throttling (Retry-After, always honoured) is then the only limit.
   */
  resourceUnitsPerMinute: number | null;
  /** The budget per 24 hours (Microsoft's: 1,000 times the minute one); null: no day limit. */
  resourceUnitsPerDay: number | null;
  /** The minute budget's window in seconds: 60 at Microsoft (tests shorten the emulator's). */
  resourceUnitWindowSeconds: number;
  /**
   * Deprecated (use `resourceUnitsPerMinute`): the most Graph requests a second per tenant. Still
   * honoured, as a budget of N × 60 RU a minute when that is lower (every request costs 1 RU or
   * more, so no more than N × 60 requests leave a minute).
   */
  maxRequestsPerSecond: number | null;
  simpleUploadThresholdBytes: number;
  uploadFragmentBytes: number;
}

export const DEFAULT_CONFIG = {
  graphBaseUrl: 'https://graph.microsoft.com/v1.0',
  authorityHost: 'https://login.microsoftonline.com',
  caFile: null,
  tenantId: null,
  clientId: null,
  clientSecret: null,
  clientCertificate: null,
  clientPrivateKey: null,
  clientCertificateThumbprint: 'sha256',
  redirectUri: null,
  notificationUrl: null,
  subscriptionLifetimeMinutes: 42_000,
  redisUrl: null,
  leaseDurationMs: 30_000,
  encryptionKey: null,
  previousEncryptionKeys: [],
  syncIntervalMinutes: 15,
  maxConcurrentSyncs: null,
  requestTimeoutMs: 60_000,
  retryBaseDelayMs: 500,
  resourceUnitsPerMinute: 1_200,
  resourceUnitsPerDay: 1_200_000,
  resourceUnitWindowSeconds: 60,
  maxRequestsPerSecond: null,
  simpleUploadThresholdBytes: 4 * 1024 * 1024,
  uploadFragmentBytes: 32 * 320 * 1024, // 10 MiB, a multiple of 320 KiB
} satisfies PluginConfig;

export const SYNC_INTERVAL_RANGE = { min: 1, max: 1440 } as const;

const fail = (key: string, why: string): never => {
  throw new Error(`external-drives config "${key}" ${why}`);
};

const isHttpsUrl = (value: unknown) => {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
};

const optionalString = (config: Record<string, unknown>, key: string) => {
  const value = config[key];
  if (value !== null && value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    fail(key, 'must be a non-empty string or null');
  }
};

const integerIn = (config: Record<string, unknown>, key: string, min: number, max: number) => {
  const value = config[key];
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(key, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
};

/**
 * The certificate and key must come together, be readable and belong together. An expired
 * certificate does not stop Strapi: Settings says so, and Entra ID refuses it.
 */
function validateCertificateConfig(config: Record<string, unknown>) {
  const thumbprint = config.clientCertificateThumbprint;
  if (thumbprint !== undefined && thumbprint !== 'sha256' && thumbprint !== 'sha1')
    fail('clientCertificateThumbprint', "must be 'sha256' or 'sha1'");
  const certificate = config.clientCertificate as string | null | undefined;
  const key = config.clientPrivateKey as string | null | undefined;
  if (!certificate && !key) return;
  if (!certificate) fail('clientCertificate', 'must be set with clientPrivateKey');
  if (!key) fail('clientPrivateKey', 'must be set with clientCertificate');
  let certificatePem = '';
  try {
    certificatePem = readPemSetting(certificate!);
  } catch (error) {
    fail('clientCertificate', (error as Error).message);
  }
  let keyPem = '';
  try {
    keyPem = readPemSetting(key!);
  } catch (error) {
    fail('clientPrivateKey', (error as Error).message);
  }
  try {
    readCertificateCredential(certificatePem, keyPem, { requireValidNow: false });
  } catch (error) {
    fail('clientCertificate', `is not usable: ${(error as Error).message}`);
  }
}

/** Throws an Error naming the first bad key and why: Strapi refuses to start with it. */
export function validateConfig(raw: unknown): void {
  if (!raw || typeof raw !== 'object') fail('(root)', 'must be an object');
  const config = raw as Record<string, unknown>;
  // Microsoft and msal require HTTPS; an http authority fails later with an obscure msal error.
  if (!isHttpsUrl(config.graphBaseUrl)) fail('graphBaseUrl', 'must be an https:// URL');
  if (!isHttpsUrl(config.authorityHost)) fail('authorityHost', 'must be an https:// URL');
  for (const key of [
    'caFile',
    'tenantId',
    'clientId',
    'clientSecret',
    'clientCertificate',
    'clientPrivateKey',
    'encryptionKey',
  ]) {
    optionalString(config, key);
  }
  validateCertificateConfig(config);
  if (config.redirectUri !== null && config.redirectUri !== undefined) {
    const uri = config.redirectUri;
    if (typeof uri !== 'string' || !/^https?:\/\/[^/]/.test(uri) || uri.endsWith('/')) {
      fail('redirectUri', 'must be an absolute http(s) URL without a trailing slash, or null');
    }
  }
  if (
    config.notificationUrl !== null &&
    config.notificationUrl !== undefined &&
    !isHttpsUrl(config.notificationUrl)
  ) {
    fail('notificationUrl', 'must be an https:// URL (Graph notifies https only), or null');
  }
  integerIn(config, 'subscriptionLifetimeMinutes', 2, 42_300);
  if (config.redisUrl !== null && config.redisUrl !== undefined) {
    if (typeof config.redisUrl !== 'string' || !/^rediss?:\/\//.test(config.redisUrl)) {
      fail('redisUrl', 'must be a redis:// or rediss:// URL, or null');
    }
  }
  integerIn(config, 'leaseDurationMs', 1_000, 3_600_000);
  if (typeof config.encryptionKey === 'string' && config.encryptionKey.length < 16) {
    fail('encryptionKey', 'must be at least 16 characters');
  }
  const previous = config.previousEncryptionKeys;
  if (
    !Array.isArray(previous) ||
    previous.some((key) => typeof key !== 'string' || key.length < 16)
  ) {
    fail('previousEncryptionKeys', 'must be a list of keys of at least 16 characters');
  }
  integerIn(config, 'syncIntervalMinutes', SYNC_INTERVAL_RANGE.min, SYNC_INTERVAL_RANGE.max);
  if (config.maxConcurrentSyncs !== null && config.maxConcurrentSyncs !== undefined) {
    integerIn(config, 'maxConcurrentSyncs', 1, 64);
  }
  integerIn(config, 'requestTimeoutMs', 1_000, 3_600_000);
  integerIn(config, 'retryBaseDelayMs', 1, 60_000);
  for (const key of ['resourceUnitsPerMinute', 'resourceUnitsPerDay']) {
    const units = config[key];
    if (units !== null && !(Number.isInteger(units) && (units as number) >= 10)) {
      fail(
        key,
        `must be a whole number of resource units of at least 10 (Microsoft's smallest tenant ` +
          `allows 1200 a minute and 1200000 a day), or null for no limit (got ${JSON.stringify(units)})`
      );
    }
  }
  integerIn(config, 'resourceUnitWindowSeconds', 1, 3_600);
  const rate = config.maxRequestsPerSecond;
  if (rate !== null && rate !== undefined && !(Number.isInteger(rate) && (rate as number) >= 1)) {
    fail(
      'maxRequestsPerSecond',
      `must be a whole number of at least 1, or null (got ${rate}); it is deprecated: set ` +
        `resourceUnitsPerMinute instead`
    );
  }
  integerIn(config, 'simpleUploadThresholdBytes', 0, 60 * 1024 * 1024);
  integerIn(config, 'uploadFragmentBytes', 320 * 1024, 60 * 1024 * 1024 - 1);
  if ((config.uploadFragmentBytes as number) % (320 * 1024) !== 0) {
    fail('uploadFragmentBytes', 'must be a multiple of 327,680 bytes (320 KiB), as Graph requires');
  }
}

export default {
  default: DEFAULT_CONFIG,
  validator: validateConfig,
};
