import { describe, expect, it } from 'vitest';

import { shareStrings } from './share-strings.js';

describe('shareStrings', () => {
  it('returns the same value it is given', () => {
    const share = shareStrings();

    expect(share('openai:gpt-4o')).toBe('openai:gpt-4o');
    expect(share(null)).toBeNull();
    expect(share(undefined)).toBeUndefined();
  });

  it('starts afresh past its limit', () => {
    const share = shareStrings(2);
    share('a');
    share('b');

    expect(share('c')).toBe('c');
    expect(share('a')).toBe('a');
  });
});
