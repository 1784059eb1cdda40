/**
 * A token for one connected account without user interaction: msal's acquireTokenSilent against
 * that account's sealed cache, refreshing with its refresh token when the access token expired.
 * Any failure (expired refresh token AADSTS700082, a lost encryption key, a missing account) is
 * mapped to the plugin's error for the operation, which tells the user to reconnect.
 */
import type { INetworkModule } from '@azure/msal-node';
import type { AppCredentials } from '../app-tokens';
import { SecretBoxKeyError, type SecretBox } from '../secret-box';
import { externalDrivesError, toExternalDrivesError, type Operation } from '../../graph/errors';
import {
  goesPastCache,
  reusingTokens,
  type TokenRequest,
  type TokenSource,
} from '../../graph/token-source';
import { createDelegatedApplication, DELEGATED_SCOPES } from './delegated-application';
import { createSealedCachePlugin, type SealedCacheStore } from './sealed-cache-plugin';

export interface SilentTokenOptions {
  credentials: AppCredentials;
  networkClient: INetworkModule;
  box: SecretBox;
  store: SealedCacheStore;
  /** The name the cache is sealed under (sealedNames.tokenCache). */
  sealedName: string;
  homeAccountId: string;
  operation?: Operation;
}

export function createSilentTokenProvider(options: SilentTokenOptions): TokenSource {
  const application = createDelegatedApplication(
    options.credentials,
    options.networkClient,
    createSealedCachePlugin(options.box, options.store, options.sealedName)
  );

  return reusingTokens(async (request: TokenRequest) => {
    try {
      const account = await application.getTokenCache().getAccountByHomeId(options.homeAccountId);
      if (!account) {
        throw externalDrivesError('authenticationFailed', {
          details: { reason: 'no_cached_account' },
        });
      }
      // Past the cached access token, with the refresh token, when reusingTokens goes past its own.
      const result = await application.acquireTokenSilent({
        account,
        scopes: DELEGATED_SCOPES,
        forceRefresh: goesPastCache(request),
        claims: request.claims,
      });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token');
      return { accessToken: result.accessToken, expiresOn: result.expiresOn };
    } catch (error) {
      // A cache that no configured key opens is as good as no tokens: the user must reconnect.
      if (error instanceof SecretBoxKeyError) {
        throw externalDrivesError('authenticationFailed', {
          details: { reason: 'encryption_key_unavailable' },
          cause: error,
        });
      }
      throw toExternalDrivesError(error, options.operation ?? 'connect');
    }
  });
}
