/**
 * uploads: U files of several fragments each go through the plugin's upload API (the browser's
 * pieces, relayed fragment by fragment to a Graph upload session) while the upload host resets
 * connections, answers 500/502/503/504 and sometimes keeps only part of a fragment. Every upload
 * must complete with the bytes that were sent (QuickXorHash in Microsoft 365 and in Strapi), and
 * no upload session may be left open in Microsoft 365.
 */
import { randomBytes } from 'node:crypto';
import { quickXorHash, type FaultRuleSpec } from '../emulator/src';
import { PLUGIN_ID } from '../server/src/constants';
import { findItemRow, findRootRow } from '../server/src/items/rows';
import { FRAGMENT_MULTIPLE } from '../server/src/files/upload/fragments';
import type { SyncService } from '../server/src/sync/service';
import { createAdmin } from '../testkit/admin';
import { startTestStrapi } from '../testkit/strapi';
import { log, seededRandom, type SoakArgs } from './common';
import { createDriveRow } from '../testkit/drive-rows';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { sleep } from '../testkit/wait';
import { uploadThroughPlugin, type UploadOutcome } from './upload-client';

/** Faults on the upload host only (fragment PUTs, status GETs): about a quarter of requests. */
export function uploadFaultRules(seed: number): FaultRuleSpec[] {
  const shares: Array<{ share: number; rule: Partial<FaultRuleSpec> }> = [
    { share: 0.07, rule: { kind: 'reset' } },
    { share: 0.04, rule: { kind: 'serverError', status: 500 } },
    { share: 0.03, rule: { kind: 'serverError', status: 502 } },
    { share: 0.03, rule: { kind: 'unavailable', retryAfterSeconds: 1 } },
    { share: 0.03, rule: { kind: 'serverError', status: 504 } },
    { share: 0.05, rule: { kind: 'partialFragment', method: 'PUT' } },
  ];
  let untouched = 1;
  return shares.map(({ share, rule }, index) => {
    const probability = share / untouched;
    untouched -= share;
    return {
      ...rule,
      host: 'content',
      path: '^/upload/',
      probability,
      seed: `${seed}:upload:${index}`,
    } as FaultRuleSpec;
  });
}

async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    })
  );
  return results;
}

export async function uploadsSuite(args: SoakArgs) {
  const uploads = args.number('uploads', 20);
  const concurrency = args.number('concurrency', 4);
  const seed = args.number('seed', 1);
  const random = seededRandom(seed);
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const { control, info } = emulator;
  const app = await startTestStrapi({ emulator: info });
  const { strapi } = app;
  try {
    // One fragment per 320 KiB and pieces of 4 fragments: a few MB make many fragments.
    strapi.config.set(`plugin::${PLUGIN_ID}.uploadFragmentBytes`, FRAGMENT_MULTIPLE);
    strapi.config.set(`plugin::${PLUGIN_ID}.simpleUploadThresholdBytes`, 64 * 1024);
    const { token } = await createAdmin(strapi, {
      email: 'soak-uploads@example.com',
      roles: 'super',
    });
    const library = info.sites[0].drives[0];
    const drive = await createDriveRow(strapi, info, library.id);
    await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).syncDrive(drive.id, {
      trigger: 'manual',
    });
    const root = (await findRootRow(strapi, drive.id))!;

    const files = Array.from({ length: uploads }, (_, index) => {
      const fragments = 3 + Math.floor(random() * 10);
      const tail = Math.floor(random() * FRAGMENT_MULTIPLE);
      return {
        name: `soak-upload-${seed}-${index + 1}.bin`,
        bytes: randomBytes(fragments * FRAGMENT_MULTIPLE + tail),
      };
    });
    const mark = await control.mark();
    await control.addFaults(uploadFaultRules(seed));

    const outcomes = await inBatches(files, concurrency, async (file): Promise<UploadOutcome> => {
      const outcome = await uploadThroughPlugin(app.http, token, {
        driveId: drive.id,
        parentId: root.remoteId,
        name: file.name,
        bytes: file.bytes,
      }).catch((error: Error) => ({
        completed: false,
        failedPieces: 0,
        restarts: 0,
        lastError: error.message,
      }));
      log(
        `${file.name} (${file.bytes.length} bytes): ${outcome.completed ? 'completed' : 'FAILED'}` +
          `, ${outcome.failedPieces} failed pieces, ${outcome.restarts} restarts` +
          (outcome.lastError ? ` (last error: ${outcome.lastError})` : '')
      );
      return outcome;
    });
    const stats = await control.stats(mark);
    await control.clearFaults();

    const tree = await control.tree(library.id);
    let hashMismatches = 0;
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.completed || !outcome.item) continue;
      const expected = quickXorHash(files[index].bytes);
      const remote = tree.find((entry) => entry.id === outcome.item!.remoteId);
      const row = await findItemRow(strapi, drive.id, outcome.item.remoteId);
      const rowHash = (row as { quickXorHash?: string | null } | null)?.quickXorHash;
      if (
        remote?.quickXorHash !== expected ||
        remote.size !== files[index].bytes.length ||
        rowHash !== expected ||
        Number(row?.size) !== files[index].bytes.length
      ) {
        hashMismatches += 1;
        log(
          `${files[index].name}: Microsoft 365 has ${remote?.quickXorHash}/${remote?.size}, Strapi ${rowHash}/${row?.size}, sent ${expected}`
        );
      }
    }
    // Sessions close as they commit or are cancelled; a moment for any cancel still in flight.
    await sleep(500);
    const open = (await control.uploadSessions()).filter(
      (session) => session.driveId === library.id
    );
    for (const session of open)
      log(`open session: ${session.name} (${session.received}/${session.size})`);
    return {
      uploads,
      completed: outcomes.filter((outcome) => outcome.completed).length,
      hashMismatches,
      orphanSessions: open.length,
      bytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
      failedPieces: outcomes.reduce((sum, outcome) => sum + outcome.failedPieces, 0),
      restarts: outcomes.reduce((sum, outcome) => sum + outcome.restarts, 0),
      uploadHostRequests: stats.byHost.content ?? 0,
      faultsInjected: stats.faultsInjected,
      faultsByKind: stats.faultsByKind,
    };
  } finally {
    await app.close();
    await emulator.stop();
  }
}
