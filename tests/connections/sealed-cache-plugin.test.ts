/**
 * The sealed cache plugin against the real msal-node token cache and the real secret box: the
 * stored value is never plain text, a value sealed under a previous key is re-sealed under the
 * current one on the next cache access, and a lost key fails instead of silently starting empty.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createSecretBox, SecretBoxKeyError } from '../../server/src/auth/secret-box';
import { createSealedCachePlugin } from '../../server/src/auth/delegated/sealed-cache-plugin';

const OLD_KEY = 'old-key-0123456789abcdef';
const NEW_KEY = 'new-key-0123456789abcdef';
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

const memoryStore = (initial: string | null) => {
  const state = { value: initial, saves: 0 };
  return {
    state,
    store: {
      load: async () => state.value,
      save: async (sealed: string) => {
        state.value = sealed;
        state.saves += 1;
      },
    },
  };
};

test('a cache sealed under a previous key is re-sealed under the current key', async () => {
  const oldBox = createSecretBox({ key: OLD_KEY });
  const { state, store } = memoryStore(oldBox.seal(EMPTY_CACHE));
  const box = createSecretBox({ key: NEW_KEY, previousKeys: [OLD_KEY] });

  await applicationWith(createSealedCachePlugin(box, store)).getTokenCache().getAllAccounts();

  expect(state.saves).toBe(1);
  expect(box.needsResealing(state.value as string)).toBe(false);
  expect(() => oldBox.open(state.value as string)).toThrow(SecretBoxKeyError);
  expect(JSON.parse(box.open(state.value as string))).toHaveProperty('RefreshToken');
});

test('an unchanged cache under the current key is not written back', async () => {
  const box = createSecretBox({ key: NEW_KEY });
  const { state, store } = memoryStore(box.seal(EMPTY_CACHE));

  await applicationWith(createSealedCachePlugin(box, store)).getTokenCache().getAllAccounts();

  expect(state.saves).toBe(0);
});

test('a cache sealed under a key that is gone fails loudly', async () => {
  const { store } = memoryStore(createSecretBox({ key: OLD_KEY }).seal(EMPTY_CACHE));
  const box = createSecretBox({ key: NEW_KEY });

  await expect(
    applicationWith(createSealedCachePlugin(box, store)).getTokenCache().getAllAccounts()
  ).rejects.toThrow(SecretBoxKeyError);
});
