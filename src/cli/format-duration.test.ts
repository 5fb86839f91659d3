import { describe, expect, it } from 'vitest';

import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    { id: 'zero', milliseconds: 0, expected: '0ms' },
    { id: 'milliseconds', milliseconds: 850, expected: '850ms' },
    { id: 'rounded-milliseconds', milliseconds: 999.4, expected: '999ms' },
    { id: 'rounds-up-to-a-second', milliseconds: 999.6, expected: '1s' },
    { id: 'one-second', milliseconds: 1000, expected: '1s' },
    { id: 'seconds', milliseconds: 42_000, expected: '42s' },
    { id: 'below-a-minute', milliseconds: 59_499, expected: '59s' },
    { id: 'rounds-up-to-a-minute', milliseconds: 59_500, expected: '1m00s' },
    { id: 'minutes', milliseconds: 372_000, expected: '6m12s' },
    { id: 'below-an-hour', milliseconds: 3_599_000, expected: '59m59s' },
    { id: 'one-hour', milliseconds: 3_600_000, expected: '1h00m' },
    { id: 'hours', milliseconds: 7_500_000, expected: '2h05m' },
    { id: 'a-day', milliseconds: 86_400_000, expected: '24h00m' },
  ])('formats $id', ({ milliseconds, expected }) => {
    expect(formatDuration(milliseconds)).toBe(expected);
  });
});
