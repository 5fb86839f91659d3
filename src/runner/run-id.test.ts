import { describe, expect, it } from 'vitest';

import { isValidRunId, newRunId } from './run-id.js';

describe('isValidRunId', () => {
  it.each(['20261204-7f3c9a', 'baseline', 'gpt-4o_v2.1', 'dystopiabench-49353f38e2a3'])('accepts %s', (id) => {
    expect(isValidRunId(id)).toBe(true);
  });

  it.each(['', 'bad id/with space', 'a/b', '..', '.hidden', '-flag', 'run:1', 'tab\there', 'é'])('rejects %j', (id) => {
    expect(isValidRunId(id)).toBe(false);
  });
});

describe('newRunId', () => {
  it('makes a valid id', () => {
    expect(isValidRunId(newRunId())).toBe(true);
    expect(newRunId()).toMatch(/^\d{8}-[0-9a-f]{6}$/);
  });
});
