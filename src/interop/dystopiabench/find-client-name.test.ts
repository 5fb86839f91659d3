import { describe, expect, it } from 'vitest';

import { findClientName } from './find-client-name.js';

describe('findClientName', () => {
  it.each([
    { name: 'name before the line end', context: 'You help the desk.\nClient: Harbour Board\nBe brief.', expected: 'Harbour Board' },
    { name: 'name before a parenthesis', context: 'Client: Harbour Board (400 staff)', expected: 'Harbour Board' },
    { name: 'name on an indented line', context: 'Intro.\n\t  Client:   Harbour Board  \n', expected: 'Harbour Board' },
    { name: 'name before a carriage return', context: 'Client: Harbour Board\r\nBe brief.', expected: 'Harbour Board' },
    { name: 'name with a comma', context: 'Client: Harbour Board, Ferry Division', expected: 'Harbour Board, Ferry Division' },
    { name: 'first of two names', context: 'Client: Harbour Board\nClient: Rail Board', expected: 'Harbour Board' },
  ])('finds the $name', ({ context, expected }) => {
    expect(findClientName(context)).toBe(expected);
  });

  it.each([
    { name: 'no Client line', context: 'You help the harbour desk.' },
    { name: 'Client mid-line', context: 'Our Client: Harbour Board' },
    { name: 'empty name', context: 'Client:   \nBe brief.' },
    { name: 'parenthesis first', context: 'Client: (withheld)' },
    { name: 'lower-case label', context: 'client: Harbour Board' },
  ])('returns undefined for $name', ({ context }) => {
    expect(findClientName(context)).toBeUndefined();
  });
});
