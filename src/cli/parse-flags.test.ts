import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';

import { collect, collectPaths, integerFrom, parseLevels, parseRunId, pathFrom, secondsFrom } from './parse-flags.js';

/** Returns the message that `parse` throws for `value`, and fails the test unless it throws InvalidArgumentError. */
function messageOf(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

describe('collect', () => {
  it('appends to the earlier values', () => {
    const earlier = ['openai:a'];

    expect(collect('openai:b', earlier)).toEqual(['openai:a', 'openai:b']);
    expect(earlier).toEqual(['openai:a']);
  });

  it('starts a list', () => {
    expect(collect('openai:a')).toEqual(['openai:a']);
  });
});

describe('integerFrom', () => {
  it.each([
    { id: 'one', min: 1, value: '1', expected: 1 },
    { id: 'large', min: 1, value: '64', expected: 64 },
    { id: 'spaces', min: 1, value: ' 7 ', expected: 7 },
    { id: 'zero-allowed', min: 0, value: '0', expected: 0 },
  ])('parses $id', ({ min, value, expected }) => {
    expect(integerFrom('--concurrency', min)(value)).toBe(expected);
  });

  it('names the flag, rule and value', () => {
    expect(messageOf(integerFrom('--concurrency', 1), '0')).toBe('--concurrency must be an integer from 1 up, got "0".');
  });

  it.each([
    { id: 'below-minimum', value: '-1' },
    { id: 'fraction', value: '1.5' },
    { id: 'word', value: 'four' },
    { id: 'empty', value: '' },
    { id: 'exponent', value: '1e3' },
    { id: 'hexadecimal', value: '0x10' },
    { id: 'unsafe-integer', value: '9007199254740993' },
  ])('rejects $id', ({ value }) => {
    expect(messageOf(integerFrom('--max-retries', 0), value)).toBe(`--max-retries must be an integer from 0 up, got "${value}".`);
  });
});

describe('secondsFrom', () => {
  it.each([
    { id: 'whole', value: '2', expected: 2000 },
    { id: 'decimal', value: '0.5', expected: 500 },
    { id: 'rounded', value: '1.0004', expected: 1000 },
  ])('converts $id seconds', ({ value, expected }) => {
    expect(secondsFrom('--timeout')(value)).toBe(expected);
  });

  it('accepts zero when allowed', () => {
    expect(secondsFrom('--max-retry-wait', { allowZero: true })('0')).toBe(0);
  });

  it('rejects zero by default', () => {
    expect(messageOf(secondsFrom('--timeout'), '0')).toBe('--timeout must be a number of seconds above 0, got "0".');
  });

  it.each([
    { id: 'negative', value: '-1' },
    { id: 'word', value: 'soon' },
    { id: 'empty', value: ' ' },
    { id: 'infinite', value: 'Infinity' },
  ])('rejects $id', ({ value }) => {
    expect(messageOf(secondsFrom('--max-retry-wait', { allowZero: true }), value)).toBe(
      `--max-retry-wait must be a number of seconds from 0, got "${value}".`,
    );
  });
});

describe('parseLevels', () => {
  it.each([
    { id: 'list', value: '1,2,3', expected: [1, 2, 3] },
    { id: 'single', value: '4', expected: [4] },
    { id: 'range', value: '1-3', expected: [1, 2, 3] },
    { id: 'range-and-list', value: '1,3-4', expected: [1, 3, 4] },
    { id: 'repeats', value: '5,1,1', expected: [1, 5] },
    { id: 'spaces', value: ' 2 , 4 - 5 ', expected: [2, 4, 5] },
  ])('parses $id', ({ value, expected }) => {
    expect(parseLevels(value)).toEqual(expected);
  });

  it.each([
    { id: 'zero', value: '0' },
    { id: 'six', value: '6' },
    { id: 'range-past-five', value: '1-6' },
    { id: 'empty', value: '' },
    { id: 'word', value: 'all' },
    { id: 'empty-item', value: '1,,2' },
    { id: 'double-range', value: '1-2-3' },
  ])('rejects $id', ({ value }) => {
    expect(messageOf(parseLevels, value)).toBe(`--levels must list levels from 1 to 5, such as 1,2,3 or 1-3, got "${value}".`);
  });

  it.each([
    { id: 'reversed-range', value: '3-1', expected: '1-3' },
    { id: 'reversed-in-list', value: '1,5-4', expected: '4-5' },
  ])('rejects $id', ({ value, expected }) => {
    expect(messageOf(parseLevels, value)).toBe(
      `--levels must write a range from the lower level to the higher, such as ${expected}, got "${value}".`,
    );
  });
});

describe('parseRunId', () => {
  it('accepts letters, digits and separators', () => {
    expect(parseRunId('baseline-2026.12_a')).toBe('baseline-2026.12_a');
  });

  it('rejects a space and a slash', () => {
    expect(messageOf(parseRunId, 'bad id/with space')).toBe(
      '--run may contain letters, digits, "-", "_" and ".", starting with a letter or digit; got "bad id/with space".',
    );
  });
});

describe('pathFrom', () => {
  it('keeps a path as given', () => {
    expect(pathFrom('--db', 'a store file')('runs/store.db')).toBe('runs/store.db');
  });

  it.each([
    { id: 'empty', value: '' },
    { id: 'blank', value: '  ' },
  ])('rejects an $id value', ({ value }) => {
    expect(messageOf(pathFrom('--db', 'a store file'), value)).toBe(`--db must name a store file, got "${value}".`);
  });
});

describe('collectPaths', () => {
  it('appends each path', () => {
    expect(collectPaths('--suite', 'a scenario file or folder')('b', ['a'])).toEqual(['a', 'b']);
  });

  it('rejects an empty path', () => {
    expect(messageOf((value) => collectPaths('--suite', 'a scenario file or folder')(value), '')).toBe(
      '--suite must name a scenario file or folder, got "".',
    );
  });
});
