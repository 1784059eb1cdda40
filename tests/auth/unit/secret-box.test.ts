import { createSecretBox, SecretBoxKeyError } from '../../../server/src/auth/secret-box';
import { sealedNames } from '../../../server/src/auth/sealed-names';

const KEY_A = 'a-first-encryption-key-of-some-length';
const KEY_B = 'a-second-encryption-key-of-some-length';
const NAME = sealedNames.tokenCache(1, 'oid.tid');

/** 'refresh-token-0123456789' sealed under KEY_A by the plugin before values were bound (v1). */
const SEALED_UNBOUND_V1 =
  'v1:4a5429d8e116:dzuqyOJdyMggL4P1:VUq1rHvZ+8KOj7fmTmpLjg==:UX9m+HaincA1CIW90crqiQWuVmHhnDlK';

const withPart = (sealed: string, index: number, value: string) => {
  const parts = sealed.split(':');
  parts[index] = value;
  return parts.join(':');
};

describe('secret box', () => {
  it('round-trips and never contains the plaintext', () => {
    const box = createSecretBox({ key: KEY_A });
    const sealed = box.seal('refresh-token-0123456789', NAME);
    expect(sealed).not.toContain('refresh-token');
    expect(Buffer.from(sealed).toString('base64')).not.toContain(
      Buffer.from('refresh-token').toString('base64')
    );
    expect(box.open(sealed, NAME)).toBe('refresh-token-0123456789');
  });

  it('uses a fresh IV for every seal', () => {
    const box = createSecretBox({ key: KEY_A });
    expect(box.seal('same', NAME)).not.toBe(box.seal('same', NAME));
  });

  it('opens values sealed under a previous key and asks for them to be resealed', () => {
    const before = createSecretBox({ key: KEY_A });
    const sealed = before.seal('secret', NAME);
    const after = createSecretBox({ key: KEY_B, previousKeys: [KEY_A] });
    expect(after.open(sealed, NAME)).toBe('secret');
    expect(after.needsResealing(sealed)).toBe(true);
    const resealed = after.reseal(sealed, NAME);
    expect(after.needsResealing(resealed)).toBe(false);
    expect(after.reseal(resealed, NAME)).toBe(resealed);
    expect(createSecretBox({ key: KEY_B }).open(resealed, NAME)).toBe('secret');
  });

  it('fails clearly when the key is lost', () => {
    const sealed = createSecretBox({ key: KEY_A }).seal('secret', NAME);
    expect(() => createSecretBox({ key: KEY_B }).open(sealed, NAME)).toThrow(SecretBoxKeyError);
    expect(() => createSecretBox({ key: KEY_B }).open(sealed, NAME)).toThrow(
      /no longer configured/
    );
  });

  it('detects tampering', () => {
    const box = createSecretBox({ key: KEY_A });
    const sealed = box.seal('secret', NAME);
    const tampered = withPart(sealed, 4, Buffer.from('tampered').toString('base64'));
    expect(() => box.open(tampered, NAME)).toThrow(/integrity/);
  });

  it('refuses a truncated tag, which GCM would otherwise accept', () => {
    const box = createSecretBox({ key: KEY_A });
    for (const sealed of [box.seal('secret', NAME), SEALED_UNBOUND_V1]) {
      const tag = Buffer.from(sealed.split(':')[3], 'base64');
      for (const length of [4, 8, 12, 15]) {
        const truncated = withPart(sealed, 3, tag.subarray(0, length).toString('base64'));
        expect(() => box.open(truncated, NAME)).toThrow(SecretBoxKeyError);
        expect(() => box.open(truncated, NAME)).toThrow(/integrity/);
      }
    }
  });

  it('binds a value to what it is: moved to another row or purpose, it does not open', () => {
    const box = createSecretBox({ key: KEY_A });
    const aliceCache = box.seal('alice tokens', sealedNames.tokenCache(1, 'alice.tenant'));
    // Another admin user's row for the same Microsoft account, another account, another purpose.
    for (const elsewhere of [
      sealedNames.tokenCache(2, 'alice.tenant'),
      sealedNames.tokenCache(1, 'bob.tenant'),
      sealedNames.clientSecret(),
      sealedNames.uploadUrl('00000000-0000-0000-0000-000000000000'),
    ]) {
      expect(() => box.open(aliceCache, elsewhere)).toThrow(
        /integrity check.*copied from another record or purpose/
      );
    }
    expect(box.open(aliceCache, sealedNames.tokenCache(1, 'alice.tenant'))).toBe('alice tokens');
  });

  it('writes the bound format; reads the unbound format of earlier versions once, to re-seal it', () => {
    const box = createSecretBox({ key: KEY_A });
    expect(box.seal('x', NAME)).toMatch(/^v2:/);
    expect(box.open(SEALED_UNBOUND_V1, NAME)).toBe('refresh-token-0123456789');
    expect(box.needsResealing(SEALED_UNBOUND_V1)).toBe(true);
    const resealed = box.reseal(SEALED_UNBOUND_V1, NAME);
    expect(resealed).toMatch(/^v2:/);
    expect(box.needsResealing(resealed)).toBe(false);
    expect(() => box.open(resealed, sealedNames.clientSecret())).toThrow(/integrity/);
    // Once the key it was sealed with is retired, an unbound value no longer opens at all.
    expect(() => createSecretBox({ key: KEY_B }).open(SEALED_UNBOUND_V1, NAME)).toThrow(
      /no longer configured/
    );
  });

  it('rejects malformed values, unnamed values and short keys', () => {
    const box = createSecretBox({ key: KEY_A });
    expect(() => box.open('plaintext', NAME)).toThrow(/format/);
    expect(() => box.open(withPart(box.seal('x', NAME), 0, 'v3'), NAME)).toThrow(/format/);
    expect(() => box.seal('x', '')).toThrow(/bound to the name/);
    expect(() => createSecretBox({ key: 'short' })).toThrow(/at least 16/);
  });
});
