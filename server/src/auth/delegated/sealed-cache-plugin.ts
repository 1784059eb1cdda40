/**
 * An msal-node cache plugin that keeps one connected account's token cache (which holds its
 * refresh token) sealed at rest, bound to the account's name: msal reads the opened cache before
 * each access and, only when the cache changed or was sealed under a previous key (or format), the
 * plugin writes it back sealed anew.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBox } from '../secret-box';

export interface SealedCacheStore {
  /** The sealed cache as stored, or null when the account has none yet. */
  load(): Promise<string | null>;
  /** Writes a cache msal changed (new tokens): the latest tokens always win. */
  save(sealedCache: string): Promise<void>;
  /**
   * Writes the same cache sealed anew, only if the store still holds `expected` (compare-and-swap):
   * a value written meanwhile (a refresh on another instance) is newer and must not be replaced.
   */
  replace(expected: string, sealedCache: string): Promise<void>;
}

export function createSealedCachePlugin(
  box: SecretBox,
  store: SealedCacheStore,
  boundTo: string
): ICachePlugin {
  // The stored value when it opened under a previous key or format, so the next write re-seals
  // it even if msal itself changed nothing.
  let staleSealed: string | null = null;

  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const sealed = await store.load();
      if (!sealed) return;
      // A SecretBoxKeyError (lost or changed key, a value moved from another row) propagates: the
      // caller maps it to "Authentication failed" so the user reconnects instead of the sync
      // silently stopping.
      context.tokenCache.deserialize(box.open(sealed, boundTo));
      staleSealed = box.needsResealing(sealed) ? sealed : null;
    },

    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) {
        await store.save(box.seal(context.tokenCache.serialize(), boundTo));
      } else if (staleSealed) {
        await store.replace(staleSealed, box.seal(context.tokenCache.serialize(), boundTo));
      }
      staleSealed = null;
    },
  };
}
