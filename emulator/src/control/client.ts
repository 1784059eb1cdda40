import type { ControlColumnSpec } from './list-routes';
import { Agent, request } from 'undici';
import type { EmulatorInfo } from '../info';
import type { StatsSnapshot } from './request-stats';
import type { BulkMutation, BulkResult, TreeEntry } from './mutations';
import type { FaultRuleSpec, FaultRuleState } from '../faults/fault-rules';
import type { ClientRetryAfter } from '../faults/retry-after-ledger';
import type { ResourceUnitReport, ThrottlingSettings } from '../throttling/resource-units';
import type { NotificationSettings } from '../subscriptions/change-notifier';
import type { IssuedCertificate } from '../tls/certificates';
import type { ControlAppCertificate } from './routes';
import type { FleetSeeded, FleetSpec } from '../seed/fleet';
import type { SharingLink } from '../graph/sharing-links';

/** A subscription as the control API shows it (with delivery counters). */
export interface ControlSubscription {
  id: string;
  resource: string;
  driveId: string;
  notificationUrl: string;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  notificationsSent: number;
  notificationsFailed: number;
}

/** An upload session the emulator still holds open. */
export interface ControlUploadSession {
  id: string;
  driveId: string;
  parentId: string;
  name: string;
  /** Declared at creation or fixed by the first fragment; null while unknown. */
  size: number | null;
  received: number;
  expirationDateTime: string;
}

export interface ControlItem {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  isFolder: boolean;
  size: number;
  quickXorHash?: string;
}

const isClosedConnection = (error: unknown) =>
  ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes((error as { code?: string }).code ?? '');

/** A typed client for the emulator's control API (trusts the emulator's CA explicitly). */
export class ControlClient {
  private readonly dispatcher: Agent;

  constructor(
    private readonly controlUrl: string,
    caPem: string
  ) {
    this.dispatcher = new Agent({ connect: { ca: caPem } });
  }

