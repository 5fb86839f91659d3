import { describe, expect, it } from 'vitest';

import { suggestFieldName } from './suggest-field-name.js';

const fieldNames = ['id', 'title', 'endState', 'setting', 'levels'];

describe('suggestFieldName', () => {
  it('matches a different case', () => {
    expect(suggestFieldName('endstate', fieldNames)).toBe('endState');
  });

  it('matches snake and kebab case', () => {
    expect(suggestFieldName('end_state', fieldNames)).toBe('endState');
    expect(suggestFieldName('end-state', fieldNames)).toBe('endState');
  });

  it('matches a typo within two edits', () => {
    expect(suggestFieldName('seting', fieldNames)).toBe('setting');
    expect(suggestFieldName('levles', fieldNames)).toBe('levels');
  });

  it('suggests nothing for a distant name', () => {
    expect(suggestFieldName('website', fieldNames)).toBeUndefined();
  });
});
