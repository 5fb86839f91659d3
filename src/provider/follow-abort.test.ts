import { getEventListeners } from 'node:events';

import { describe, expect, it } from 'vitest';

import { followAbort } from './follow-abort.js';

describe('followAbort', () => {
  it('shares one listener among followers', () => {
    const controller = new AbortController();
    const unfollows = Array.from({ length: 20 }, () => followAbort(controller.signal, () => {}));

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const unfollow of unfollows) unfollow();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('calls each remaining follower once', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    followAbort(controller.signal, () => calls.push('first'));
    const unfollow = followAbort(controller.signal, () => calls.push('gone'));
    followAbort(controller.signal, () => calls.push('last'));
    unfollow();
    controller.abort();
    controller.abort();

    expect(calls).toEqual(['first', 'last']);
  });

  it('keeps a function that follows twice', () => {
    const controller = new AbortController();
    let count = 0;
    const onAbort = () => count++;
    const unfollow = followAbort(controller.signal, onAbort);
    followAbort(controller.signal, onAbort);
    unfollow();
    controller.abort();

    expect(count).toBe(1);
  });

  it('ignores an unfollow after the abort', () => {
    const controller = new AbortController();
    const unfollow = followAbort(controller.signal, () => {});
    controller.abort();

    expect(() => unfollow()).not.toThrow();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
