/**
 * The `graph` service: hands out Graph SDK clients for the app (platform-level drives) and for a
 * given drive, over one shared transport. Credentials come from the `settings` service on every
 * call, so a changed secret or tenant takes effect without a restart; msal applications are kept
 * per credential set so their token caches are reused.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import Redis from 'ioredis';
import { PLUGIN_ID } from '../constants';
import type { PluginConfig } from '../config';
import { queuePrefixFor } from '../jobs/queue-prefix';
import {
  applicationPermissionsOf,
  createAppTokenProvider,
  credentialFingerprint,
  permissionsAllowSiteSearch,
  type AppTokenProvider,
} from '../auth/app-tokens';
import type { AppSiteAccess } from '../../../shared/contracts/settings';
import { createMsalNetworkClient } from '../auth/msal-network';
import { createGraphClient } from './client';
import { bucketSpecsOf, pacingBudgetOf } from './pacing/budget';
import { createDatabaseStore } from './pacing/database-store';
import { Pacer, type PacerUsage } from './pacing/pacer';
import { createRedisStore } from './pacing/redis-store';
import { createMemoryStore, type PacingStore } from './pacing/store';
import { externalDrivesError, toExternalDrivesError } from './errors';
import type { GraphMetrics } from './retry-policy';
import type { TokenSource } from './token-source';
import { createTransport, type Transport } from './transport';
import { createDriveTable, type DriveRow } from '../drives/table';
import type { SettingsService } from '../settings/service';

/** What of a drive decides its client: platform (app-only) or personal (its account's tokens). */
type DriveRef = Pick<DriveRow, 'scope' | 'accountId'>;

export interface ClientOptions {
  metrics?: GraphMetrics;
  /** Sync and other work nobody waits for: it queues behind user-facing requests. */
  inBackground?: boolean;
}

interface GraphDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'assertAvailable'>;
  /**
   * The token source of a connected Microsoft account (personal drives). Connections sit above
   * this service (they use its transport), so the wiring passes their token sources in. A source
   * must honour a forced refresh and claims: the retry policy asks for them after a 401.
   */
  accountTokens: (accountId: number) => Promise<TokenSource>;
}

