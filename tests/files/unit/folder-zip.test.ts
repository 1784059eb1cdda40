/**
 * The archive writer on its own, with files that break: a file whose download fails part-way is
 * cut short in the archive and listed in `_errors.txt`; one that cannot be opened is left out; a
 * client that goes away stops the reading of further files.
 */
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { folderZipStream } from '../../../server/src/files/folder-zip';
import type { FolderTree, TreeFile } from '../../../server/src/items/rows';

const file = (path: string, size: number): TreeFile => ({
  remoteId: path,
  path,
  size,
  modifiedAt: new Date('2024-05-01T10:00:00Z'),
});

const bytes = (size: number, fill: number) => Buffer.alloc(size, fill);

async function collect(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('a file broken part-way ends short and is listed; one that cannot be opened is left out', async () => {
  const tree: FolderTree = {
    files: [file('a.bin', 3000), file('b.bin', 5000), file('sub/c.bin', 10)],
    emptyFolders: ['empty'],
  };
  const opened: string[] = [];
  const stream = folderZipStream({
    tree,
    open: async ({ path }) => {
      opened.push(path);
      if (path === 'a.bin') return Readable.from([bytes(3000, 1)]);
      if (path === 'b.bin')
        return Readable.from(
          (async function* () {
            yield bytes(1000, 2);
            throw new Error('the connection was reset');
          })()
        );
      throw new Error('gone');
    },
    describe: (error) => `described: ${(error as Error).message}`,
  });
  const zip = await JSZip.loadAsync(await collect(stream));
  expect(opened).toEqual(['a.bin', 'b.bin', 'sub/c.bin']);
  expect(Object.keys(zip.files).sort()).toEqual(['_errors.txt', 'a.bin', 'b.bin', 'empty/']);
  expect(await zip.files['a.bin'].async('nodebuffer')).toEqual(bytes(3000, 1));
  expect(await zip.files['b.bin'].async('nodebuffer')).toEqual(bytes(1000, 2));
  expect(await zip.files['_errors.txt'].async('string')).toBe(
    'These files could not be added to the ZIP:\r\n' +
      'b.bin: incomplete in the ZIP: the connection was reset\r\n' +
      'sub/c.bin: described: gone\r\n'
  );
});

test('the errors entry takes a free name when the folder has its own _errors.txt', async () => {
  const stream = folderZipStream({
    tree: { files: [file('_errors.txt', 2), file('x.bin', 1)], emptyFolders: [] },
    open: async ({ path }) => {
      if (path === 'x.bin') throw new Error('gone');
      return Readable.from([bytes(2, 3)]);
    },
    describe: (error) => (error as Error).message,
  });
  const zip = await JSZip.loadAsync(await collect(stream));
  expect(await zip.files['_errors.txt'].async('nodebuffer')).toEqual(bytes(2, 3));
  expect(await zip.files['_errors (2).txt'].async('string')).toContain('x.bin: gone');
});

test('a client that goes away stops the reading: the file in flight is dropped, no other opened', async () => {
  const opened: string[] = [];
  let destroyed = false;
  const stream = folderZipStream({
    tree: { files: [file('1.bin', 1e6), file('2.bin', 1e6)], emptyFolders: [] },
    open: async ({ path }) => {
      opened.push(path);
      // Endless unless destroyed: only the client going away ends it.
      return new Readable({
        read() {
          this.push(bytes(64 * 1024, 4));
        },
        destroy(error, callback) {
          destroyed = true;
          callback(error);
        },
      });
    },
    describe: (error) => String(error),
  });
  let received = 0;
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > 256 * 1024) {
        stream.destroy();
        resolve();
      }
    });
  });
  await new Promise((settled) => setTimeout(settled, 100));
  expect(destroyed).toBe(true);
  expect(opened).toEqual(['1.bin']);
});
