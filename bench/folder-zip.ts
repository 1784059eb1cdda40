/**
 * folder-zip: a folder of `--files` files (default 2,000) of `--mb` MB in all (default 2,048)
 * downloaded as a ZIP through the plugin's admin route, as the admin panel asks for it. The files
 * are the emulator's generated content (made from a seed as they are read, never stored), so the
 * folder costs no disk. The archive is counted as it arrives, never kept: its last bytes are kept
 * to read the end-of-central-directory record, which must list every file. The figure the issue
 * sets: the Strapi process (this one) grows by less than 64 MB over idle while it streams.
 */
import { Agent, request } from 'undici';
import { ControlClient } from '../emulator/src';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { startBenchApp, type BenchApp } from './lib/bench-app';
import { log, measured, report, round, rssMb } from './lib/measure';
import { atLevel, type TargetLevel } from './lib/targets';
import { BYTES_PER_MEGABYTE } from '../shared/zip-limits';
import { UID } from '../server/src/constants';

/** The figure: a 2 GB folder of 2,000 files streams with RSS growth under 64 MB. */
const FOLDER_ZIP_TARGETS = { rssGrowthMb: 64 };
/** The end-of-central-directory record's signature, and the tail kept to find it. */
const EOCD_SIGNATURE = 0x06054b50;
const TAIL_BYTES = 64 * 1024;

/** Reads the archive as it arrives: its length, and the entry count its last record states. */
async function countArchive(body: AsyncIterable<Uint8Array>) {
  let bytes = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of body) {
    bytes += chunk.length;
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
  }
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0 || tail.readUInt32LE(at) !== EOCD_SIGNATURE) throw new Error('no end record');
  return { bytes, entries: tail.readUInt16LE(at + 10) };
}

async function createFolder(
  control: ControlClient,
  remoteDriveId: string,
  files: number,
  size: number
) {
  const folder = await control.createItem(remoteDriveId, { name: 'Zip me', folder: true });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files; i = next++) {
      await control.createItem(remoteDriveId, {
        parentId: folder.id,
        name: `Report ${String(i).padStart(4, '0')}.bin`,
        size,
        seed: `zip-${i}`,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return folder.id;
}

export async function runFolderZipBenchmark(options: {
  files: number;
  mb: number;
  level: TargetLevel;
}) {
  const { files, mb, level } = options;
  if (!Number.isInteger(files) || files < 1) throw new Error('--files must be at least 1');
  const size = Math.floor((mb * BYTES_PER_MEGABYTE) / files);
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const control = ControlClient.from(emulator.info);
  const http = new Agent({ keepAliveTimeout: 30_000 });
  let bench: BenchApp | undefined;
  try {
    bench = await startBenchApp(emulator.info);
    const remoteDriveId = emulator.info.sites[0].drives[0].id;
    const driveId = await bench.addDrive(remoteDriveId, 'Documents');
    log(`creating a folder of ${files} files of ${size} bytes`);
    const folderId = await createFolder(control, remoteDriveId, files, size);
    await bench.sync(driveId);
    const synced = await bench.app.strapi.db
      .query(UID.driveItem)
      .count({ where: { driveId, parentRemoteId: folderId, deleted: false } });
    if (synced !== files) throw new Error(`${synced} of ${files} files synced`);
    await new Promise((settled) => setTimeout(settled, 1000));
    global.gc?.();
    const idleRssMb = rssMb();
    log(`downloading the folder as a ZIP`);
    const run = await measured(async () => {
      const answer = await request(
        `${bench!.app.url}/external-drives/drives/${driveId}/items/${folderId}/zip`,
        { headers: { authorization: `Bearer ${bench!.token}` }, dispatcher: http }
      );
      if (answer.statusCode !== 200) throw new Error(`the ZIP answered ${answer.statusCode}`);
      return countArchive(answer.body);
    });
    const contentBytes = size * files;
    const targets = atLevel(FOLDER_ZIP_TARGETS, level, []);
    const rssGrowthMb = round(run.peakRssMb - idleRssMb);
    report({
      bench: 'folder-zip',
      files,
      contentMb: round(contentBytes / BYTES_PER_MEGABYTE),
      zipMb: round(run.result.bytes / BYTES_PER_MEGABYTE),
      entries: run.result.entries,
      seconds: round(run.seconds),
      mbPerSec: round(contentBytes / BYTES_PER_MEGABYTE / run.seconds),
      idleRssMb: round(idleRssMb),
      peakRssMb: round(run.peakRssMb),
      rssGrowthMb,
      targetLevel: level,
      targets,
      pass:
        run.result.entries === files &&
        run.result.bytes > contentBytes &&
        rssGrowthMb < targets.rssGrowthMb,
    });
  } finally {
    await bench?.close();
    await http.close();
    await control.close();
    await emulator.stop();
  }
}
