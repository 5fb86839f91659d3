import { getEventListeners } from 'node:events';

import { describe, expect, it } from 'vitest';

import { CallScheduler } from './call-scheduler.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await Promise.resolve();
}

/**
 * Wraps a scheduler and records, for each call it queues, when the task started, and the
 * highest number of tasks that ran at once, in total and per key.
 */
function observe(scheduler: CallScheduler) {
  const running = new Map<string, number>();
  const maxByKey = new Map<string, number>();
  const started: string[] = [];
  let runningTotal = 0;
  let maxTotal = 0;

  const queue = (name: string, { key, priority, signal }: { key: string; priority?: number; signal?: AbortSignal }) => {
    const gate = deferred();
    const result = scheduler.run({ key, priority, signal }, async () => {
      started.push(name);
      runningTotal++;
      running.set(key, (running.get(key) ?? 0) + 1);
      maxTotal = Math.max(maxTotal, runningTotal);
      maxByKey.set(key, Math.max(maxByKey.get(key) ?? 0, running.get(key)!));
      try {
        await gate.promise;
        return name;
      } finally {
        runningTotal--;
        running.set(key, running.get(key)! - 1);
      }
    });
    return { result, release: () => gate.resolve(), fail: (error: unknown) => gate.reject(error) };
  };

  return { queue, started, maxByKey, maxTotal: () => maxTotal };
}

