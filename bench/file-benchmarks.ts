/**
 * Benchmarks of file operations through the plugin's admin API, as the admin panel calls it:
 * Strapi booted in this process, the emulator as its own process (keeping uploaded bytes on disk
 * in a temporary data folder, removed afterwards).
 * - upload: a file of `--mb` MB sent in pieces (POST .../uploads, PUT .../uploads/:id with
 *   Content-Range) that the plugin relays to a Graph upload session; against the same bytes PUT
 *   straight to an upload session from this process in the same fragment size. The source is a
 *   deterministic keystream, streamed, never held whole; its QuickXorHash must equal the
 *   emulator's.
 * - download: the same file through the plugin's download route; against the emulator's
 *   pre-authenticated download URL read directly.
 * - list: p50/p95 of the children API on a folder of 10,000 children, pages of 100, sorted by
 *   modified time, as a user who browses files (and, apart, as the super admin).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { ControlClient, type EmulatorInfo } from '../emulator/src';
import { getUploadSizes } from '../server/src/files/policy';
import { createAdmin, createRole } from '../tests/helpers/admin';
import { startBenchApp, type BenchApp } from './lib/bench-app';
import {
  directGraph,
  downloadUrlOf,
  drain,
  uploadDirect,
  type DirectGraph,
} from './lib/direct-graph';
import { startEmulatorProcess } from './lib/emulator-process';
import { log, measured, percentile, report, round, rssMb } from './lib/measure';
import { sourceQuickXorHash, sourceStream } from './lib/source-bytes';

export const FILE_BENCHMARKS = ['upload', 'download', 'list'] as const;
type FileBenchmark = (typeof FILE_BENCHMARKS)[number];

const MB = 1024 * 1024;
const LIST_CHILDREN = 10_000;
const LIST_PAGE_SIZE = 100;
const LIST_ROUNDS = 3;

interface Setup {
  info: EmulatorInfo;
  control: ControlClient;
  graph: DirectGraph;
  bench: BenchApp;
  /** Plain HTTP to Strapi, as a browser would (supertest would add its own buffering). */
  http: Agent;
  remoteDriveId: string;
  rootId: string;
  driveId: number;
}

/** What the admin panel does to upload a file: start, then PUT pieces where the server says. */
async function uploadThroughPlugin(setup: Setup, name: string, size: number) {
  const { bench, driveId } = setup;
  const started = await bench
    .api()
    .post(`/external-drives/drives/${driveId}/uploads`)
    .send({ parentId: setup.rootId, name, size, conflictBehavior: 'replace' });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  let status = started.body.data as {
    uploadId: string;
    nextOffset: number;
    pieceSize: number;
    item?: { remoteId: string };
  };
  while (!status.item) {
    const start = status.nextOffset;
    const end = Math.min(start + status.pieceSize, size);
    const answer = await request(
      `${bench.app.url}/external-drives/drives/${driveId}/uploads/${status.uploadId}`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${bench.token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(end - start),
          'content-range': `bytes ${start}-${end - 1}/${size}`,
        },
        body: sourceStream(start, end),
        dispatcher: setup.http,
      }
    );
    const body = (await answer.body.json()) as { data: typeof status };
    if (answer.statusCode !== 200)
      throw new Error(`piece at ${start}: ${answer.statusCode} ${JSON.stringify(body)}`);
    status = body.data;
  }
  return status.item;
}

async function downloadThroughPlugin(setup: Setup, remoteId: string) {
  const answer = await request(
    `${setup.bench.app.url}/external-drives/drives/${setup.driveId}/items/${remoteId}/content`,
    { headers: { authorization: `Bearer ${setup.bench.token}` }, dispatcher: setup.http }
  );
  if (answer.statusCode !== 200) throw new Error(`download answered ${answer.statusCode}`);
  return drain(answer.body);
}

async function downloadDirect(setup: Setup, remoteId: string) {
  const url = await downloadUrlOf(setup.graph, setup.remoteDriveId, remoteId);
  const answer = await request(url, { dispatcher: setup.graph.dispatcher });
  if (answer.statusCode !== 200) throw new Error(`download URL answered ${answer.statusCode}`);
  return drain(answer.body);
}

