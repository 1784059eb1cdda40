/**
 * An msal-node cache plugin that keeps one connected account's token cache (which holds its
 * refresh token) sealed at rest: msal reads the opened cache before each access and, only when
 * the cache changed or was sealed under a previous key, the plugin writes it back sealed anew.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBox } from '../secret-box';

export interface SealedCacheStore {
  /** The sealed cache as stored, or null when the account has none yet. */
  load(): Promise<string | null>;
  save(sealedCache: string): Promise<void>;
}

export function createSealedCachePlugin(box: SecretBox, store: SealedCacheStore): ICachePlugin {
  // Set when the stored value opened under a previous key, so the next write re-seals it even
  // if msal itself changed nothing.
  let resealPending = false;

  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const sealed = await store.load();
      if (!sealed) return;
      // A SecretBoxKeyError (lost or changed key) propagates: the caller maps it to
      // "Authentication failed" so the user reconnects instead of the sync silently stopping.
      context.tokenCache.deserialize(box.open(sealed));
      resealPending = box.needsResealing(sealed);
    },

    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged && !resealPending) return;
      await store.save(box.seal(context.tokenCache.serialize()));
      resealPending = false;
    },
  };
}
