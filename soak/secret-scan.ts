/**
 * Where a secret could end up in plain text: the SQLite database (its file, WAL, shared memory
 * and journal, byte for byte), everything the process wrote to stdout/stderr (Strapi's logs), and
 * the API answers a suite collected. Secrets are searched as they are: a sealed value never
 * contains its plain text.
 */
import fs from 'node:fs';

/** Captures every stdout/stderr write from now on (still passing stderr through). */
export function captureOutput() {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap =
    (stream: NodeJS.WriteStream, passThrough: boolean): typeof process.stdout.write =>
    (chunk: unknown, ...rest: unknown[]) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      if (!passThrough) {
        const callback = rest.find((value) => typeof value === 'function') as
          (() => void) | undefined;
        callback?.();
        return true;
      }
      return (originals.err as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    };
  // Strapi's own log lines (stdout) are kept, not shown: the suite's result goes to stdout.
  process.stdout.write = tap(process.stdout, false);
  process.stderr.write = tap(process.stderr, true);
  return {
    text: () => chunks.join(''),
    restore() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

export interface Secret {
  kind: string;
  value: string;
}

export interface SecretFinding {
  kind: string;
  where: string;
}

/** The bytes of a SQLite database as they sit on disk, with its side files. */
export function databaseBytes(file: string): Array<{ where: string; bytes: Buffer }> {
  return ['', '-wal', '-shm', '-journal']
    .filter((suffix) => fs.existsSync(`${file}${suffix}`))
    .map((suffix) => ({
      where: `database ${suffix ? suffix.slice(1) : 'file'}`,
      bytes: fs.readFileSync(`${file}${suffix}`),
    }));
}

/** Every place each secret appears in plain text. */
export function findSecrets(
  secrets: Secret[],
  places: Array<{ where: string; bytes: Buffer | string }>
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const secret of secrets) {
    if (secret.value.length < 8) continue; // too short to be a secret worth the name
    const needle = Buffer.from(secret.value, 'utf8');
    for (const place of places) {
      const haystack = typeof place.bytes === 'string' ? Buffer.from(place.bytes) : place.bytes;
      if (haystack.indexOf(needle) >= 0) findings.push({ kind: secret.kind, where: place.where });
    }
  }
  return findings;
}
