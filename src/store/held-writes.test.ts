import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HeldWrites, type HeldWrite } from './held-writes.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const groups: string[][] = [];
  const events: string[] = [];
  const write = (name: string): HeldWrite => ({
    write: () => events.push(`write ${name}`),
    written: () => events.push(`written ${name}`),
    failed: () => events.push(`failed ${name}`),
  });
  return { groups, events, write };
}

/** Held writes whose every group fails, as on a full disk. */
function failingHeldWrites(): HeldWrites {
  return new HeldWrites({
    windowMs: 50,
    limit: 10,
    writeAll: () => {
      throw new Error('disk full');
    },
  });
}

describe('HeldWrites', () => {
  it('hands the writes over together once the window has passed', () => {
    const { groups, write } = recorder();
    const heldWrites = new HeldWrites({
      windowMs: 50,
      limit: 10,
      writeAll: (writes) => groups.push(writes.map((_, index) => `#${index}`)),
    });
    heldWrites.add(write('a'));
    vi.advanceTimersByTime(30);
    heldWrites.add(write('b'));

    vi.advanceTimersByTime(19);
    expect(groups).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(groups).toEqual([['#0', '#1']]);
    expect(heldWrites.size).toBe(0);
  });

  it('hands them over at once when the limit is reached', () => {
    const { groups, write } = recorder();
    const heldWrites = new HeldWrites({ windowMs: 50, limit: 2, writeAll: (writes) => groups.push(writes.map((_, index) => `#${index}`)) });
    heldWrites.add(write('a'));
    heldWrites.add(write('b'));

    expect(groups).toEqual([['#0', '#1']]);
    heldWrites.add(write('c'));
    vi.advanceTimersByTime(50);
    expect(groups).toEqual([['#0', '#1'], ['#0']]);
  });

  it('calls written once the group is written', () => {
    const { events, write } = recorder();
    const heldWrites = new HeldWrites({ windowMs: 50, limit: 10, writeAll: (writes) => writes.forEach((entry) => entry.write()) });
    heldWrites.add(write('a'));
    heldWrites.add(write('b'));
    heldWrites.flush();

    expect(events).toEqual(['write a', 'write b', 'written a', 'written b']);
  });

  it('calls failed and throws when a group fails', () => {
    const { events, write } = recorder();
    const heldWrites = failingHeldWrites();
    heldWrites.add(write('a'));
    heldWrites.add(write('b'));

    expect(() => heldWrites.flush()).toThrow('disk full');
    expect(events).toEqual(['failed a', 'failed b']);
    expect(heldWrites.size).toBe(0);
  });

  it('keeps a failure in the timer from escaping', () => {
    const { events, write } = recorder();
    const heldWrites = failingHeldWrites();
    heldWrites.add(write('a'));

    expect(() => vi.advanceTimersByTime(50)).not.toThrow();
    expect(events).toEqual(['failed a']);
  });

  it('does nothing on flush with nothing held', () => {
    const writeAll = vi.fn();
    new HeldWrites({ windowMs: 50, limit: 10, writeAll }).flush();

    expect(writeAll).not.toHaveBeenCalled();
  });
});
