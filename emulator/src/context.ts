import type { DelegatedGrants } from './identity/delegated-grants';
import type { SigningKeys } from './identity/signing-keys';
import type { TokenRevocations } from './identity/token-revocations';
import type { TenantStore } from './store/tenant-store';
import type { DownloadLinks } from './content/download-links';
import type { RequestStats } from './control/request-stats';
import type { UploadSessions } from './upload/upload-sessions';
import type { FaultInjector } from './faults/fault-injector';
import type { RetryAfterLedger } from './faults/retry-after-ledger';
import type { ResourceUnitBudget } from './throttling/resource-units';
import type { SubscriptionStore } from './subscriptions/subscription-store';
import type { ChangeNotifier } from './subscriptions/change-notifier';

/** What every route module needs: the tenant, keys and the public base URLs. */
export interface EmulatorContext {
  store: TenantStore;
  keys: SigningKeys;
  grants: DelegatedGrants;
  /** Access tokens revoked before they expire (admin revocation, risk events). */
  revocations: TokenRevocations;
  downloads: DownloadLinks;
  stats: RequestStats;
  uploads: UploadSessions;
  dataDir: string;
  faults: FaultInjector;
  retryAfter: RetryAfterLedger;
  throttling: ResourceUnitBudget;
  subscriptions: SubscriptionStore;
  notifier: ChangeNotifier;
  /** https://localhost:PORT */
  apiOrigin: string;
  /** https://127.0.0.1:PORT */
  contentOrigin: string;
  /** Replaced on re-seed through the control API. */
  seedInfo: {
    clientId: string;
    clientSecret: string;
    readerClientId: string;
    readerClientSecret: string;
    largeDriveId?: string;
  };
}
