/**
 * The sealed cache plugin against the real msal-node token cache and the real secret box: the
 * stored value is never plain text, a value sealed under a previous key (or the unbound format) is
 * re-sealed under the current one on the next cache access without replacing a newer value written
 * meanwhile, a value of another account does not open, and a lost key fails instead of silently
 * starting empty.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createSecretBox, SecretBoxKeyError } from '../../../server/src/auth/secret-box';
import { createSealedCachePlugin } from '../../../server/src/auth/delegated/sealed-cache-plugin';
import { sealedNames } from '../../../server/src/auth/sealed-names';

const OLD_KEY = 'old-key-0123456789abcdef';
const NEW_KEY = 'new-key-0123456789abcdef';
const NAME = sealedNames.tokenCache(7, 'oid.tid');
const EMPTY_CACHE = JSON.stringify({
  Account: {},
  IdToken: {},
  AccessToken: {},
  RefreshToken: {},
  AppMetadata: {},
});

const applicationWith = (plugin: ReturnType<typeof createSealedCachePlugin>) =>
  new ConfidentialClientApplication({
    auth: { clientId: 'client', clientSecret: 'secret', authority: 'https://login.example.test/t' },
    cache: { cachePlugin: plugin },
  });

const memoryStore = (initial: string | null, beforeReplace?: () => void) => {
  const state = { value: initial, saves: 0 };
  return {
    state,
    store: {
      load: async () => state.value,
      save: async (sealed: string) => {
        state.value = sealed;
        state.saves += 1;
      },
      replace: async (expected: string, sealed: string) => {
        beforeReplace?.();
        if (state.value !== expected) return;
        state.value = sealed;
        state.saves += 1;
      },
    },
  };
};

test('a cache sealed under a previous key is re-sealed under the current key', async () => {
  const oldBox = createSecretBox({ key: OLD_KEY });
  const { state, store } = memoryStore(oldBox.seal(EMPTY_CACHE, NAME));
  const box = createSecretBox({ key: NEW_KEY, previousKeys: [OLD_KEY] });

  await applicationWith(createSealedCachePlugin(box, store, NAME))
    .getTokenCache()
    .getAllAccounts();

  expect(state.saves).toBe(1);
  expect(box.needsResealing(state.value as string)).toBe(false);
  expect(() => oldBox.open(state.value as string, NAME)).toThrow(SecretBoxKeyError);
  expect(JSON.parse(box.open(state.value as string, NAME))).toHaveProperty('RefreshToken');
});

test('a re-seal never replaces a cache written meanwhile (compare-and-swap)', async () => {
  const oldBox = createSecretBox({ key: OLD_KEY });
  const box = createSecretBox({ key: NEW_KEY, previousKeys: [OLD_KEY] });
  const newer = box.seal(JSON.stringify({ ...JSON.parse(EMPTY_CACHE), marker: 1 }), NAME);
  // Another instance refreshes the tokens between this instance's read and its re-seal.
  const { state, store } = memoryStore(oldBox.seal(EMPTY_CACHE, NAME), () => {
    state.value = newer;
  });

  await applicationWith(createSealedCachePlugin(box, store, NAME))
    .getTokenCache()
    .getAllAccounts();

  expect(state.value).toBe(newer);
  expect(state.saves).toBe(0);
});

test('an unchanged cache under the current key is not written back', async () => {
  const box = createSecretBox({ key: NEW_KEY });
  const { state, store } = memoryStore(box.seal(EMPTY_CACHE, NAME));

  await applicationWith(createSealedCachePlugin(box, store, NAME))
    .getTokenCache()
    .getAllAccounts();

  expect(state.saves).toBe(0);
});

test("another account's cache copied into this row does not open", async () => {
  const box = createSecretBox({ key: NEW_KEY });
  const { store } = memoryStore(box.seal(EMPTY_CACHE, sealedNames.tokenCache(8, 'other.tid')));

  await expect(
    applicationWith(createSealedCachePlugin(box, store, NAME))
      .getTokenCache()
      .getAllAccounts()
  ).rejects.toThrow(/copied from another record/);
});

test('a cache sealed under a key that is gone fails loudly', async () => {
  const { store } = memoryStore(createSecretBox({ key: OLD_KEY }).seal(EMPTY_CACHE, NAME));
  const box = createSecretBox({ key: NEW_KEY });

  await expect(
    applicationWith(createSealedCachePlugin(box, store, NAME))
      .getTokenCache()
      .getAllAccounts()
  ).rejects.toThrow(SecretBoxKeyError);
});
