import { describe, expect, it } from 'vitest';

import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it.each([
    { count: 0, expected: '0 turns' },
    { count: 1, expected: '1 turn' },
    { count: 2, expected: '2 turns' },
  ])('writes $expected', ({ count, expected }) => {
    expect(formatCount(count, 'turn')).toBe(expected);
  });

  it('takes an irregular plural', () => {
    expect(formatCount(2, 'reply', 'replies')).toBe('2 replies');
  });
});
