/**
 * Random changes in random drives, through the emulator's control API, at a steady rate until
 * stopped: what people do in a company's drives while the plugin polls them. Each change is a
 * small batch of one kind (edits, renames, moves, deletions or new files) in one drive.
 */
import type { ControlClient } from '../../emulator/src';
import { seededRandom } from '../../emulator/src/ids';
import { log } from '../lib/measure';

const KINDS = ['modify', 'rename', 'move', 'delete', 'create'] as const;

export interface ChangeStream {
  /** Stops making changes; resolves with how many were made, once the last one is in. */
  stop(): Promise<number>;
}

export function startChanges(
  control: ControlClient,
  remoteDriveIds: string[],
  perMinute: number
): ChangeStream {
  const random = seededRandom(`fleet-changes:${remoteDriveIds.length}`);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  let made = 0;
  let stopped = false;
  let failures = 0;
  const spacingMs = 60_000 / perMinute;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      const kind = pick(KINDS);
      try {
        await control.bulk(pick(remoteDriveIds), {
          [kind]: 1 + Math.floor(random() * 3),
          seed: `fleet-${made}`,
        });
        made++;
      } catch (error) {
        // A loaded emulator may drop a control call: the next change goes on, the count says.
        if (++failures <= 3) log(`a change failed: ${(error as Error).message}`);
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, spacingMs - (Date.now() - started)))
      );
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return made;
    },
  };
}
