import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startEmulator } from '../../../emulator/src';

describe('emulator TLS', () => {
  it('creates a CA under dataDir once, reuses it, and signs a localhost + 127.0.0.1 leaf', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emu-tls-'));
    try {
      const [first, second] = await Promise.all([
        startEmulator({ dataDir, seed: 'empty', quiet: true }),
        startEmulator({ dataDir, seed: 'empty', quiet: true }),
      ]);
      const third = await startEmulator({ dataDir, seed: 'empty', quiet: true });
      try {
        expect(second.info.caPem).toBe(first.info.caPem);
        expect(third.info.caPem).toBe(first.info.caPem);
        expect(first.info.caFile).toBe(join(dataDir, 'ca.pem'));
        expect(readFileSync(first.info.caFile, 'utf8')).toBe(first.info.caPem);
        const ca = new X509Certificate(first.info.caPem);
        expect(ca.ca).toBe(true);
      } finally {
        await Promise.all([first.close(), second.close(), third.close()]);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
