import { describe, expect, it } from 'vitest';
import { parametersText } from '../../site/src/parameters-text.js';

describe('parametersText', () => {
  it('replaces an imported run’s limits', () => {
    expect(parametersText({ concurrency: 8, timeoutMs: 120_000 }, 'results.json')).toBe('not applicable: imported from results.json');
  });

  it('shows a run’s own limits as JSON', () => {
    expect(parametersText({ concurrency: 8 }, undefined)).toBe('{\n  "concurrency": 8\n}');
  });

  it('says when no limits were recorded', () => {
    expect(parametersText({}, undefined)).toBe('none recorded');
  });
});
