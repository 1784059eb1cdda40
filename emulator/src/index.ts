import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { EmulatorContext } from './context';
import { DownloadLinks } from './content/download-links';
import { RequestStats } from './control/request-stats';
import { DelegatedGrants } from './identity/delegated-grants';
import { TokenRevocations } from './identity/token-revocations';
import { createSigningKeys } from './identity/signing-keys';
import { buildInfo, type EmulatorInfo } from './info';
import { applySeed, type SeedName } from './seed/apply';
import { createApp } from './server';
import { UploadSessions } from './upload/upload-sessions';
import {
  issueCertificate as issueFromCa,
  serverCertificates,
  type IssuedCertificate,
} from './tls/certificates';
import { FaultInjector } from './faults/fault-injector';
import type { FaultRuleSpec } from './faults/fault-rules';
import { RetryAfterLedger } from './faults/retry-after-ledger';
import { ResourceUnitBudget, type ThrottlingSettings } from './throttling/resource-units';
import { SubscriptionStore } from './subscriptions/subscription-store';
import { ChangeNotifier } from './subscriptions/change-notifier';

/** How long an idle keep-alive connection stays open. */
const IDLE_CONNECTION_MS = 120_000;

export type { EmulatorInfo } from './info';
export { ControlClient, type ControlItem } from './control/client';
export type { BulkMutation, BulkResult, TreeEntry } from './control/mutations';
export type { StatsSnapshot } from './control/request-stats';
export type { FaultKind, FaultRuleSpec, FaultRuleState, FaultScope } from './faults/fault-rules';
export type { ClientRetryAfter } from './faults/retry-after-ledger';
export type {
  AppResourceUnits,
  LicenceTier,
  MinuteResourceUnits,
  ResourceUnitReport,
  ThrottlingSettings,
} from './throttling/resource-units';
export { LICENCE_TIERS } from './throttling/resource-units';
export type { NotificationSettings } from './subscriptions/change-notifier';
export type { IssuedCertificate } from './tls/certificates';
export { selfSignedCertificate, type SelfSignedCertificate } from './tls/certificates';
export type { ControlAppCertificate } from './control/routes';
export type { ControlSubscription, ControlUploadSession } from './control/client';
export { QuickXorHash, quickXorHash, quickXorHashOfRepeatedBlock } from './content/quick-xor-hash';
export { generatedContentBytes, generatedQuickXorHash } from './content/generated-content';

export interface EmulatorOptions {
  seed?: SeedName;
  /** Adds a library "Archive" of this many items (reported as largeDriveId). */
  items?: number;
  /** 0 (the default) = any free port. */
  port?: number;
  /** Where the CA and uploaded bytes live (default <repo>/.emulator). */
  dataDir?: string;
  quiet?: boolean;
  /** Fault rules active from the start (as `ControlClient.addFaults`). */
  faults?: FaultRuleSpec[];
  /** Real resource-unit throttling (off unless given). */
  throttling?: ThrottlingSettings;
  /** Delay before a change notification leaves (default 1,000 ms). */
  notificationDelayMs?: number;
}

export interface RunningEmulator {
  info: EmulatorInfo;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = resolve(__dirname, '..', '..', '.emulator');

/**
 * A leaf certificate for `hosts` signed by the emulator's CA (the one under dataDir, by default the
 * one every emulator started without --data-dir uses), for a TLS front before a notification
 * receiver. The control API's `issueCertificate` does the same for a running emulator.
 */
export function issueCertificate(
  hosts: string[],
  options: { dataDir?: string } = {}
): IssuedCertificate {
  return issueFromCa(resolve(options.dataDir ?? DEFAULT_DATA_DIR), hosts);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const tls = serverCertificates(dataDir);
  const stats = new RequestStats();
  const subscriptions = new SubscriptionStore();
  const emulator = {
    keys: await createSigningKeys(),
    grants: new DelegatedGrants(),
    revocations: new TokenRevocations(),
    stats,
    dataDir,
    faults: new FaultInjector(),
    retryAfter: new RetryAfterLedger(),
    throttling: new ResourceUnitBudget(),
    subscriptions,
    notifier: new ChangeNotifier(() => subscriptions, stats, tls.caPem),
    uploads: new UploadSessions(dataDir),
    apiOrigin: '',
    contentOrigin: '',
  } as EmulatorContext;
  applySeed(emulator, options.seed ?? 'demo', options.items);
  if (options.faults) emulator.faults.add(options.faults);
  if (options.throttling) emulator.throttling.configure(options.throttling);
  if (options.notificationDelayMs !== undefined)
    emulator.notifier.settings.delayMs = options.notificationDelayMs;

  let port = 0;
  const app = createApp(emulator, tls, () => port);
  const handler = app.callback();
  const listen = (server: Server, host: string, wanted: number) =>
    new Promise<void>((ready, fail) => {
      server.once('error', fail);
      server.listen(wanted, host, () => ready());
    });
  const newServer = () => {
    const server = createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
    // Node closes a keep-alive connection after 5 idle seconds. A client whose event loop is busy
    // longer than that (a test reading 100,000 rows between two calls) only learns of it when its
    // next request fails on the closed socket. Microsoft's front ends keep idle connections open
    // for minutes; so does the emulator.
    server.keepAliveTimeout = IDLE_CONNECTION_MS;
    return server;
  };
  // 127.0.0.1 serves both host names; ::1 too when IPv6 exists, since "localhost" may resolve to it.
  const servers: Server[] = [newServer()];
  await listen(servers[0], '127.0.0.1', options.port ?? 0);
  port = (servers[0].address() as AddressInfo).port;
  const ipv6 = newServer();
  try {
    await listen(ipv6, '::1', port);
    servers.push(ipv6);
  } catch {
    // No IPv6 loopback here: localhost resolves to 127.0.0.1 only.
  }
  emulator.apiOrigin = `https://localhost:${port}`;
  emulator.contentOrigin = `https://127.0.0.1:${port}`;
  emulator.downloads = new DownloadLinks(emulator.contentOrigin);
  const info = buildInfo(emulator, tls, port);
  if (!options.quiet)
    console.error(`[emulator] listening on ${emulator.apiOrigin} (data in ${join(dataDir)})`);
  return {
    info,
    close: async () => {
      await emulator.notifier.close();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            })
        )
      );
    },
  };
}
