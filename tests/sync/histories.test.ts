/**
 * Randomized histories (issue 19, soak/histories.ts): random changes in Microsoft 365 (renames in
 * another case or normalization, swaps, inversions, subtree deletes, files replaced by folders),
 * synced with random page sizes and orders, repeated items, faults in the middle of paging, 410s
 * and crashes between commits; after each sync Strapi's tree must equal the emulator's.
 *
 * The short form, on a fixed seed, in every test run; `npm run soak -- histories` runs thousands.
 * And the proof that it can fail: a page applier that forgets what a deleted folder implies for
 * the items below it diverges within the same short run.
 */
import type { Knex } from 'knex';
import { ControlClient } from '../../emulator/src';
import { TABLE } from '../../server/src/constants';
import { applyPage } from '../../server/src/sync/apply-page';
import type { ItemStore } from '../../server/src/items/store';
import { runHistories } from '../../soak/histories';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const SEED = 19;
const HISTORIES = 25;

/**
 * The sweep at the end of a round, broken on purpose: it removes the rows marked deleted (and,
 * after an enumeration, those it did not see) but not the items below a deleted folder, as if
 * every deleted item always came with its own tombstone.
 */
async function sweepWithoutDescendants(
  trx: Knex.Transaction,
  driveId: number,
  { enumeration }: { enumeration?: number }
) {
  return trx(TABLE.driveItem)
    .where('drive_id', driveId)
    .where((query) => {
      query.where('deleted', true);
      if (enumeration !== undefined) {
        query.orWhereNull('seen_in_run').orWhereNot('seen_in_run', enumeration);
      }
    })
    .del();
}

const applierIgnoringImplicitDeletes: typeof applyPage = (trx, store, ...rest) =>
  applyPage(trx, { ...store, sweep: sweepWithoutDescendants } as ItemStore, ...rest);

describe('randomized sync histories', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let siteId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_RETRY_BASE_DELAY_MS: '10' }, // the faults' answers, not their waits
    });
    siteId = emulator.info.sites[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it(`ends exact after each of ${HISTORIES} histories (seed ${SEED}), every kind of change and fault drawn`, async () => {
    const result = await runHistories(
      { strapi: app.strapi, control, siteId },
      { histories: HISTORIES, seed: SEED }
    );
    expect(result.divergence).toBeUndefined();
    expect(result.divergences).toBe(0);
    expect(result.histories).toBe(HISTORIES);
    expect(result.belowMinimum).toEqual([]);
    // About 45 s on an idle 2-core machine; the limit leaves room for a busy one.
  }, 300_000);

  it('catches a page applier that ignores the deletes a deleted folder implies', async () => {
    const result = await runHistories(
      { strapi: app.strapi, control, siteId, applier: applierIgnoringImplicitDeletes },
      { histories: HISTORIES, seed: SEED, noShrink: true }
    );
    expect(result.divergences).toBe(1);
    expect(result.divergence!.message).not.toMatch(/^not a divergence/);
    expect(result.divergence!.history.implicitDeletes).toBe(true);
  }, 300_000);
});
