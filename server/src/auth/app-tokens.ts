/**
 * App-only tokens (client credentials) for platform-level drives: one msal-node
 * ConfidentialClientApplication per set of credentials, kept so msal's in-memory token cache
 * serves repeated calls until the token nears expiry.
 */
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { authorityFor } from './authority';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface AppCredentials {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export function createAppTokenProvider(credentials: AppCredentials, networkClient: INetworkModule) {
  const authority = authorityFor(credentials.authorityHost, credentials.tenantId);
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority: authority.url,
      knownAuthorities: [authority.host],
      authorityMetadata: authority.metadata,
    },
    system: { networkClient },
  });

  return async (): Promise<string> => {
    const result = await application.acquireTokenByClientCredential({
      scopes: [GRAPH_DEFAULT_SCOPE],
    });
    if (!result?.accessToken) throw new Error('Entra ID returned no access token');
    return result.accessToken;
  };
}

export type AppTokenProvider = ReturnType<typeof createAppTokenProvider>;