describe('CallScheduler', () => {
  it('respects the global limit', async () => {
    const scheduler = new CallScheduler({ concurrency: 2 });
    const probe = observe(scheduler);

    const calls = ['a', 'b', 'c', 'd', 'e'].map((name) => probe.queue(name, { key: 'model' }));
    await settle();

    expect(probe.started).toEqual(['a', 'b']);
    expect(scheduler.activeCount).toBe(2);
    expect(scheduler.pendingCount).toBe(3);

    for (const call of calls) {
      call.release();
      await settle();
    }
    expect(await Promise.all(calls.map((call) => call.result))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(probe.maxTotal()).toBe(2);
    expect(scheduler.activeCount).toBe(0);
    expect(scheduler.pendingCount).toBe(0);
  });

  it('respects the per-key limit', async () => {
    const scheduler = new CallScheduler({ concurrency: 4, perKeyConcurrency: 1 });
    const probe = observe(scheduler);

    const calls = ['a1', 'a2', 'a3', 'b1', 'b2'].map((name) => probe.queue(name, { key: name[0]! }));
    await settle();

    expect(probe.started).toEqual(['a1', 'b1']);
    expect(scheduler.activeCount).toBe(2);

    for (const call of calls) {
      call.release();
      await settle();
    }
    await Promise.all(calls.map((call) => call.result));
    expect(probe.maxByKey.get('a')).toBe(1);
    expect(probe.maxByKey.get('b')).toBe(1);
  });

  it('caps the per-key limit at the global limit', async () => {
    const scheduler = new CallScheduler({ concurrency: 2, perKeyConcurrency: 5 });
    const probe = observe(scheduler);

    const calls = ['a', 'b', 'c'].map((name) => probe.queue(name, { key: 'model' }));
    await settle();

    expect(probe.started).toEqual(['a', 'b']);
    for (const call of calls) call.release();
    await Promise.all(calls.map((call) => call.result));
  });

  it('keeps both limits under a mixed load', async () => {
    const scheduler = new CallScheduler({ concurrency: 3, perKeyConcurrency: 2 });
    const running = new Map<string, number>();
    let runningTotal = 0;
    let maxTotal = 0;
    let maxPerKey = 0;

    const calls = Array.from({ length: 40 }, (_, index) => {
      const key = `model-${index % 4}`;
      return scheduler.run({ key, priority: index % 3 }, async () => {
        runningTotal++;
        running.set(key, (running.get(key) ?? 0) + 1);
        maxTotal = Math.max(maxTotal, runningTotal);
        maxPerKey = Math.max(maxPerKey, running.get(key)!);
        // Durations vary by index so that calls finish out of order.
        await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
        runningTotal--;
        running.set(key, running.get(key)! - 1);
        return index;
      });
    });

    const results = await Promise.all(calls);
    expect(results).toEqual(Array.from({ length: 40 }, (_, index) => index));
    expect(maxTotal).toBe(3);
    expect(maxPerKey).toBe(2);
  });

  it('never blocks on a saturated key', async () => {
    const scheduler = new CallScheduler({ concurrency: 3, perKeyConcurrency: 1 });
    const probe = observe(scheduler);

    const slow = probe.queue('slow-1', { key: 'slow' });
    const waiting = probe.queue('slow-2', { key: 'slow', priority: 10 });
    const other = probe.queue('fast-1', { key: 'fast' });
    await settle();

    expect(probe.started).toEqual(['slow-1', 'fast-1']);

    other.release();
    expect(await other.result).toBe('fast-1');
    expect(probe.started).not.toContain('slow-2');

    slow.release();
    await settle();
    expect(probe.started).toContain('slow-2');
    waiting.release();
    await waiting.result;
  });

  it('starts higher priority first', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);

    const blocker = probe.queue('blocker', { key: 'model' });
    const calls = [
      probe.queue('low', { key: 'model', priority: 0 }),
      probe.queue('high', { key: 'model', priority: 5 }),
      probe.queue('middle', { key: 'model', priority: 1 }),
    ];
    await settle();
    blocker.release();
    for (const call of [calls[1]!, calls[2]!, calls[0]!]) {
      await settle();
      call.release();
    }
    await Promise.all(calls.map((call) => call.result));

    expect(probe.started).toEqual(['blocker', 'high', 'middle', 'low']);
  });

  it('keeps arrival order within a priority', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);

    const blocker = probe.queue('blocker', { key: 'model', priority: 3 });
    const calls = ['first', 'second', 'third'].map((name) => probe.queue(name, { key: 'model', priority: 3 }));
    await settle();
    blocker.release();
    for (const call of calls) {
      await settle();
      call.release();
    }
    await Promise.all(calls.map((call) => call.result));

    expect(probe.started).toEqual(['blocker', 'first', 'second', 'third']);
  });

  it('orders keys by priority, then arrival', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);

    const blocker = probe.queue('blocker', { key: 'c' });
    const older = probe.queue('a-low', { key: 'a', priority: 0 });
    const newer = probe.queue('b-low', { key: 'b', priority: 0 });
    const urgent = probe.queue('b-high', { key: 'b', priority: 3 });
    await settle();
    blocker.release();
    for (const call of [urgent, older, newer]) {
      await settle();
      call.release();
    }
    await Promise.all([older.result, newer.result, urgent.result]);

    expect(probe.started).toEqual(['blocker', 'b-high', 'a-low', 'b-low']);
  });

  it('rejects at once when already aborted', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const reason = new Error('stopped before the call');
    let ran = false;

    const result = scheduler.run({ key: 'model', signal: AbortSignal.abort(reason) }, async () => {
      ran = true;
    });

    await expect(result).rejects.toBe(reason);
    expect(ran).toBe(false);
    expect(scheduler.activeCount).toBe(0);
    expect(scheduler.pendingCount).toBe(0);
  });

  it('rejects a waiting call on abort', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);
    const controller = new AbortController();
    const reason = new Error('model stopped');

    const holder = probe.queue('holder', { key: 'model' });
    const aborted = probe.queue('aborted', { key: 'model', signal: controller.signal });
    await settle();
    controller.abort(reason);

    await expect(aborted.result).rejects.toBe(reason);
    expect(probe.started).toEqual(['holder']);
    expect(scheduler.pendingCount).toBe(0);
    holder.release();
    await holder.result;
  });

  it('frees no slot when a waiting call aborts', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);
    const controller = new AbortController();

    const holder = probe.queue('holder', { key: 'model' });
    const aborted = probe.queue('aborted', { key: 'model', signal: controller.signal });
    const next = probe.queue('next', { key: 'model' });
    await settle();
    controller.abort(new Error('stop'));
    await aborted.result.catch(() => undefined);
    await settle();

    expect(scheduler.activeCount).toBe(1);
    expect(probe.started).toEqual(['holder']);

    holder.release();
    await settle();
    expect(probe.started).toEqual(['holder', 'next']);
    next.release();
    await next.result;
    expect(probe.maxTotal()).toBe(1);
  });

  it('ignores an abort after the start', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);
    const controller = new AbortController();

    const call = probe.queue('running', { key: 'model', signal: controller.signal });
    await settle();
    controller.abort(new Error('too late'));
    call.release();

    expect(await call.result).toBe('running');
    await settle();
    expect(scheduler.activeCount).toBe(0);
  });

  it('leaves no abort listener behind', async () => {
    const scheduler = new CallScheduler({ concurrency: 2 });
    const probe = observe(scheduler);
    const signal = new AbortController().signal;

    // More calls than EventTarget's default warning limit of 10, waiting and running.
    const calls = Array.from({ length: 12 }, (_, index) => probe.queue(`call-${index}`, { key: 'model', signal }));
    for (const call of calls) call.release();
    await Promise.all(calls.map((call) => call.result));

    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('listens once per signal for waiting calls', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);
    const controller = new AbortController();
    const reason = new Error('run stopped');

    const holder = probe.queue('holder', { key: 'model' });
    const waiting = Array.from({ length: 50 }, (_, index) => probe.queue(`call-${index}`, { key: 'model', signal: controller.signal }));
    await settle();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);

    controller.abort(reason);
    for (const call of waiting) await expect(call.result).rejects.toBe(reason);
    expect(scheduler.pendingCount).toBe(0);
    expect(probe.started).toEqual(['holder']);
    holder.release();
    await holder.result;
  });

  it('frees the slot of a failed task', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const probe = observe(scheduler);
    const failure = new Error('HTTP 500');

    const failing = probe.queue('failing', { key: 'model' });
    const next = probe.queue('next', { key: 'model' });
    await settle();
    failing.fail(failure);

    await expect(failing.result).rejects.toBe(failure);
    await settle();
    expect(probe.started).toEqual(['failing', 'next']);
    next.release();
    expect(await next.result).toBe('next');
  });

  it('frees the slot of a task that throws synchronously', async () => {
    const scheduler = new CallScheduler({ concurrency: 1 });
    const failure = new Error('thrown before any await');
    const throwing = (): Promise<string> => {
      throw failure;
    };

    await expect(scheduler.run({ key: 'model' }, throwing)).rejects.toBe(failure);
    await settle();
    expect(scheduler.activeCount).toBe(0);
    expect(await scheduler.run({ key: 'model' }, async () => 'next')).toBe('next');
  });
});