/** RSS once the process has settled after setup: what "idle" means for the measured run. */
async function idleRss() {
  await new Promise((settled) => setTimeout(settled, 1000));
  return rssMb();
}

type Measured = { seconds: number; peakRssMb: number };

/**
 * The figures upload and download share: the plugin's run against the same bytes sent straight to
 * (or read straight from) the emulator, and the Strapi process's memory before and during.
 */
function throughput(mb: number, run: Measured, direct: Measured, idleRssMb: number) {
  const mbPerSec = mb / run.seconds;
  const baselineMbPerSec = mb / direct.seconds;
  return {
    mb,
    seconds: round(run.seconds),
    mbPerSec: round(mbPerSec),
    idleRssMb: round(idleRssMb),
    peakRssMb: round(run.peakRssMb),
    baselineMbPerSec: round(baselineMbPerSec),
    ratio: round(mbPerSec / baselineMbPerSec),
  };
}

async function benchUpload(setup: Setup, mb: number) {
  const size = mb * MB;
  const { fragmentSize } = getUploadSizes(setup.bench.app.strapi);
  log(`hashing the ${mb} MB source`);
  const sourceHash = await sourceQuickXorHash(size);
  const idleRssMb = await idleRss();
  log(`uploading ${mb} MB through the plugin`);
  const run = await measured(() => uploadThroughPlugin(setup, 'bench-upload.bin', size));
  log(`uploading ${mb} MB straight to an upload session`);
  const direct = await measured(() =>
    uploadDirect(
      setup.graph,
      { driveId: setup.remoteDriveId, parentId: setup.rootId, name: 'bench-baseline.bin', size },
      fragmentSize
    )
  );
  const entry = (await setup.control.tree(setup.remoteDriveId)).find(
    (candidate) => candidate.id === run.result.remoteId
  );
  report({
    bench: 'upload',
    ...throughput(mb, run, direct, idleRssMb),
    hashMatches: entry?.size === size && entry.quickXorHash === sourceHash,
  });
}

async function benchDownload(setup: Setup, mb: number) {
  const size = mb * MB;
  log(`uploading the ${mb} MB file to download`);
  const item = await uploadThroughPlugin(setup, 'bench-download.bin', size);
  const idleRssMb = await idleRss();
  log(`downloading ${mb} MB through the plugin`);
  const run = await measured(() => downloadThroughPlugin(setup, item.remoteId));
  log(`downloading ${mb} MB from the download URL`);
  const direct = await measured(() => downloadDirect(setup, item.remoteId));
  for (const [what, bytes] of [
    ['plugin', run.result],
    ['direct', direct.result],
  ] as const) {
    if (bytes !== size) throw new Error(`the ${what} download brought ${bytes} of ${size} bytes`);
  }
  report({ bench: 'download', ...throughput(mb, run, direct, idleRssMb) });
}

