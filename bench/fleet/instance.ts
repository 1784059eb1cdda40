/**
 * One Strapi instance of the fleet benchmark, in its own process (Strapi is one instance per
 * process, and each instance's RSS is measured apart). Boots the playground on the shared
 * PostgreSQL database and Redis with the options in the JSON file named by FLEET_INSTANCE_FILE
 * (a file, not the environment: the emulator's info is large), prints `url <address>`, with
 * `createAdmin` also `admin <jwt>` (a super admin for the admin API), then `ready`.
 *
 * Over IPC it answers `{ compare: <file> }` (a list of `[driveId, remoteDriveId]`): it compares
 * each drive's synced tree with the emulator's and writes the drives that differ to `<file>.out`.
 * It closes on SIGTERM.
 */
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ControlClient, type EmulatorInfo } from '../../emulator/src';
import { createAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

export interface FleetInstanceOptions {
  info: EmulatorInfo;
  /** Everything the instances share: database, Redis, secrets, interval (see instances.ts). */
  env: Record<string, string>;
  createAdmin?: { email: string };
}

export interface CompareAnswer {
  compared: number;
  /** Drives whose synced tree differs from the emulator's, with what differs in a few words. */
  different: Array<{ driveId: number; why: string }>;
}

/** Compares in small batches: the emulator and the database answer everyone else meanwhile. */
async function compareDrives(app: TestStrapi, info: EmulatorInfo, pairs: Array<[number, string]>) {
  const control = ControlClient.from(info);
  const answer: CompareAnswer = { compared: 0, different: [] };
  try {
    for (let i = 0; i < pairs.length; i += 4) {
      await Promise.all(
        pairs.slice(i, i + 4).map(async ([driveId, remoteDriveId]) => {
          const [synced, truth] = await Promise.all([
            syncedTree(app.strapi, driveId).catch((error: Error) => error),
            control.tree(remoteDriveId),
          ]);
          answer.compared++;
          const expected = comparableTree(truth);
          if (synced instanceof Error) {
            answer.different.push({ driveId, why: synced.message });
          } else if (!isDeepStrictEqual(synced, expected)) {
            answer.different.push({
              driveId,
              why: `${synced.length} items synced, ${expected.length} in Microsoft 365`,
            });
          }
        })
      );
    }
  } finally {
    await control.close();
  }
  return answer;
}

async function main() {
  const file = process.env.FLEET_INSTANCE_FILE;
  if (!file) throw new Error('FLEET_INSTANCE_FILE is not set');
  const options = JSON.parse(fs.readFileSync(file, 'utf8')) as FleetInstanceOptions;
  const app = await startTestStrapi({ emulator: options.info, database: {}, env: options.env });
  process.stdout.write(`url ${app.url}\n`);
  if (options.createAdmin) {
    const admin = await createAdmin(app.strapi, {
      email: options.createAdmin.email,
      roles: 'super',
    });
    process.stdout.write(`admin ${admin.token}\n`);
  }
  process.on('message', (message: { compare?: string }) => {
    if (!message.compare) return;
    const pairs = JSON.parse(fs.readFileSync(message.compare, 'utf8')) as Array<[number, string]>;
    compareDrives(app, options.info, pairs).then(
      (answer) => {
        fs.writeFileSync(`${message.compare}.out`, JSON.stringify(answer));
        process.send?.({ compared: message.compare });
      },
      (error: Error) => process.send?.({ compared: message.compare, error: error.message })
    );
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    app.close().finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  process.stderr.write(`fleet instance failed: ${error.stack}\n`);
  process.exit(1);
});
