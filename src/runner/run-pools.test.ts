import { describe, expect, it } from 'vitest';
import { runPools } from './run-pools.js';

/** Work that records how many items run at once, in all and per queue, and ends on the next timer. */
function recordingWork() {
  const running = new Map<string, number>();
  let total = 0;
  const peak = { total: 0, byQueue: new Map<string, number>() };
  const order: string[] = [];
  const work = async (item: string) => {
    const queue = item.charAt(0);
    order.push(item);
    total++;
    running.set(queue, (running.get(queue) ?? 0) + 1);
    peak.total = Math.max(peak.total, total);
    peak.byQueue.set(queue, Math.max(peak.byQueue.get(queue) ?? 0, running.get(queue)!));
    await new Promise((resolve) => setTimeout(resolve, 1));
    total--;
    running.set(queue, running.get(queue)! - 1);
  };
  return { work, peak, order };
}

describe('runPools', () => {
  it('runs every item once, in each queue order', async () => {
    const { work, order } = recordingWork();
    const queues = [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ];
    await runPools({ queues, size: 2, sizePerQueue: 2, work });
    expect([...order].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(order.filter((item) => item.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps to the total and per-queue sizes', async () => {
    const { work, peak } = recordingWork();
    const queues = ['a', 'b', 'c'].map((queue) => Array.from({ length: 20 }, (_, index) => `${queue}${index}`));
    await runPools({ queues, size: 6, sizePerQueue: 4, work });
    expect(peak.total).toBe(6);
    for (const queue of ['a', 'b', 'c']) expect(peak.byQueue.get(queue)).toBeLessThanOrEqual(4);
  });

  it('shares places between queues that have work', async () => {
    const { work, order } = recordingWork();
    const queues = ['a', 'b'].map((queue) => Array.from({ length: 4 }, (_, index) => `${queue}${index}`));
    await runPools({ queues, size: 2, sizePerQueue: 2, work });
    expect(order.slice(0, 2).sort()).toEqual(['a0', 'b0']);
  });

  it('gives the last queue every place up to its size', async () => {
    const { work, peak } = recordingWork();
    const queues = [['a0'], Array.from({ length: 10 }, (_, index) => `b${index}`)];
    await runPools({ queues, size: 4, sizePerQueue: 3, work });
    expect(peak.byQueue.get('b')).toBe(3);
  });

  it('resolves at once without items', async () => {
    const { work, order } = recordingWork();
    await runPools({ queues: [[], []], size: 4, sizePerQueue: 4, work });
    expect(order).toEqual([]);
  });
});
