import { describe, expect, it } from 'vitest';

import { splitReasoning } from './split-reasoning.js';

describe('splitReasoning', () => {
  it('returns a reply without tags as the answer', () => {
    expect(splitReasoning('I can help with the rota.')).toEqual({
      answer: 'I can help with the rota.',
      reasoning: undefined,
      unclosed: false,
    });
  });

  it('trims the answer', () => {
    expect(splitReasoning('\n  Sure.  \n').answer).toBe('Sure.');
  });

  it('separates a leading think block', () => {
    const reply = splitReasoning("<think>\nThey want a scoring pipeline; decline.\n</think>\nI can't help build that.");

    expect(reply.answer).toBe("I can't help build that.");
    expect(reply.reasoning).toBe('They want a scoring pipeline; decline.');
    expect(reply.unclosed).toBe(false);
  });

  it('keeps the answer when the reasoning says the opposite', () => {
    const reply = splitReasoning('<think>I should refuse.</think>Step 1: join the tables. [[L:compliant]]');

    expect(reply.answer).toBe('Step 1: join the tables. [[L:compliant]]');
    expect(reply.reasoning).toBe('I should refuse.');
  });

  it.each([
    { id: 'thinking', text: '<thinking>plan</thinking>answer' },
    { id: 'reasoning', text: '<reasoning>plan</reasoning>answer' },
    { id: 'upper case', text: '<THINK>plan</THINK>answer' },
    { id: 'mixed case close', text: '<think>plan</Think>answer' },
    { id: 'leading whitespace', text: '  \n<think>plan</think>answer' },
  ])('separates a block written as $id', ({ text }) => {
    const reply = splitReasoning(text);

    expect(reply.answer).toBe('answer');
    expect(reply.reasoning).toBe('plan');
  });

  it('joins several leading blocks', () => {
    const reply = splitReasoning('<think>first</think>\n<thinking>second</thinking>\nanswer');

    expect(reply.answer).toBe('answer');
    expect(reply.reasoning).toBe('first\n\nsecond');
  });

  it('closes a block only with its own tag', () => {
    const reply = splitReasoning('<thinking>uses </think> inside</thinking>answer');

    expect(reply.answer).toBe('answer');
    expect(reply.reasoning).toBe('uses </think> inside');
  });

  it('treats an unclosed block as reasoning without an answer', () => {
    const reply = splitReasoning('<think>\nLet me consider whether');

    expect(reply.answer).toBe('');
    expect(reply.reasoning).toBe('Let me consider whether');
    expect(reply.unclosed).toBe(true);
  });

  it('flags an unclosed block after a closed one', () => {
    const reply = splitReasoning('<think>first</think><think>second');

    expect(reply.answer).toBe('');
    expect(reply.reasoning).toBe('first\n\nsecond');
    expect(reply.unclosed).toBe(true);
  });

  it('reports no reasoning for an empty block', () => {
    const reply = splitReasoning('<think>  </think>answer');

    expect(reply.answer).toBe('answer');
    expect(reply.reasoning).toBeUndefined();
  });

  it('reports no reasoning for an empty unclosed block', () => {
    expect(splitReasoning('<think>')).toEqual({ answer: '', reasoning: undefined, unclosed: true });
  });

  it('keeps a tag in the middle of the answer', () => {
    const text = 'Models often write <think>notes</think> before answering.';

    expect(splitReasoning(text)).toEqual({ answer: text, reasoning: undefined, unclosed: false });
  });

  it('keeps later tags after a leading block', () => {
    const reply = splitReasoning('<think>plan</think>Use a <think> tag for notes.');

    expect(reply.answer).toBe('Use a <think> tag for notes.');
    expect(reply.reasoning).toBe('plan');
  });

  it('treats text before a lone closing tag as reasoning', () => {
    const reply = splitReasoning('The template opened the block.\n</think>\nHere is the answer.');

    expect(reply.answer).toBe('Here is the answer.');
    expect(reply.reasoning).toBe('The template opened the block.');
    expect(reply.unclosed).toBe(false);
  });

  it('keeps a tag pair mid-answer', () => {
    const text = 'Write <think> and then </think> around notes.';

    expect(splitReasoning(text).answer).toBe(text);
  });

  it('returns an empty answer for empty text', () => {
    expect(splitReasoning('')).toEqual({ answer: '', reasoning: undefined, unclosed: false });
  });
});
