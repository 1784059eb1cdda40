/**
 * One Strapi process of the crash suite, on a SQLite file that outlives it. It boots, finds (or
 * creates) the drive, syncs it to the end while reporting its progress on stdout, then compares
 * the drive with the emulator's tree and reports that too. The suite SIGKILLs the first such
 * process somewhere in its sync and boots a second one on the same file to finish.
 *
 * Input: SOAK_CRASH_CHILD = { info, databaseFile, remoteDriveId, env }. Output: one JSON line per
 * event ({ event: 'ready' | 'progress' | 'done', ... }).
 */
import { ControlClient, type EmulatorInfo } from '../emulator/src';
import { PLUGIN_ID, UID } from '../server/src/constants';
import type { SyncService } from '../server/src/sync/service';
import { startTestStrapi } from '../testkit/strapi';
import { compareDrive } from './common';
import { createDriveRow } from '../testkit/drive-rows';

export interface CrashChildInput {
  info: EmulatorInfo;
  databaseFile: string;
  remoteDriveId: string;
  /** Fixed secrets: both processes of a trial must read what the other one wrote. */
  env: Record<string, string>;
}

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function main() {
  const input = JSON.parse(process.env.SOAK_CRASH_CHILD ?? '{}') as CrashChildInput;
  const app = await startTestStrapi({
    emulator: input.info,
    databaseFile: input.databaseFile,
    env: input.env,
  });
  const { strapi } = app;
  const existing = (await strapi.db
    .query(UID.drive)
    .findOne({ where: { remoteDriveId: input.remoteDriveId } })) as { id: number } | null;
  const driveId =
    existing?.id ?? (await createDriveRow(strapi, input.info, input.remoteDriveId)).id;
  const sync = strapi.plugin(PLUGIN_ID).service('sync') as SyncService;
  emit({ event: 'ready', driveId, resumed: Boolean(existing) });

  const reporter = setInterval(() => {
    const progress = sync.getProgress(driveId);
    if (progress) emit({ event: 'progress', items: progress.items, pages: progress.pages });
  }, 10);
  const run = await sync.syncDrive(driveId, { trigger: 'manual' });
  clearInterval(reporter);

  const control = ControlClient.from(input.info);
  const comparison = await compareDrive(strapi, control, driveId, input.remoteDriveId);
  await control.close();
  // Runs of the killed process that still say 'running' although nothing runs them any more.
  const staleRuns = await strapi.db
    .query(UID.syncRun)
    .count({ where: { driveId, status: 'running' } });
  emit({ event: 'done', run, ...comparison, staleRuns });
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`crash child failed: ${error.stack}\n`);
    process.exit(1);
  }
);