/** A folder of 10,000 children (one in 20 a folder, sizes varied) made in the emulator. */
async function createLargeFolder(setup: Setup) {
  const folder = await setup.control.createItem(setup.remoteDriveId, {
    name: 'Ten thousand',
    folder: true,
  });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < LIST_CHILDREN; i = next++) {
      await setup.control.createItem(setup.remoteDriveId, {
        parentId: folder.id,
        name: i % 20 === 0 ? `Folder ${i}` : `File ${i}.bin`,
        folder: i % 20 === 0,
        size: 1024 + ((i * 7919) % 100_000),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return folder.id;
}

/**
 * A user who browses files: a role with the plugin's read permission, granted read on the drive.
 * Strapi rebuilds the caller's permissions on every admin request, so a super admin (every
 * permission of the app) pays more per request for Strapi's own part: measured too, apart.
 */
async function fileReaderToken(setup: Setup) {
  const { strapi } = setup.bench.app;
  const roleId = await createRole(strapi, {
    name: 'File readers',
    actions: ['plugin::external-drives.read'],
  });
  await strapi.db
    .query('plugin::external-drives.drive' as never)
    .update({ where: { id: setup.driveId }, data: { roles: [{ roleId, access: 'read' }] } });
  return (await createAdmin(strapi, { email: 'reader@example.com', roles: [roleId] })).token;
}

async function benchList(setup: Setup) {
  log(`creating a folder of ${LIST_CHILDREN} children`);
  const folderId = await createLargeFolder(setup);
  await setup.bench.sync(setup.driveId);
  const pages = LIST_CHILDREN / LIST_PAGE_SIZE;
  const listPage = async (token: string, page: number) => {
    const query = new URLSearchParams({
      parentId: folderId,
      page: String(page),
      pageSize: String(LIST_PAGE_SIZE),
      sort: 'modified',
      order: 'desc',
    });
    const started = performance.now();
    const answer = await request(
      `${setup.bench.app.url}/external-drives/drives/${setup.driveId}/children?${query}`,
      { headers: { authorization: `Bearer ${token}` }, dispatcher: setup.http }
    );
    const body = (await answer.body.json()) as {
      results: unknown[];
      pagination: { total: number };
    };
    const ms = performance.now() - started;
    if (answer.statusCode !== 200 || body.pagination.total !== LIST_CHILDREN)
      throw new Error(`page ${page}: ${answer.statusCode} ${JSON.stringify(body).slice(0, 300)}`);
    if (body.results.length !== LIST_PAGE_SIZE)
      throw new Error(`page ${page} had ${body.results.length} results`);
    return ms;
  };
  const sample = async (token: string) => {
    // Warm-up: the first requests pay for JIT and the database's caches.
    for (let page = 1; page <= 5; page++) await listPage(token, page);
    const samples: number[] = [];
    for (let round = 0; round < LIST_ROUNDS; round++) {
      for (let page = 1; page <= pages; page++) samples.push(await listPage(token, page));
    }
    return samples;
  };
  log(`listing ${pages} pages, ${LIST_ROUNDS} rounds, as a file reader and as the super admin`);
  const reader = await sample(await fileReaderToken(setup));
  const superAdmin = await sample(setup.bench.token);
  report({
    bench: 'list',
    children: LIST_CHILDREN,
    pageSize: LIST_PAGE_SIZE,
    requests: reader.length,
    p50Ms: round(percentile(reader, 0.5)),
    p95Ms: round(percentile(reader, 0.95)),
    superAdminP50Ms: round(percentile(superAdmin, 0.5)),
    superAdminP95Ms: round(percentile(superAdmin, 0.95)),
  });
}

export async function runFileBenchmark(name: FileBenchmark, options: { mb: number }) {
  if (!Number.isInteger(options.mb) || options.mb < 1) throw new Error('--mb must be at least 1');
  // Uploaded bytes land in the emulator's data folder: a temporary one, removed at the end.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-emulator-'));
  const emulator = await startEmulatorProcess({ dataDir });
  const { info } = emulator;
  const control = ControlClient.from(info);
  const graph = directGraph(info);
  const http = new Agent({ keepAliveTimeout: 30_000 });
  let bench: BenchApp | undefined;
  try {
    bench = await startBenchApp(info);
    const remoteDriveId = info.sites[0].drives[0].id;
    const driveId = await bench.addDrive(remoteDriveId, 'Documents');
    await bench.sync(driveId);
    const root = await graph.json<{ id: string }>(`/drives/${remoteDriveId}/root`);
    const setup: Setup = {
      info,
      control,
      graph,
      bench,
      http,
      remoteDriveId,
      rootId: root.id,
      driveId,
    };
    if (name === 'upload') await benchUpload(setup, options.mb);
    else if (name === 'download') await benchDownload(setup, options.mb);
    else await benchList(setup);
  } finally {
    await bench?.close();
    await http.close();
    await graph.close();
    await control.close();
    emulator.stop();
    await new Promise((exited) => emulator.child.once('exit', exited));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