  static from(info: Pick<EmulatorInfo, 'controlUrl' | 'caPem'>): ControlClient {
    return new ControlClient(info.controlUrl, info.caPem);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown
  ): Promise<T> {
    const send = () =>
      request(`${this.controlUrl}${path}`, {
        method,
        dispatcher: this.dispatcher,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let response: Awaited<ReturnType<typeof send>>;
    try {
      response = await send();
    } catch (error) {
      // A reused keep-alive connection may have been closed while this process was busy: a
      // read is safe to send again, a change is not (it may have been carried out).
      if (method !== 'GET' || !isClosedConnection(error)) throw error;
      response = await send();
    }
    const text = await response.body.text();
    if (response.statusCode >= 400) {
      throw new Error(`control ${method} ${path} -> ${response.statusCode}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  info = () => this.call<EmulatorInfo>('GET', '/info');
  seed = (seed: 'demo' | 'empty' = 'demo', items?: number) =>
    this.call<EmulatorInfo>('POST', '/seed', { seed, items });

  /**
   * Many users, each with a OneDrive of `filesPerUser` files, and `libraries` libraries of
   * `itemsPerLibrary` items on a new site granted to the app (the seeded app unless `clientId`).
   */
  addFleet = (spec: Omit<FleetSpec, 'clientId'> & { clientId?: string }) =>
    this.call<FleetSeeded>('POST', '/fleet', spec);
  createSite = (
    displayName: string,
    options: { libraries?: string[]; memberUserIds?: string[]; parentSiteId?: string } = {}
  ) =>
    this.call<{ id: string; name: string; webUrl: string; driveIds: string[] }>('POST', '/sites', {
      displayName,
      ...options,
    });
  createLibrary = (siteId: string, name: string) =>
    this.call<{ id: string; name: string }>('POST', `/sites/${encodeURIComponent(siteId)}/drives`, {
      name,
    });
  addSiteMember = (siteId: string, userId: string) =>
    this.call<void>('POST', `/sites/${encodeURIComponent(siteId)}/members`, { userId });
  createUser = (displayName: string) =>
    this.call<{ id: string; displayName: string; mail: string; driveId: string }>(
      'POST',
      '/users',
      { displayName }
    );
  createApp = (options: {
    displayName?: string;
    permissions: string[];
    secret?: string;
    redirectUris?: string[];
  }) =>
    this.call<{ clientId: string; clientSecret: string; permissions: string[] }>(
      'POST',
      '/apps',
      options
    );
  setAppSecret = (clientId: string, secret: string) =>
    this.call<void>('PUT', `/apps/${clientId}/secret`, { secret });
  setAppPermissions = (clientId: string, permissions: string[]) =>
    this.call<void>('PUT', `/apps/${clientId}/permissions`, { permissions });
  /**
   * Sets the app's application permissions (the `roles` claim of its next tokens) and replaces its
   * Sites.Selected grants with these sites (read or write; write when not said).
   */
  setAppAccess = (
    clientId: string,
    access: { permissions: string[]; sites?: Array<{ siteId: string; role?: 'read' | 'write' }> }
  ) => this.call<void>('PUT', `/apps/${clientId}/access`, access);
  /**
   * How site search answers an app without tenant-wide site read (Sites.Selected): 403
   * accessDenied (default) or an empty list, both seen from Microsoft.
   */
  setSiteSearchRefusal = (refusal: 'accessDenied' | 'emptyList') =>
    this.call<void>('PUT', '/site-search-refusal', { refusal });
  setRedirectUris = (clientId: string, redirectUris: string[]) =>
    this.call<void>('PUT', `/apps/${clientId}/redirect-uris`, { redirectUris });
  /** Uploads a certificate (PEM) to the app: assertions signed with its key are accepted. */
  addAppCertificate = (clientId: string, certificatePem: string) =>
    this.call<ControlAppCertificate>('POST', `/apps/${clientId}/certificates`, { certificatePem });
  appCertificates = (clientId: string) =>
    this.call<ControlAppCertificate[]>('GET', `/apps/${clientId}/certificates`);
  removeAppCertificates = (clientId: string) =>
    this.call<void>('DELETE', `/apps/${clientId}/certificates`);
  /**
   * Entra ID's clock this many seconds ahead of its clients' (negative: behind): client assertions
   * off by more than the allowed skew (5 minutes) are refused with AADSTS700024.
   */
  setClientClockSkew = (seconds: number) =>
    this.call<void>('PUT', '/client-clock-skew', { seconds });
  grantSite = (clientId: string, siteId: string, role: 'read' | 'write' = 'write') =>
    this.call<void>('PUT', `/apps/${clientId}/grants/${encodeURIComponent(siteId)}`, { role });
  revokeSite = (clientId: string, siteId: string) =>
    this.call<void>('DELETE', `/apps/${clientId}/grants/${encodeURIComponent(siteId)}`);

  /** Every sharing link of an item, with whose token created it (graph/sharing-links.ts). */
  sharingLinks = (driveId: string, itemId: string) =>
    this.call<SharingLink[]>(
      'GET',
      `/drives/${driveId}/items/${encodeURIComponent(itemId)}/sharing-links`
    );

  createItem = (
    driveId: string,
    spec: { parentId?: string; name: string; folder?: boolean; size?: number; seed?: string }
  ) => this.call<ControlItem>('POST', `/drives/${driveId}/items`, spec);
  modifyItem = (driveId: string, itemId: string, content: { size?: number; seed?: string } = {}) =>
    this.call<ControlItem>('PATCH', `/drives/${driveId}/items/${itemId}`, { content });
  renameItem = (driveId: string, itemId: string, name: string) =>
    this.call<ControlItem>('PATCH', `/drives/${driveId}/items/${itemId}`, { name });
  moveItem = (driveId: string, itemId: string, parentId: string, name?: string) =>
    this.call<ControlItem>('PATCH', `/drives/${driveId}/items/${itemId}`, { parentId, name });
  deleteItem = (driveId: string, itemId: string) =>
    this.call<void>('DELETE', `/drives/${driveId}/items/${itemId}`);
  lockItem = (driveId: string, itemId: string, locked = true) =>
    this.call<void>('PUT', `/drives/${driveId}/items/${itemId}/lock`, { locked });
  bulk = (driveId: string, mutation: BulkMutation) =>
    this.call<BulkResult>('POST', `/drives/${driveId}/bulk`, mutation);
  tree = (driveId: string) => this.call<TreeEntry[]>('GET', `/drives/${driveId}/tree`);
  invalidateDeltaTokens = (driveId: string) =>
    this.call<void>('POST', `/drives/${driveId}/invalidate-delta`);
  setDeltaOrder = (driveId: string, order: 'sequence' | 'reverse' | 'shuffle') =>
    this.call<void>('PUT', `/drives/${driveId}/delta-order`, { order });
  /** Incremental delta pages list changed items' parent folders (unless deltaExcludeParent). */
  setDeltaParents = (driveId: string, include: boolean) =>
    this.call<void>('PUT', `/drives/${driveId}/delta-parents`, { include });
  /** Delta pages of this drive hold at most `size` items, whatever $top says (null: $top). */
  setDeltaPageSize = (driveId: string, size: number | null) =>
    this.call<void>('PUT', `/drives/${driveId}/delta-page-size`, { size });
  /**
   * Changes from now on keep the item's state at that change; delta pages then list an item's
   * earlier states before its latest one (the same item more than once in a feed).
   */
  setDeltaHistory = (driveId: string, include: boolean) =>
    this.call<void>('PUT', `/drives/${driveId}/delta-history`, { include });
  /**
   * false: incremental delta pages leave out the tombstones of items deleted with a folder that the
   * client already knew below it (the folder's own tombstone implies them); true (default): all.
   */
  setDeltaDeletedDescendants = (driveId: string, include: boolean) =>
    this.call<void>('PUT', `/drives/${driveId}/delta-deleted-descendants`, { include });
  /** Removes a document library and its items. */
  removeLibrary = (driveId: string) => this.call<void>('DELETE', `/drives/${driveId}`);
  setQuota = (driveId: string, total: number) =>
    this.call<void>('PUT', `/drives/${driveId}/quota`, { total });
  /**
   * Revokes the app-only access tokens issued to the app so far (not its secret): Graph refuses
   * them, with a claims challenge when the token declared CP1. Returns how many were revoked.
   */
  revokeAppTokens = (clientId: string) =>
    this.call<{ revoked: number }>('POST', `/apps/${clientId}/revoke-tokens`);
  /** Revokes the user's access tokens issued so far (not the refresh tokens: see below). */
  revokeUserTokens = (userId: string) =>
    this.call<{ revoked: number }>('POST', `/users/${userId}/revoke-tokens`);
  /** Revokes the user's refresh tokens (invalid_grant AADSTS50173 from then on). */
  revokeUserSessions = (userId: string) =>
    this.call<{ revoked: number }>('POST', `/users/${userId}/revoke-sessions`);
  /** Refresh tokens issued from now on expire after this many seconds (AADSTS700082 after). */
  setRefreshTokenLifetime = (seconds: number) =>
    this.call<void>('PUT', '/refresh-token-lifetime', { seconds });
  /** Upload sessions expire this long after their last fragment. */
  setUploadSessionLifetime = (seconds: number) =>
    this.call<void>('PUT', '/upload-session-lifetime', { seconds });
  /** Upload sessions still open: not finished, cancelled or expired. */
  uploadSessions = () => this.call<ControlUploadSession[]>('GET', '/upload-sessions');
  setTokenLifetime = (seconds: number) => this.call<void>('PUT', '/token-lifetime', { seconds });

  /** Adds fault rules (evaluated in order; the first that fires wins). Returns them with ids. */
  addFaults = (rules: FaultRuleSpec[]) => this.call<FaultRuleState[]>('POST', '/faults', { rules });
  /** The rules with their counters (matched, injected). */
  faults = () => this.call<FaultRuleState[]>('GET', '/faults');
  removeFault = (ruleId: string) => this.call<void>('DELETE', `/faults/${ruleId}`);
  clearFaults = () => this.call<void>('DELETE', '/faults');
  /** Per client: the last Retry-After's end and the requests that came before it. */
  retryAfter = () => this.call<ClientRetryAfter[]>('GET', '/retry-after');
  clearRetryAfter = () => this.call<void>('DELETE', '/retry-after');
  /**
   * Resource-unit budgets per app per tenant: by `tier` or `licences` (Microsoft's table, minute
   * and day), or explicit `resourceUnitsPerMinute` / `resourceUnitsPerDay` (the day budget defaults
   * to 1,000 times the minute one). Replaces the settings and restarts the accounting; no budget
   * (`{}` or `resourceUnitsPerMinute: null`) switches real throttling off, the default.
   */
  setThrottling = (settings: ThrottlingSettings) =>
    this.call<ThrottlingSettings>('PUT', '/throttling', settings);
  throttling = () => this.call<ThrottlingSettings>('GET', '/throttling');
  /** Resource units spent per app: totals, throttled answers, the windows now, peak, per minute. */
  resourceUnits = () => this.call<ResourceUnitReport>('GET', '/resource-units');
  /** Restarts the accounting (and the budgets' spending), keeping the settings. */
  clearResourceUnits = () => this.call<void>('DELETE', '/resource-units');
  notificationSettings = () => this.call<NotificationSettings>('GET', '/notifications');
  setNotificationSettings = (settings: Partial<NotificationSettings>) =>
    this.call<NotificationSettings>('PUT', '/notifications', settings);
  subscriptions = () => this.call<ControlSubscription[]>('GET', '/subscriptions');
  /** Drops a subscription as Graph does when one expires or is removed. */
  dropSubscription = (id: string) => this.call<void>('DELETE', `/subscriptions/${id}`);
  /** A leaf certificate for these hosts from the running emulator's CA (for a TLS front). */
  issueCertificate = (hosts: string[]) =>
    this.call<IssuedCertificate>('POST', '/certificates', { hosts });
  /** Replaces a library's own columns (see control/list-routes.ts). */
  setListColumns = (driveId: string, columns: ControlColumnSpec[]) =>
    this.call<{ listId: string }>('PUT', `/drives/${driveId}/list/columns`, { columns });
  /** Sets values of an item's list item by column name (null clears; person: a user id). */
  setListFields = (driveId: string, itemId: string, fields: Record<string, unknown>) =>
    this.call<{ listItemId: string }>('PATCH', `/drives/${driveId}/items/${itemId}/fields`, {
      fields,
    });
  /** List-item delta tokens of the drive's list answer 410 resyncRequired from now on. */
  invalidateListDeltaTokens = (driveId: string) =>
    this.call<void>('POST', `/drives/${driveId}/list/invalidate-delta`);
  mark = async () => (await this.call<{ id: string }>('POST', '/marks')).id;
  stats = (since?: string) =>
    this.call<StatsSnapshot>('GET', `/stats${since ? `?since=${encodeURIComponent(since)}` : ''}`);
}
