/**
 * The `graph` service: hands out Graph SDK clients for the app (platform-level drives) and for a
 * given drive, over one shared transport. Credentials come from the `settings` service on every
 * call, so a changed secret or tenant takes effect without a restart; msal applications are kept
 * per credential set so their token caches are reused.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import { PLUGIN_ID } from '../constants';
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
import { externalDrivesError, toExternalDrivesError } from './errors';
import type { GraphMetrics } from './retry-policy';
import type { TokenSource } from './token-source';
import { createTransport, type Transport } from './transport';
import { createDriveTable, type DriveRow } from '../drives/table';
import type { SettingsService } from '../settings/service';

/** What of a drive decides its client: platform (app-only) or personal (its account's tokens). */
type DriveRef = Pick<DriveRow, 'scope' | 'accountId'>;

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
    return { provider, throttleKey: `${credentials.tenantId}:${credentials.clientId}` };
  };

  const clientWith = (getToken: TokenSource, throttleKey: string, metrics?: GraphMetrics): Client =>
    createGraphClient({
      graphBaseUrl: config<string>('graphBaseUrl'),
      dispatcher: getTransport().dispatcher,
      getAccessToken: getToken,
      throttleKey,
      maxRequestsPerSecond: config<number | null>('maxRequestsPerSecond'),
      metrics,
      retryPolicy: getTransport().retryPolicy,
    });

  return {
    /** A client acting as the application itself (client credentials). */
    async appClient(metrics?: GraphMetrics): Promise<Client> {
      const { provider, throttleKey } = await appTokenProvider();
      return clientWith(provider, throttleKey, metrics);
    },

    /** A client for one drive: app-only for platform drives, the owner's delegated token otherwise. */
    async clientForDrive(drive: DriveRef, metrics?: GraphMetrics): Promise<Client> {
      if (drive.scope === 'platform') return this.appClient(metrics);
      if (!drive.accountId) {
        throw externalDrivesError('authenticationFailed', { details: { reason: 'no_account' } });
      }
      const getToken = await accountTokens(drive.accountId);
      return this.delegatedClient(getToken, `account:${drive.accountId}`, metrics);
    },

    /** A client acting as a signed-in user (personal connections), throttled per account. */
    delegatedClient(getToken: TokenSource, throttleKey: string, metrics?: GraphMetrics): Client {
      return clientWith(getToken, throttleKey, metrics);
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
      await transport?.close();
      transport = undefined;
    },
  };
};

export type GraphService = ReturnType<typeof createGraphService>;
