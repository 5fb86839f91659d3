import { describe, expect, it } from 'vitest';

import { findDeepNesting, maxYamlDepth } from './find-deep-nesting.js';

function blockSequence(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- `).join('\n');
}

describe('findDeepNesting', () => {
  it('accepts nesting at the limit', () => {
    expect(findDeepNesting('['.repeat(maxYamlDepth) + ']'.repeat(maxYamlDepth))).toBeUndefined();
  });

  it('finds flow nesting past the limit', () => {
    expect(findDeepNesting('['.repeat(maxYamlDepth + 1) + ']'.repeat(maxYamlDepth + 1))).toBe(maxYamlDepth);
  });

  it('finds block nesting past the limit', () => {
    expect(findDeepNesting(blockSequence(maxYamlDepth + 1))).toBeGreaterThan(0);
    expect(findDeepNesting(blockSequence(maxYamlDepth))).toBeUndefined();
  });

  it('counts collections used as keys', () => {
    expect(findDeepNesting(`${'? '.repeat(maxYamlDepth + 1)}a`)).toBeDefined();
  });

  it('reads a scenario-shaped file', () => {
    expect(findDeepNesting('id: a\nlevels:\n  - level: 1\n    prompt: "x"\n')).toBeUndefined();
  });

  it('walks 100,000 levels without recursion', () => {
    expect(findDeepNesting('['.repeat(100_000), 200_000)).toBeUndefined();
  });
});
