/**
 * The msal-node application for delegated (personal) connections: the same client id and credential
 * (secret or certificate) as the app-only flow, an authority written out so no discovery request is needed, and optionally a
 * cache plugin so one account's tokens are read from and written to its sealed row.
 */
import {
  ConfidentialClientApplication,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import { authorityFor } from '../authority';
import { CLIENT_CAPABILITIES, msalCredentialOptions, type AppCredentials } from '../app-tokens';

/** Graph permissions asked of the user; msal adds openid, profile and offline_access itself. */
export const DELEGATED_SCOPES = [
  'https://graph.microsoft.com/Files.ReadWrite.All',
  'https://graph.microsoft.com/Sites.Read.All',
  'https://graph.microsoft.com/User.Read',
];

export function createDelegatedApplication(
  credentials: AppCredentials,
  networkClient: INetworkModule,
  cachePlugin?: ICachePlugin
): ConfidentialClientApplication {
  const authority = authorityFor(credentials.authorityHost, credentials.tenantId);
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      ...msalCredentialOptions(credentials.credential),
      authority: authority.url,
      knownAuthorities: [authority.host],
      authorityMetadata: authority.metadata,
      clientCapabilities: CLIENT_CAPABILITIES,
    },
    cache: cachePlugin ? { cachePlugin } : undefined,
    system: { networkClient },
  });
}
