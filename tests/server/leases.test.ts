/**
 * Leases on the plugin's lease table, in a real Strapi on SQLite (on PostgreSQL with
 * TEST_DATABASE=postgres): taken by one holder at a time, atomically, renewed while held, taken
 * over once a silent holder's expiry passes, free again once released.
 */
import { createLeases, type Leases } from '../../server/src/leases/leases';
import { TABLE } from '../../server/src/constants';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('leases', () => {
  let app: TestStrapi;
  /** Two instances' leases on one database (each take has a holder of its own anyway). */
  let one: Leases;
  let two: Leases;

  beforeAll(async () => {
    app = await startTestStrapi();
    const options = { durationMs: 600 };
    one = createLeases(app.strapi.db, options);
    two = createLeases(app.strapi.db, options);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is taken by one holder, refused to others while held, free again once released', async () => {
    const held = await one.take('drive:1');
    expect(held).not.toBeNull();
    expect(await two.take('drive:1')).toBeNull();
    expect(await one.take('drive:1')).toBeNull();
    expect(await two.isHeld('drive:1')).toBe(true);
    // Other names are other work.
    const other = await two.take('drive:2');
    expect(other).not.toBeNull();

    await held!.release();
    expect(await two.isHeld('drive:1')).toBe(false);
    const next = await two.take('drive:1');
    expect(next).not.toBeNull();
    await next!.release();
    await other!.release();
  });

  it('stays held past its duration while its holder renews it', async () => {
    const held = await one.take('drive:3');
    await sleep(1500);
    expect(held!.isHeld()).toBe(true);
    expect(await two.take('drive:3')).toBeNull();
    await held!.release();
  });

  it('is taken over once a holder that stopped renewing (a crashed instance) passes its expiry', async () => {
    // A claim is never renewed: it stands for a lease whose instance died holding it. Two seconds,
    // so the take right after it falls inside however busy the machine is.
    expect(await one.claimFor('drive:4', 2000)).toBe(true);
    expect(await two.take('drive:4')).toBeNull();
    await sleep(2500);
    expect(await two.isHeld('drive:4')).toBe(false);
    const taken = await two.take('drive:4');
    expect(taken).not.toBeNull();
    expect(await one.claimFor('drive:4', 400)).toBe(false);
    await taken!.release();
  });

  it('tells a holder whose lease was taken over while it was silent', async () => {
    const held = await one.take('drive:5');
    // The holder's row expires as if it had stopped renewing (its event loop stalled) ...
    await app.strapi.db.connection(TABLE.lease).where('name', 'drive:5').update({ expires_at: 0 });
    const taker = await two.take('drive:5');
    expect(taker).not.toBeNull();
    // ... and its next renewal finds the lease someone else's.
    await sleep(400);
    expect(held!.isHeld()).toBe(false);
    expect(taker!.isHeld()).toBe(true);
    // Releasing the lost lease leaves the taker's alone.
    await held!.release();
    expect(await one.isHeld('drive:5')).toBe(true);
    await taker!.release();
  });

  it('is given to exactly one of many holders asking at once', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).take('drive:6'))
    );
    const taken = attempts.filter(Boolean);
    expect(taken).toHaveLength(1);
    await taken[0]!.release();
  });

  it('waits for a held lease and takes it as soon as it is released', async () => {
    const held = await one.take('drive:7');
    let waited = false;
    const waiting = two.hold('drive:7').then((lease) => {
      waited = true;
      return lease;
    });
    await sleep(600);
    expect(waited).toBe(false);
    await held!.release();
    const lease = await waiting;
    expect(lease.isHeld()).toBe(true);
    await lease.release();

    // A wait gives up when its signal aborts (the runner is closing).
    const blocker = await one.take('drive:7');
    const closing = new AbortController();
    const abandoned = two.hold('drive:7', closing.signal);
    closing.abort();
    await expect(abandoned).rejects.toThrow();
    await blocker!.release();
  });
});
