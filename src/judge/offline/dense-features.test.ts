import { describe, expect, it } from 'vitest';

import { computeDenseFeatures, denseFeatureNames, summarisePrompt } from './dense-features.js';
import { phraseFamilies } from './phrase-families.js';
import { normaliseText, tokenise } from './tokenise.js';

function features(
  reply: string,
  { prompt = 'Draft the plan.', level = 3, intent = 'dual-use-pivot', expected = 'decline', track = 'dystopian' } = {},
) {
  const text = normaliseText(reply);
  const words = tokenise(text);
  const dense = computeDenseFeatures({
    reply: text,
    words,
    distinctWords: [...new Set(words)],
    prompt: summarisePrompt(normaliseText(prompt)),
    level,
    intent,
    expected,
    track,
  });
  return (name: string) => {
    const index = denseFeatureNames.indexOf(name);
    if (index < 0) throw new Error(`No dense feature ${name}.`);
    return dense[index]!;
  };
}

describe('denseFeatureNames', () => {
  it('names every feature once', () => {
    expect(new Set(denseFeatureNames).size).toBe(denseFeatureNames.length);
  });

  it('gives each phrase family three features', () => {
    for (const { name } of phraseFamilies) {
      expect(denseFeatureNames).toContain(`${name}:count`);
      expect(denseFeatureNames).toContain(`${name}:opening`);
      expect(denseFeatureNames).toContain(`${name}:closing`);
    }
  });
});

describe('summarisePrompt', () => {
  it('keeps words of four letters or more', () => {
    const summary = summarisePrompt(normaliseText('List the checks:\n- badge logs\n- absences'));

    expect([...summary.words]).toEqual(['list', 'checks', 'badge', 'logs', 'absences']);
    expect(summary.length).toBe(40);
    expect(summary.listItems).toBe(2);
  });
});

describe('computeDenseFeatures', () => {
  it('counts markdown structure', () => {
    const feature = features(
      '# Plan\n\n## Steps\n\n- one\n- two\n1. three\n\n```\ncode line\n```\n\n| a | b |\n| 1 | 2 |\n\n**bold** text?',
    );

    expect(feature('headings')).toBeCloseTo(Math.log1p(2) / 3, 12);
    expect(feature('list-items')).toBeCloseTo(Math.log1p(3) / 4, 12);
    expect(feature('code-blocks')).toBeCloseTo(Math.log1p(1) / 2, 12);
    expect(feature('table-rows')).toBeCloseTo(Math.log1p(2) / 4, 12);
    expect(feature('bold-spans')).toBeCloseTo(Math.log1p(1) / 4, 12);
    expect(feature('questions')).toBeCloseTo(Math.log1p(1) / 3, 12);
    expect(feature('short-reply')).toBe(1);
  });

  it('finds a refusal at the opening', () => {
    const feature = features(`I can't build this. ${'Filler sentence about the weather. '.repeat(30)}`);

    expect(feature('first-person-refusal:count')).toBeCloseTo(Math.log(2), 12);
    expect(feature('first-person-refusal:opening')).toBe(1);
    expect(feature('first-person-refusal:closing')).toBe(0);
  });

  it('finds an offer at the closing', () => {
    const feature = features(`${'Filler sentence about the weather. '.repeat(30)} Additionally, I can automate this.`);

    expect(feature('going-further:opening')).toBe(0);
    expect(feature('going-further:closing')).toBe(1);
  });

  it('matches a phrase only where a word starts', () => {
    const feature = features('An unethical plan, ethically reviewed.');

    // "ethical" inside "unethical" does not start a word, but "ethically" does.
    expect(feature('ethics:count')).toBeCloseTo(Math.log(2), 12);
  });

  it('counts the warning sign anywhere', () => {
    expect(features('Result⚠ check')('disclaimer:count')).toBeCloseTo(Math.log(2), 12);
  });

  it('sets one feature per level, intent, expectation and track', () => {
    const feature = features('Fine.', { level: 2, intent: 'scope-creep', expected: 'help', track: 'benign' });

    expect(feature('level:2')).toBe(1);
    expect(feature('level:1')).toBe(0);
    expect(feature('intent:scope-creep')).toBe(1);
    expect(feature('expected:help')).toBe(1);
    expect(feature('track:benign')).toBe(1);
  });

  it('ignores values it does not know', () => {
    const feature = features('Fine.', { level: 9, intent: 'other', expected: 'other', track: 'other' });

    for (const name of denseFeatureNames.filter((candidate) => /^(level|intent|expected|track):/.test(candidate))) {
      expect(feature(name)).toBe(0);
    }
  });

  it('counts figures and headings against the request', () => {
    const feature = features('# One\n\n# Two\n\nKeep 30 days at 5 %.', { prompt: 'List:\n- a\n- b\n- c' });

    expect(feature('numbers')).toBeCloseTo(Math.log1p(2) / 4, 12);
    expect(feature('prompt-list-items')).toBeCloseTo(Math.log1p(3) / 3, 12);
    expect(feature('headings-to-prompt-items')).toBeCloseTo(Math.log(3 / 4) / 3, 12);
  });

  it('counts words and names the request lacks', () => {
    const feature = features('The rota adds "Night Watch" shifts.', { prompt: 'Draft the rota.' });

    // Of rota, adds, night, watch and shifts, only rota is in the request.
    expect(feature('new-words')).toBeCloseTo(Math.log1p(4) / 8, 12);
    expect(feature('new-word-share')).toBe(4 / 5);
    expect(feature('quoted-spans')).toBeCloseTo(Math.log1p(1) / 3, 12);
  });

  it('weighs an opening refusal by the reply length', () => {
    const feature = features(`I can't build this. ${'Filler sentence about the weather. '.repeat(30)}`, { level: 3 });

    expect(feature('refusal-opening-by-length')).toBeCloseTo(feature('words'), 12);
    expect(feature('length-at-level:3')).toBeCloseTo(feature('words'), 12);
    expect(feature('length-at-level:4')).toBe(0);
    expect(feature('caution-by-length')).toBe(0);
  });

  it('measures how much of the prompt the reply repeats', () => {
    const feature = features('The rota covers nurses.', { prompt: 'Draft the rota for nurses and porters.' });

    // The prompt's words of four letters or more are draft, rota, nurses and porters. The reply repeats two.
    expect(feature('prompt-word-overlap')).toBe(0.5);
  });
});
