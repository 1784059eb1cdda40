import fs from 'fs';
import path from 'path';

const PLUGIN_PACKAGE = 'strapi-plugin-external-drives';

/**
 * Finds this repository's root (the plugin package) above the app, so the playground runs the
 * plugin from source whether Strapi reads config/ or the compiled dist/config/. Returns undefined
 * when the app is not inside the repository (the pack test installs the plugin from its tarball,
 * where Strapi finds it in node_modules by itself).
 */
function findPluginRoot(from: string): string | undefined {
  if (process.env.EXTERNAL_DRIVES_PLUGIN_PATH)
    return path.resolve(process.env.EXTERNAL_DRIVES_PLUGIN_PATH);
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PLUGIN_PACKAGE) return dir;
  }
  return undefined;
}

/** Maps the deploy-time environment to the plugin's config keys (see docs/configuration.md). */
export default ({ env }) => {
  const pluginRoot = findPluginRoot(__dirname);
  const queueOnRedis = env('EXTERNAL_DRIVES_QUEUE') === 'redis' || Boolean(process.env.REDIS_URL);
  const optional = (name: string) => env(name) || null;
  const budget = (name: string, fallback: number) =>
    env(name) === 'off' ? null : env.int(name, fallback);

  return {
    'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
    'external-drives': {
      enabled: true,
      ...(pluginRoot ? { resolve: pluginRoot } : {}),
      config: {
        graphBaseUrl: env('EXTERNAL_DRIVES_GRAPH_URL', 'https://graph.microsoft.com/v1.0'),
        authorityHost: env('EXTERNAL_DRIVES_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
        caFile: optional('EXTERNAL_DRIVES_CA_FILE'),
        tenantId: optional('EXTERNAL_DRIVES_TENANT_ID'),
        clientId: optional('EXTERNAL_DRIVES_CLIENT_ID'),
        clientSecret: optional('EXTERNAL_DRIVES_CLIENT_SECRET'),
        // A certificate credential instead of the secret: PEM text or a PEM file's path, both set.
        clientCertificate: optional('EXTERNAL_DRIVES_CLIENT_CERTIFICATE'),
        clientPrivateKey: optional('EXTERNAL_DRIVES_CLIENT_PRIVATE_KEY'),
        clientCertificateThumbprint: env('EXTERNAL_DRIVES_CLIENT_CERTIFICATE_THUMBPRINT', 'sha256'),
        redirectUri: optional('EXTERNAL_DRIVES_REDIRECT_URI'),
        notificationUrl: optional('EXTERNAL_DRIVES_NOTIFICATION_URL'),
        subscriptionLifetimeMinutes: env.int('EXTERNAL_DRIVES_SUBSCRIPTION_LIFETIME', 42_000),
        redisUrl: queueOnRedis ? env('REDIS_URL', 'redis://127.0.0.1:6379') : null,
        leaseDurationMs: env.int('EXTERNAL_DRIVES_LEASE_DURATION_MS', 30_000),
        // Sealing key of tokens and secrets at rest (default: Strapi's admin.secrets.encryptionKey).
        encryptionKey: optional('EXTERNAL_DRIVES_ENCRYPTION_KEY'),
        // Keys still accepted for opening, comma-separated: the key before a rotation, until the
        // re-seal pass at boot has moved everything to the current key (docs/admin-guide.md).
        previousEncryptionKeys: env
          .array('EXTERNAL_DRIVES_PREVIOUS_ENCRYPTION_KEYS', [])
          .filter(Boolean),
        syncIntervalMinutes: env.int('EXTERNAL_DRIVES_SYNC_INTERVAL', 15),
        maxConcurrentSyncs: env.int('EXTERNAL_DRIVES_MAX_CONCURRENT_SYNCS', null),
        requestTimeoutMs: env.int('EXTERNAL_DRIVES_REQUEST_TIMEOUT_MS', 60_000),
        retryBaseDelayMs: env.int('EXTERNAL_DRIVES_RETRY_BASE_DELAY_MS', 500),
        // Microsoft's resource-unit budget of the app per tenant ("off": no pacing).
        resourceUnitsPerMinute: budget('EXTERNAL_DRIVES_RU_PER_MINUTE', 1_200),
        resourceUnitsPerDay: budget('EXTERNAL_DRIVES_RU_PER_DAY', 1_200_000),
        resourceUnitWindowSeconds: env.int('EXTERNAL_DRIVES_RU_WINDOW_SECONDS', 60),
        // Deprecated: mapped to a budget of N × 60 RU a minute (docs/configuration.md).
        maxRequestsPerSecond: env.int('EXTERNAL_DRIVES_MAX_REQUESTS_PER_SECOND', null),
      },
    },
  };
};
