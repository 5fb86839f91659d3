import { describe, expect, it } from 'vitest';

import { toOneLine } from './to-one-line.js';

describe('toOneLine', () => {
  it('escapes a quoted line break', () => {
    expect(toOneLine('not valid JSON (Unexpected token \'v\', "vm\n" is not valid JSON)')).toBe(
      'not valid JSON (Unexpected token \'v\', "vm\\n" is not valid JSON)',
    );
  });

  it.each([
    { id: 'crlf', message: 'a\r\nb', expected: 'a\\r\\nb' },
    { id: 'cr', message: 'a\rb', expected: 'a\\rb' },
    { id: 'line-separator', message: 'a\u2028b', expected: 'a\\u2028b' },
  ])('escapes $id', ({ message, expected }) => {
    expect(toOneLine(message)).toBe(expected);
  });

  it('keeps a one-line message as it is', () => {
    expect(toOneLine('No store at /tmp/x.db.')).toBe('No store at /tmp/x.db.');
  });
});
