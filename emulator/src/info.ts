import type { EmulatorContext } from './context';
import { authorityUrl } from './identity/routes';

export interface EmulatorInfo {
  graphUrl: string;
  authority: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A second app with Sites.Read.All (site search). */
  readerClientId: string;
  readerClientSecret: string;
  caFile: string;
  caPem: string;
  controlUrl: string;
  port: number;
  largeDriveId?: string;
  sites: Array<{
    id: string;
    name: string;
    webUrl: string;
    drives: Array<{ id: string; name: string }>;
  }>;
  users: Array<{ id: string; displayName: string; mail: string; driveId: string }>;
}

export function buildInfo(
  emulator: EmulatorContext,
  tls: { caFile: string; caPem: string },
  port: number
): EmulatorInfo {
  const { store } = emulator;
  return {
    graphUrl: `${emulator.apiOrigin}/v1.0`,
    authority: authorityUrl(emulator),
    authorityHost: emulator.apiOrigin,
    tenantId: store.tenant.id,
    clientId: emulator.seedInfo.clientId,
    clientSecret: emulator.seedInfo.clientSecret,
    readerClientId: emulator.seedInfo.readerClientId,
    readerClientSecret: emulator.seedInfo.readerClientSecret,
    caFile: tls.caFile,
    caPem: tls.caPem,
    controlUrl: `${emulator.apiOrigin}/_control`,
    port,
    ...(emulator.seedInfo.largeDriveId ? { largeDriveId: emulator.seedInfo.largeDriveId } : {}),
    sites: [...store.sites.values()].map((site) => ({
      id: site.id,
      name: site.displayName,
      webUrl: site.webUrl,
      drives: site.driveIds.map((id) => ({ id, name: store.requireDrive(id).name })),
    })),
    users: [...store.users.values()].map((user) => ({
      id: user.id,
      displayName: user.displayName,
      mail: user.mail,
      driveId: user.driveId,
    })),
  };
}
