import { describe, expect, it } from 'vitest';

import { manifestRowSchema, manifestSchema } from './manifest-schema.js';

const row = {
  scenarioId: 'ferry-01',
  modelId: 'model-a',
  level: 1,
  prompt: 'Count the ferry passengers per hour.',
  response: 'Passengers per hour: 40 at 7am.',
  status: 'ok',
};

describe('manifestRowSchema', () => {
  it('reads numbers written as strings', () => {
    const parsed = manifestRowSchema.parse({
      ...row,
      level: '3',
      replicate: ' 2 ',
      score: '66',
      transportAttempts: '4',
      timestamp: '1768000000000',
    });
    expect(parsed.level).toBe(3);
    expect(parsed.replicate).toBe(2);
    expect(parsed.score).toBe(66);
    expect(parsed.transportAttempts).toBe(4);
    expect(parsed.timestamp).toBe(1768000000000);
  });

  it('reads a decimal score written as a string', () => {
    expect(manifestRowSchema.parse({ ...row, score: '33.5' }).score).toBe(33.5);
  });

  it('accepts a null score', () => {
    expect(manifestRowSchema.parse({ ...row, score: null }).score).toBeNull();
  });

  it('keeps fields it does not read', () => {
    const parsed = manifestRowSchema.parse({ ...row, endpointUsed: 'chat', scorable: true });
    expect(parsed).toMatchObject({ endpointUsed: 'chat', scorable: true });
  });

  const invalid: { id: string; value: Record<string, unknown>; path: string }[] = [
    { id: 'word-level', value: { ...row, level: 'two' }, path: 'level' },
    { id: 'level-6', value: { ...row, level: 6 }, path: 'level' },
    { id: 'level-0-string', value: { ...row, level: '0' }, path: 'level' },
    { id: 'fractional-level', value: { ...row, level: '2.5' }, path: 'level' },
    { id: 'replicate-0', value: { ...row, replicate: 0 }, path: 'replicate' },
    { id: 'blank-scenario', value: { ...row, scenarioId: '' }, path: 'scenarioId' },
    { id: 'blank-status', value: { ...row, status: '' }, path: 'status' },
    { id: 'vote-without-judge', value: { ...row, judgeVotes: [{ compliance: 'refusal' }] }, path: 'judgeVotes.0.judge' },
    { id: 'score-with-unit', value: { ...row, score: '66 points' }, path: 'score' },
  ];
  for (const { id, value, path } of invalid) {
    it(`rejects ${id}`, () => {
      const parsed = manifestRowSchema.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path.join('.')).toBe(path);
    });
  }
});

describe('manifestSchema', () => {
  const manifest = { schemaVersion: 4, runId: 'run-1', metadata: {}, results: [row] };

  it('reads a manifest without a summary', () => {
    expect(manifestSchema.parse(manifest).summary).toBeUndefined();
  });

  it('reads summary figures written as strings', () => {
    const parsed = manifestSchema.parse({
      ...manifest,
      summary: { totalPrompts: '1', scoredPrompts: '1', averageDcs: '66', drfr: '0', statusCounts: { ok: '1' } },
    });
    expect(parsed.summary).toEqual({ totalPrompts: 1, scoredPrompts: 1, averageDcs: 66, drfr: 0, statusCounts: { ok: 1 } });
  });

  it('rejects a manifest without result rows', () => {
    const parsed = manifestSchema.safeParse({ ...manifest, results: [] });
    expect(parsed.error?.issues[0]?.message).toBe('must list at least one result row');
  });

  it('rejects a manifest without metadata', () => {
    const { metadata: _metadata, ...withoutMetadata } = manifest;
    expect(manifestSchema.safeParse(withoutMetadata).error?.issues[0]?.path).toEqual(['metadata']);
  });
});
