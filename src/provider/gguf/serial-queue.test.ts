import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

/** Creates a promise with its resolve function, for tasks that finish when the test decides. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('SerialQueue', () => {
  it('runs tasks one at a time', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];

    const runs = gates.map((gate, index) =>
      queue.run(async () => {
        log.push(`start ${index}`);
        await gate.promise;
        log.push(`end ${index}`);
        return index;
      }),
    );
    gates[2]!.resolve();
    gates[1]!.resolve();
    gates[0]!.resolve();

    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('lets waiting task abort', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const first = deferred();
    const controller = new AbortController();
    const reason = new Error('gave up');

    const running = queue.run(async () => {
      await first.promise;
      log.push('first');
    });
    const abandoned = queue.run(async () => log.push('abandoned'), controller.signal);
    const third = queue.run(async () => log.push('third'));
    controller.abort(reason);

    await expect(abandoned).rejects.toBe(reason);
    expect(log).toEqual([]);
    first.resolve();
    await running;
    await third;
    expect(log).toEqual(['first', 'third']);
  });

  it('continues after failed task', async () => {
    const queue = new SerialQueue();

    const failing = queue.run(async () => {
      throw new Error('broken');
    });
    const next = queue.run(async () => 'ran');

    await expect(failing).rejects.toThrow('broken');
    expect(await next).toBe('ran');
  });
});