export const createGraphService = ({ strapi, settings, accountTokens }: GraphDeps) => {
  const config = <T>(key: string) => strapi.plugin(PLUGIN_ID).config(key) as T;
  let transport: Transport | undefined;
  const appProviders = new Map<string, AppTokenProvider>();
  const drives = createDriveTable(strapi);
  const pacers = new Map<string, Pacer>();
  let pacingStore: PacingStore | undefined;
  let pacingRedis: Redis | undefined;

  /**
   * Where the tenants' pacers keep their state: Redis when configured, else the database; either
   * way every instance of the deployment (they share both) spends one budget per tenant. A SQLite
   * file has one Strapi process: the state stays in it, as a table would only make each request
   * wait for the sync's page transaction on SQLite's one connection (measured: the initial sync's
   * ratio fell from 0.53 to 0.38 under load).
   */
  const getPacingStore = (): PacingStore => {
    if (pacingStore) return pacingStore;
    const redisUrl = config<string | null>('redisUrl');
    if (redisUrl) {
      pacingRedis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
      // ioredis reconnects by itself; meanwhile each instance paces on a local bucket (see Pacer).
      pacingRedis.on('error', () => undefined);
      pacingStore = createRedisStore(pacingRedis, queuePrefixFor(strapi.db.config.connection));
    } else if (strapi.db.dialect.client === 'sqlite') {
      pacingStore = createMemoryStore();
    } else {
      pacingStore = createDatabaseStore(strapi.db);
    }
    return pacingStore;
  };

  /** The pacer of a tenant + application: Microsoft's budget is the app's in the tenant. */
  const pacerFor = (tenantId: string, clientId: string): Pacer => {
    const key = `${tenantId}:${clientId}`;
    let pacer = pacers.get(key);
    if (!pacer) {
      const specs = bucketSpecsOf(
        pacingBudgetOf(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig)
      );
      pacer = new Pacer(key, specs ? getPacingStore() : createMemoryStore(), specs, (error) =>
        strapi.log.warn(
          `[${PLUGIN_ID}] pacing store failed (${(error as Error).message}): this instance paces ` +
            `alone on a local bucket for a few seconds, then asks the store again`
        )
      );
      pacers.set(key, pacer);
    }
    return pacer;
  };

  const getTransport = () => {
    transport ??= createTransport({
      caFile: config<string | null>('caFile'),
      timeoutMs: config<number | undefined>('requestTimeoutMs'),
      retryBaseDelayMs: config<number | undefined>('retryBaseDelayMs'),
    });
    return transport;
  };

  const appCredentials = async () => {
    const { tenantId, clientId, credential } = await settings.assertAvailable();
    // assertAvailable has checked all three.
    return { tenantId: tenantId!, clientId: clientId!, credential: credential! };
  };

  const appTokenProvider = async () => {
    const credentials = await appCredentials();
    // The credential is part of the key (hashed, never kept in clear as a map key) so a new secret
    // or certificate gets a new msal application instead of a cached token from the old one.
    const key = createHash('sha256')
      .update(
        [
          credentials.tenantId,
          credentials.clientId,
          credentialFingerprint(credentials.credential),
        ].join('\n')
      )
      .digest('hex');
    let provider = appProviders.get(key);
    if (!provider) {
      provider = createAppTokenProvider(
        { authorityHost: config<string>('authorityHost'), ...credentials },
        createMsalNetworkClient(getTransport())
      );
      appProviders.set(key, provider);
    }
    return { provider, pacer: pacerFor(credentials.tenantId, credentials.clientId) };
  };

  const clientWith = (getToken: TokenSource, pacer: Pacer, options: ClientOptions): Client =>
    createGraphClient({
      graphBaseUrl: config<string>('graphBaseUrl'),
      dispatcher: getTransport().dispatcher,
      getAccessToken: getToken,
      pacer,
      inBackground: options.inBackground,
      metrics: options.metrics,
      retryPolicy: getTransport().retryPolicy,
    });

  return {
    /** A client acting as the application itself (client credentials). */
    async appClient(options: ClientOptions = {}): Promise<Client> {
      const { provider, pacer } = await appTokenProvider();
      return clientWith(provider, pacer, options);
    },

    /** A client for one drive: app-only for platform drives, the owner's delegated token otherwise. */
    async clientForDrive(drive: DriveRef, options: ClientOptions = {}): Promise<Client> {
      if (drive.scope === 'platform') return this.appClient(options);
      if (!drive.accountId) {
        throw externalDrivesError('authenticationFailed', { details: { reason: 'no_account' } });
      }
      const getToken = await accountTokens(drive.accountId);
      return this.delegatedClient(getToken, options);
    },

    /**
     * A client acting as a signed-in user (personal connections). Paced with the app's own
     * requests: Microsoft budgets the application per tenant, whichever user's token it sends.
     */
    async delegatedClient(getToken: TokenSource, options: ClientOptions = {}): Promise<Client> {
      const { tenantId, clientId } = await appCredentials();
      return clientWith(getToken, pacerFor(tenantId, clientId), options);
    },

    /** What each tenant's pacer of this instance spent and waited, and its shared buckets now. */
    async pacingUsage() {
      const budget = pacingBudgetOf(strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig);
      const specs = bucketSpecsOf(budget);
      const tenants: Array<PacerUsage & { minuteUnits: number | null; dayUnits: number | null }> =
        [];
      for (const pacer of pacers.values()) {
        // A store failure here is counted on the pacer, like one of its own steps.
        const state = await pacer.readShared();
        tenants.push({
          ...pacer.usage(),
          minuteUnits: state ? state.minute : null,
          dayUnits: state ? state.day : null,
        });
      }
      return { budget, enabled: specs !== null, tenants };
    },

    /** Acquires an app token now: the cheapest check that the credentials work. */
    async verifyAppCredentials(): Promise<void> {
      const { provider } = await appTokenProvider();
      await provider();
    },

    /**
     * What the app may do with sites, read from the `roles` claim of its token (msal's cached one
     * when it has one): an app granted Sites.Selected cannot search for sites.
     */
    async appSiteAccess(): Promise<AppSiteAccess> {
      try {
        const { provider } = await appTokenProvider();
        const permissions = applicationPermissionsOf(await provider());
        return { permissions, canSearchSites: permissionsAllowSiteSearch(permissions) };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },

    /**
     * Settings' "Test connection": acquires an app-only token and reads a site, one a platform
     * drive is in (granted to the app) or else the tenant root.
     */
    async testConnection() {
      try {
        await this.verifyAppCredentials();
        const client = await this.appClient();
        const siteId = await drives.aPlatformSiteId();
        const site = siteId
          ? await client.api(`/sites/${encodeURIComponent(siteId)}`).get()
          : await client
              .api('/sites/root')
              .get()
              .catch(async (error: { statusCode?: number }) => {
                // Sites.Selected cannot read the root site: searching may still prove the token works.
                if (error.statusCode !== 403 && error.statusCode !== 404) throw error;
                return null;
              });
        return {
          ok: true,
          site: site
            ? { id: site.id, name: site.displayName ?? site.name, webUrl: site.webUrl ?? null }
            : null,
        };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },

    /** The transport for pre-authenticated URLs (downloads, upload sessions): no Authorization. */
    transport(): Pick<Transport, 'dispatcher' | 'retryPolicy'> {
      const { dispatcher, retryPolicy } = getTransport();
      return { dispatcher, retryPolicy };
    },

    /** Forget cached msal applications (settings changed). */
    invalidate() {
      appProviders.clear();
    },

    async destroy() {
      appProviders.clear();
      pacers.clear();
      pacingStore = undefined;
      pacingRedis?.disconnect();
      pacingRedis = undefined;
      await transport?.close();
      transport = undefined;
    },
  };
};

export type GraphService = ReturnType<typeof createGraphService>;
