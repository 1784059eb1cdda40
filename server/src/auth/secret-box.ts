/**
 * Authenticated encryption for what the plugin keeps at rest: client secrets, msal token caches
 * (which hold refresh tokens), upload session URLs.
 *
 * AES-256-GCM under a key derived (HKDF-SHA256) from the host app's configured key, so any string
 * of reasonable length works as a key and the raw configured value is never used directly.
 * Every sealed value names the key it was sealed with (a short fingerprint), which is what makes
 * rotation possible: the current key seals, previous keys still open, and `needsResealing` tells the
 * caller to write the value back under the current key.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const HKDF_INFO = 'strapi-plugin-external-drives/secret-box';

export class SecretBoxKeyError extends Error {
  readonly code = 'ENCRYPTION_KEY_UNAVAILABLE';
}

interface DerivedKey {
  id: string;
  key: Buffer;
}

const deriveKey = (secret: string): DerivedKey => {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
  const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return { id, key };
};

export interface SecretBoxOptions {
  /** The key new values are sealed with. */
  key: string;
  /** Keys from before a rotation: still accepted for opening, never used for sealing. */
  previousKeys?: string[];
}

export const createSecretBox = ({ key, previousKeys = [] }: SecretBoxOptions) => {
  if (typeof key !== 'string' || key.length < 16) {
    throw new SecretBoxKeyError('The encryption key must be a string of at least 16 characters');
  }
  const current = deriveKey(key);
  const byId = new Map<string, Buffer>([[current.id, current.key]]);
  for (const previous of previousKeys) {
    const derived = deriveKey(previous);
    if (!byId.has(derived.id)) byId.set(derived.id, derived.key);
  }

  const parse = (sealed: string) => {
    const [version, keyId, iv, tag, data, ...rest] = sealed.split(':');
    if (version !== FORMAT_VERSION || !keyId || !iv || !tag || data === undefined || rest.length) {
      throw new SecretBoxKeyError('The stored value is not in a format this plugin can read');
    }
    return { keyId, iv, tag, data };
  };

  return {
    seal(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        FORMAT_VERSION,
        current.id,
        iv.toString('base64'),
        tag.toString('base64'),
        data.toString('base64'),
      ].join(':');
    },

    open(sealed: string): string {
      const { keyId, iv, tag, data } = parse(sealed);
      const key = byId.get(keyId);
      if (!key) {
        throw new SecretBoxKeyError(
          'This value was encrypted with a key that is no longer configured (was the encryption key changed without keeping the previous one?)'
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([
          decipher.update(Buffer.from(data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxKeyError(
          'The stored value failed its integrity check and cannot be decrypted'
        );
      }
    },

    /** True when the value opens but was sealed under a previous key: write it back sealed anew. */
    needsResealing(sealed: string): boolean {
      return parse(sealed).keyId !== current.id;
    },
  };
};

export type SecretBox = ReturnType<typeof createSecretBox>;
