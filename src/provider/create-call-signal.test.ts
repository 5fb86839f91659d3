import { getEventListeners } from 'node:events';

import { describe, expect, it } from 'vitest';
import { createCallSignal } from './create-call-signal.js';

describe('createCallSignal', () => {
  it('passes the caller signal through without a timeout', () => {
    const caller = new AbortController();
    const call = createCallSignal({ signal: caller.signal });
    expect(call.signal).toBe(caller.signal);
    expect(call.timedOut()).toBe(false);
  });

  it('aborts with the caller reason', () => {
    const caller = new AbortController();
    const call = createCallSignal({ signal: caller.signal, timeoutMs: 60_000 });
    caller.abort(new Error('stopped'));
    expect(call.signal?.aborted).toBe(true);
    expect((call.signal?.reason as Error).message).toBe('stopped');
    expect(call.timedOut()).toBe(false);
    call.dispose();
  });

  it('starts aborted when the caller signal is', () => {
    const call = createCallSignal({ signal: AbortSignal.abort('gone'), timeoutMs: 60_000 });
    expect(call.signal?.aborted).toBe(true);
    expect(call.signal?.reason).toBe('gone');
    call.dispose();
  });

  it('aborts with a TimeoutError once the timeout passes', async () => {
    const call = createCallSignal({ signal: new AbortController().signal, timeoutMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(call.timedOut()).toBe(true);
    expect((call.signal?.reason as DOMException).name).toBe('TimeoutError');
  });

  it('ignores the caller after dispose', async () => {
    const caller = new AbortController();
    const call = createCallSignal({ signal: caller.signal, timeoutMs: 5 });
    call.dispose();
    caller.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(call.signal?.aborted).toBe(false);
    expect(call.timedOut()).toBe(false);
  });

  it('shares one listener among calls', () => {
    const caller = new AbortController();
    const calls = Array.from({ length: 20 }, () => createCallSignal({ signal: caller.signal, timeoutMs: 60_000 }));
    calls[0]!.dispose();
    caller.abort(new Error('stopped'));

    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(calls[0]!.signal?.aborted).toBe(false);
    expect(calls.slice(1).every((call) => call.signal?.aborted)).toBe(true);
    for (const call of calls) call.dispose();
  });

  it('adds one listener for many calls in flight', () => {
    const caller = new AbortController();
    const calls = Array.from({ length: 20 }, () => createCallSignal({ signal: caller.signal, timeoutMs: 60_000 }));

    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    for (const call of calls) call.dispose();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
