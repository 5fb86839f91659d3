import { describe, expect, it } from 'vitest';

import { assignGroupFolds } from './assign-group-folds.js';

describe('assignGroupFolds', () => {
  it('deals sorted groups round robin', () => {
    const groups = ['kimi', 'claude', 'grok', 'deepseek', 'glm', 'claude'];

    // Sorted: claude 0, deepseek 1, glm 2, grok 0, kimi 1.
    expect(Array.from(assignGroupFolds({ groups, foldCount: 3 }))).toEqual([1, 0, 0, 1, 2, 0]);
  });

  it('keeps every group in one fold', () => {
    const groups = Array.from({ length: 40 }, (_, index) => `model-${index % 7}`);
    const folds = assignGroupFolds({ groups, foldCount: 3 });

    for (const name of new Set(groups)) {
      const foldsOfGroup = new Set(groups.flatMap((group, row) => (group === name ? [folds[row]] : [])));
      expect(foldsOfGroup.size).toBe(1);
    }
    expect(new Set(folds).size).toBe(3);
  });

  it('rejects fewer groups than folds', () => {
    expect(() => assignGroupFolds({ groups: ['a', 'b', 'a'], foldCount: 3 })).toThrow(/at least 3 groups/);
  });

  it('rejects a single fold', () => {
    expect(() => assignGroupFolds({ groups: ['a', 'b'], foldCount: 1 })).toThrow(/from 2 up/);
  });
});
