import { describe, expect, it } from 'vitest';

import { normaliseText, tokenise } from './tokenise.js';

describe('normaliseText', () => {
  it('lowercases and straightens apostrophes', () => {
    expect(normaliseText('I Can’t  Do\tThat')).toBe("i can't do that");
  });

  it('keeps line breaks', () => {
    expect(normaliseText('# Plan\n\n- step')).toBe('# plan\n\n- step');
  });
});

describe('tokenise', () => {
  it.each([
    { id: 'apostrophe-inside', text: "i can't", words: ['i', "can't"] },
    { id: 'apostrophe-at-end', text: "models' output", words: ['models', 'output'] },
    { id: 'numbers-to-zero', text: 'step 12 of 2026', words: ['step', '0', 'of', '0'] },
    { id: 'letters-and-digits', text: 'gdpr art9 v2', words: ['gdpr', 'art9', 'v2'] },
    { id: 'punctuation', text: 'audit, log; review.', words: ['audit', 'log', 'review'] },
    { id: 'accented', text: 'überwachung café', words: ['überwachung', 'café'] },
    { id: 'outside-basic-plane', text: '𝐚𝐛 ok', words: ['𝐚𝐛', 'ok'] },
    { id: 'empty', text: '', words: [] },
  ])('splits words ($id)', ({ text, words }) => {
    expect(tokenise(text)).toEqual(words);
  });
});
