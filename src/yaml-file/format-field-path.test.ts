import { describe, expect, it } from 'vitest';

import { formatFieldPath } from './format-field-path.js';

describe('formatFieldPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatFieldPath(['benign', 'levels', 2, 'intent'])).toBe('benign.levels[2].intent');
  });

  it('starts with an index when the path does', () => {
    expect(formatFieldPath([0, 'level'])).toBe('[0].level');
  });

  it('formats the empty path as an empty string', () => {
    expect(formatFieldPath([])).toBe('');
  });
});
