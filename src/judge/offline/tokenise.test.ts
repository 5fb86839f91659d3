import { describe, expect, it } from 'vitest';

import { normaliseText, tokenise } from './tokenise.js';

describe('normaliseText', () => {
  it('lowercases and straightens apostrophes', () => {
    expect(normaliseText('I Can’t  Do\tThat')).toBe("i can't do that");
  });

  it.each([
    { id: 'single-space', text: 'a b', normalised: 'a b' },
    { id: 'double-space', text: 'a  b', normalised: 'a b' },
    { id: 'lone-tab', text: 'a\tb', normalised: 'a b' },
    { id: 'space-then-tab', text: 'a \t b', normalised: 'a b' },
    { id: 'tab-then-spaces', text: '\t  a', normalised: ' a' },
    { id: 'other-blanks-kept', text: 'a\u00a0 b\n\nc', normalised: 'a\u00a0 b\n\nc' },
  ])('collapses runs of blanks ($id)', ({ text, normalised }) => {
    expect(normaliseText(text)).toBe(normalised);
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
    { id: 'combining-mark', text: 'cafe\u0301 ok', words: ['cafe\u0301', 'ok'] },
    { id: 'apostrophe-before-accent', text: "l'été", words: ["l'été"] },
    { id: 'apostrophe-before-digit', text: "a'1", words: ['a', '0'] },
    { id: 'emoji-between', text: 'a🙂b', words: ['a', 'b'] },
    { id: 'lone-surrogate', text: 'a\ud800b', words: ['a', 'b'] },
    { id: 'non-latin', text: 'слежка 监控', words: ['слежка', '监控'] },
    { id: 'empty', text: '', words: [] },
  ])('splits words ($id)', ({ text, words }) => {
    expect(tokenise(text)).toEqual(words);
  });
});
