/**
 * Delegated tokens of one connected Microsoft account, for its personal drives: msal's silent flow
 * over the account's sealed token cache (its row in `external_drives_accounts`). When the account
 * can no longer get a token (refresh token expired or revoked, key lost), the account is marked as
 * needing a new sign-in, which the drive's status and My Files show as "Authentication failed".
 */
import type { Core } from '@strapi/strapi';
import type { INetworkModule } from '@azure/msal-node';
import type { AppCredentials } from '../auth/app-tokens';
import { createSilentTokenProvider } from '../auth/delegated/silent-token';
import type { SecretBox } from '../auth/secret-box';
import { sealedNames } from '../auth/sealed-names';
import { UID } from '../constants';
import { externalDrivesError, isExternalDrivesError, type Operation } from '../graph/errors';
import type { TokenRequest, TokenSource } from '../graph/token-source';

export interface AccountRow {
  id: number;
  ownerId: number;
  homeAccountId: string;
  username: string | null;
  displayName: string | null;
  sealedCache: string | null;
  status: 'connected' | 'auth_required';
  createdAt: string;
}

interface TokenProviderOptions {
  credentials: AppCredentials;
  networkClient: INetworkModule;
  box: SecretBox;
  operation?: Operation;
}

export async function createAccountTokenProvider(
  strapi: Core.Strapi,
  accountId: number,
  options: TokenProviderOptions
): Promise<TokenSource> {
  const accounts = () => strapi.db.query(UID.account);
  const account = (await accounts().findOne({ where: { id: accountId } })) as AccountRow | null;
  if (!account) {
    throw externalDrivesError('authenticationFailed', { details: { reason: 'account_removed' } });
  }
  const getToken = createSilentTokenProvider({
    ...options,
    homeAccountId: account.homeAccountId,
    sealedName: sealedNames.tokenCache(account.ownerId, account.homeAccountId),
    store: {
      load: async () =>
        (
          (await accounts().findOne({ where: { id: accountId }, select: ['sealedCache'] })) as {
            sealedCache: string | null;
          } | null
        )?.sealedCache ?? null,
      save: async (sealedCache) => {
        await accounts().update({ where: { id: accountId }, data: { sealedCache } });
      },
      replace: async (expected, sealedCache) => {
        await accounts().updateMany({
          where: { id: accountId, sealedCache: expected },
          data: { sealedCache },
        });
      },
    },
  });

  return async (request?: TokenRequest) => {
    try {
      return await getToken(request);
    } catch (error) {
      if (isExternalDrivesError(error) && error.code === 'authenticationFailed') {
        await accounts().update({ where: { id: accountId }, data: { status: 'auth_required' } });
      }
      throw error;
    }
  };
}
