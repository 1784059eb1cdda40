import { createSecretBox, SecretBoxKeyError } from '../../server/src/auth/secret-box';

const KEY_A = 'a-first-encryption-key-of-some-length';
const KEY_B = 'a-second-encryption-key-of-some-length';

describe('secret box', () => {
  it('round-trips and never contains the plaintext', () => {
    const box = createSecretBox({ key: KEY_A });
    const sealed = box.seal('refresh-token-0123456789');
    expect(sealed).not.toContain('refresh-token');
    expect(Buffer.from(sealed).toString('base64')).not.toContain(
      Buffer.from('refresh-token').toString('base64')
    );
    expect(box.open(sealed)).toBe('refresh-token-0123456789');
  });

  it('uses a fresh IV for every seal', () => {
    const box = createSecretBox({ key: KEY_A });
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('opens values sealed under a previous key and asks for them to be resealed', () => {
    const before = createSecretBox({ key: KEY_A });
    const sealed = before.seal('secret');
    const after = createSecretBox({ key: KEY_B, previousKeys: [KEY_A] });
    expect(after.open(sealed)).toBe('secret');
    expect(after.needsResealing(sealed)).toBe(true);
    const resealed = after.seal(after.open(sealed));
    expect(after.needsResealing(resealed)).toBe(false);
    expect(createSecretBox({ key: KEY_B }).open(resealed)).toBe('secret');
  });

  it('fails clearly when the key is lost', () => {
    const sealed = createSecretBox({ key: KEY_A }).seal('secret');
    expect(() => createSecretBox({ key: KEY_B }).open(sealed)).toThrow(SecretBoxKeyError);
    expect(() => createSecretBox({ key: KEY_B }).open(sealed)).toThrow(/no longer configured/);
  });

  it('detects tampering', () => {
    const box = createSecretBox({ key: KEY_A });
    const parts = box.seal('secret').split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow(/integrity/);
  });

  it('rejects malformed values and short keys', () => {
    const box = createSecretBox({ key: KEY_A });
    expect(() => box.open('plaintext')).toThrow(/format/);
    expect(() => createSecretBox({ key: 'short' })).toThrow(/at least 16/);
  });
});
