import { randomBytes } from 'node:crypto';
import {
  QuickXorHash,
  quickXorHash,
  quickXorHashOfRepeatedBlock,
} from '../../../emulator/src/content/quick-xor-hash';
import {
  generatedBlock,
  generatedContentBytes,
  generatedContentStream,
} from '../../../emulator/src/content/generated-content';

describe('QuickXorHash', () => {
  // Published vectors (input base64 -> hash), from the facts file / rclone's tests.
  it.each([
    ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
    ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
    ['2fuxhBJXtpWFe8dOfdGeHw==', 'O9tHLAghgSvYohKFyMMxnNCHaHg='],
  ])('hashes %s to the published value', (input, expected) => {
    expect(quickXorHash(Buffer.from(input, 'base64'))).toBe(expected);
  });

  it('gives the same digest whatever the chunking', () => {
    const data = randomBytes(100_003);
    const whole = quickXorHash(data);
    const chunked = new QuickXorHash();
    for (let offset = 0; offset < data.length;) {
      const length = 1 + ((offset * 7919) % 997);
      chunked.update(data.subarray(offset, offset + length));
      offset += length;
    }
    expect(chunked.digest()).toBe(whole);
    expect(quickXorHash(data.subarray(1))).not.toBe(whole);
  });

  it.each([0, 1, 159, 160, 1599, 1600, 3200, 3201, 1024 * 1024 + 7])(
    'repeated-block shortcut equals the streaming hash for %i bytes',
    (size) => {
      const block = generatedBlock(`shortcut-${size}`);
      const bytes = generatedContentBytes({ kind: 'generated', seed: `shortcut-${size}`, size });
      expect(quickXorHashOfRepeatedBlock(block, size)).toBe(quickXorHash(bytes));
    }
  );

  it('streams generated content identical to the in-memory bytes, for any window', async () => {
    const content = { kind: 'generated' as const, seed: 'window', size: 200_000 };
    const whole = generatedContentBytes(content);
    const chunks: Buffer[] = [];
    for await (const chunk of generatedContentStream(content, 1234, 150_000))
      chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(whole.subarray(1234, 150_001))).toBe(true);
  });

  it('hashes 64 MiB quickly', () => {
    const data = randomBytes(64 * 1024 * 1024);
    const started = Date.now();
    quickXorHash(data);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
