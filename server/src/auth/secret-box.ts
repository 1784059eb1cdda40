/**
 * Authenticated encryption for what the plugin keeps at rest: client secrets, msal token caches
 * (which hold refresh tokens), upload session URLs, PKCE verifiers of pending sign-ins.
 *
 * AES-256-GCM under a key derived (HKDF-SHA256) from the host app's configured key, so any string
 * of reasonable length works as a key and the raw configured value is never used directly.
 *
 * Every sealed value names the key it was sealed with (a short fingerprint), which is what makes
 * rotation possible: the current key seals, previous keys still open, and `needsResealing` tells the
 * caller to write the value back under the current key.
 *
 * Every value is also bound to the name of what it is (see `sealed-names.ts`), as GCM's associated
 * data: a value copied into another row or used for another purpose fails its integrity check, so
 * database write access alone cannot swap one account's tokens into another's row.
 *
 * Formats: `v2:<key id>:<iv>:<tag>:<data>` (bound) is what `seal` writes. `v1` (same layout, not
 * bound) was written before binding existed: it still opens, always `needsResealing`, and the
 * re-seal pass converts it. It stops opening once the key it was sealed with is retired.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const CURRENT_FORMAT = 'v2';
const UNBOUND_FORMAT = 'v1';
const IV_BYTES = 12;
/** GCM's full tag: a shorter one (which GCM would otherwise accept) is far easier to forge. */
const TAG_BYTES = 16;
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
  /**
   * Other keys still accepted for opening, never used for sealing: the keys before a rotation (and,
   * during a rolling restart, the key the other instances are about to switch to).
   */
  previousKeys?: string[];
}

const assertName = (boundTo: string) => {
  if (typeof boundTo !== 'string' || boundTo.length === 0) {
    throw new TypeError('A sealed value must be bound to the name of what it is');
  }
};

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
    const [version, keyId, iv, tag, data, ...rest] =
      typeof sealed === 'string' ? sealed.split(':') : [];
    if (
      (version !== CURRENT_FORMAT && version !== UNBOUND_FORMAT) ||
      !keyId ||
      !iv ||
      !tag ||
      data === undefined ||
      rest.length
    ) {
      throw new SecretBoxKeyError('The stored value is not in a format this plugin can read');
    }
    return { version, keyId, iv, tag, data };
  };

  const integrityError = (bound: boolean) =>
    new SecretBoxKeyError(
      bound
        ? 'The stored value failed its integrity check and cannot be decrypted: it was altered, or copied from another record or purpose'
        : 'The stored value failed its integrity check and cannot be decrypted'
    );

  return {
    /** Seals `plaintext` under the current key, bound to `boundTo` (the name of what it is). */
    seal(plaintext: string, boundTo: string): string {
      assertName(boundTo);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        CURRENT_FORMAT,
        current.id,
        iv.toString('base64'),
        tag.toString('base64'),
        data.toString('base64'),
      ].join(':');
    },

    /** Opens a value sealed for `boundTo`; throws SecretBoxKeyError for anything else. */
    open(sealed: string, boundTo: string): string {
      assertName(boundTo);
      const { version, keyId, iv, tag, data } = parse(sealed);
      const key = byId.get(keyId);
      if (!key) {
        throw new SecretBoxKeyError(
          'This value was encrypted with a key that is no longer configured (was the encryption key changed without keeping the previous one?)'
        );
      }
      const bound = version === CURRENT_FORMAT;
      const tagBytes = Buffer.from(tag, 'base64');
      const ivBytes = Buffer.from(iv, 'base64');
      if (tagBytes.length !== TAG_BYTES || ivBytes.length !== IV_BYTES) throw integrityError(bound);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAuthTag(tagBytes);
        if (bound) decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        return Buffer.concat([
          decipher.update(Buffer.from(data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw integrityError(bound);
      }
    },

    /**
     * True when the value should be written back sealed anew: it was sealed under a previous key,
     * or in the unbound format.
     */
    needsResealing(sealed: string): boolean {
      const { version, keyId } = parse(sealed);
      return version !== CURRENT_FORMAT || keyId !== current.id;
    },

    /** The value as it should be stored now: itself when current, else opened and sealed anew. */
    reseal(sealed: string, boundTo: string): string {
      return this.needsResealing(sealed) ? this.seal(this.open(sealed, boundTo), boundTo) : sealed;
    },
  };
};

export type SecretBox = ReturnType<typeof createSecretBox>;
