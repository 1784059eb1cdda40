/**
 * A value of the integration settings sealed under an encryption key this server never had: what
 * the store holds after ENCRYPTION_KEY changed without the old key listed in previousEncryptionKeys.
 */
import type { Core } from '@strapi/strapi';
import { createSecretBox } from '../server/src/auth/secret-box';
import { sealedNames } from '../server/src/auth/sealed-names';
import { PLUGIN_ID } from '../server/src/constants';

const SEALED_FIELDS = {
  sealedClientSecret: sealedNames.clientSecret(),
  sealedClientPrivateKey: sealedNames.clientPrivateKey(),
} as const;

export async function sealUnderLostKey(
  strapi: Core.Strapi,
  field: keyof typeof SEALED_FIELDS,
  value: string
): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const stored = (await store.get({ key: 'integration' })) as Record<string, unknown>;
  const lostKey = createSecretBox({ key: 'a-key-this-server-never-had', previousKeys: [] });
  await store.set({
    key: 'integration',
    value: { ...stored, [field]: lostKey.seal(value, SEALED_FIELDS[field]) },
  });
}
