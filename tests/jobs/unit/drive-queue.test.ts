import { createDriveQueue } from '../../../server/src/jobs/drive-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('in-process drive queue', () => {
  it('queues exactly one follow-up during a run, merges the rest, never two at once per drive', async () => {
    const gates = [deferred(), deferred()];
    const calls: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const runner = createDriveQueue(
      async (driveId, trigger) => {
        const index = calls.push(`${driveId}:${trigger}`) - 1;
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await gates[index].promise;
        concurrent -= 1;
        return index;
      },
      { concurrency: 4 }
    );
    const first = runner.request(1, 'manual');
    // Requested while the first runs: one follow-up, which every later request joins.
    const followUp = runner.request(1, 'manual');
    expect(runner.request(1, 'manual')).toBe(followUp);
    expect(runner.request(1, 'schedule')).toBe(followUp);
    expect(followUp).not.toBe(first);
    gates[0].resolve();
    expect(await first).toBe(0);
    gates[1].resolve();
    expect(await followUp).toBe(1);
    expect(calls).toEqual(['1:manual', '1:manual']);
    expect(maxConcurrent).toBe(1);
  });

  it('puts a run that gives its slot up behind the drives waiting, and answers with its end', async () => {
    const order: string[] = [];
    let parts = 0;
    const runner = createDriveQueue(
      async (driveId, _trigger, slot) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        // Drive 1 is a long first sync: it yields whenever another drive waits (three times at most).
        if (driveId === 1 && parts < 3 && slot?.othersWaiting()) {
          order.push(`1:part${(parts += 1)}`);
          return { driveId, yielded: true };
        }
        order.push(`${driveId}`);
        return { driveId, yielded: false };
      },
      { concurrency: 1 }
    );
    const long = runner.request(1, 'connect');
    const others = [2, 3].map((driveId) => runner.request(driveId, 'schedule'));
    // Whoever waits for the long run gets its final answer, not a part.
    expect(await long).toEqual({ driveId: 1, yielded: false });
    await Promise.all(others);
    // The yield put drive 1 behind both drives that waited; with nobody waiting any more, it went
    // on to its end.
    expect(order).toEqual(['1:part1', '2', '3', '1']);
  });

  it('limits how many drives sync at once', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const runner = createDriveQueue(
      async () => {
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 20));
        concurrent -= 1;
      },
      { concurrency: 2 }
    );
    await Promise.all([1, 2, 3, 4, 5].map((driveId) => runner.request(driveId, 'schedule')));
    expect(maxConcurrent).toBe(2);
  });
});
