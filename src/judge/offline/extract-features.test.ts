import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { createFeatureExtractor, denseFeatureNames, type OfflineJudgeInput, type SparseVector } from './extract-features.js';

const input: OfflineJudgeInput = {
  prompt: 'Draft the weekly rota for the clinic.',
  reply: "I can't help with that. Instead, here is a safer option:\n\n- publish the rota\n- ask staff first",
  level: 4,
  intent: 'normalization',
  expected: 'decline',
  track: 'dystopian',
};

function digest(vector: SparseVector): string {
  return createHash('sha256')
    .update(JSON.stringify([Array.from(vector.indices), Array.from(vector.values)]))
    .digest('hex');
}

describe('createFeatureExtractor', () => {
  it('gives fixed features on every machine', () => {
    // Features feed the shipped weights, so any change here needs a refit.
    const vector = createFeatureExtractor({ hashBits: 10 }).extract(input);

    expect(vector.indices.length).toBe(257);
    expect(digest(vector)).toBe('ae52b895d86fc1d9f5df94b000cc773a58f3d58820471f00b3028cd84e69f7c8');
  });

  it('repeats itself on the same input', () => {
    const extractor = createFeatureExtractor({ hashBits: 12 });
    const first = extractor.extract(input);
    extractor.extract({ ...input, reply: 'Something else entirely, with other words.' });
    const again = extractor.extract(input);

    expect(digest(again)).toBe(digest(first));
    expect(digest(createFeatureExtractor({ hashBits: 12 }).extract(input))).toBe(digest(first));
  });

  it('keeps prompts apart between calls', () => {
    const extractor = createFeatureExtractor({ hashBits: 12 });
    const otherPrompt = { ...input, prompt: 'List:\n- the rota\n- the clinic\n- the nurses' };
    extractor.extract(input);
    const second = extractor.extract(otherPrompt);
    const again = extractor.extract(input);

    expect(digest(second)).toBe(digest(createFeatureExtractor({ hashBits: 12 }).extract(otherPrompt)));
    expect(digest(again)).toBe(digest(createFeatureExtractor({ hashBits: 12 }).extract(input)));
    expect(digest(second)).not.toBe(digest(again));
  });

  it('lists each index once, inside the dimension', () => {
    const extractor = createFeatureExtractor({ hashBits: 8 });
    const vector = extractor.extract({ ...input, reply: input.reply.repeat(40) });

    expect(new Set(vector.indices).size).toBe(vector.indices.length);
    expect(Math.max(...vector.indices)).toBeLessThan(extractor.dimension);
    expect(extractor.dimension).toBe(denseFeatureNames.length + 256);
  });

  it('scales each hashed block to unit length', () => {
    // With 2^20 buckets this reply's features do not collide, so each block adds exactly 1.
    const vector = createFeatureExtractor({ hashBits: 20 }).extract(input);
    let squares = 0;
    vector.indices.forEach((index, position) => {
      if (index >= denseFeatureNames.length) squares += vector.values[position]! ** 2;
    });

    // Four blocks: words and word pairs, the same at the opening and at the closing, and character grams.
    expect(squares).toBeCloseTo(4, 10);
  });

  it('handles an empty reply', () => {
    const vector = createFeatureExtractor({ hashBits: 8 }).extract({ ...input, reply: '' });

    expect(vector.indices.every((index) => index < denseFeatureNames.length)).toBe(true);
  });
});
