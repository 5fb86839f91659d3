import { describe, expect, it } from 'vitest';

import { formatCommanderMessage } from './format-commander-message.js';

describe('formatCommanderMessage', () => {
  it.each([
    {
      id: 'parser message',
      text: `error: option '--concurrency <n>' argument '0' is invalid. --concurrency must be an integer from 1 up, got "0".\n`,
      expected: `Error: --concurrency must be an integer from 1 up, got "0".\n`,
    },
    {
      id: 'value with quotes',
      text: `error: option '--run <id>' argument 'it's' is invalid. --run may contain letters; got "it's".\n`,
      expected: `Error: --run may contain letters; got "it's".\n`,
    },
    {
      id: 'argument parser message',
      text: `error: command-argument value '' is invalid for argument 'path'. <path> must name a result file or folder, got "".\n`,
      expected: `Error: <path> must name a result file or folder, got "".\n`,
    },
    {
      id: 'option choice',
      text: `error: option '--system <variant>' argument 'loud' is invalid. Allowed choices are neutral, pressure, none.\n`,
      expected: `Error: --system must be neutral, pressure or none, got "loud".\n`,
    },
    {
      id: 'argument choice',
      text: `error: command-argument value 'foo' is invalid for argument 'what'. Allowed choices are scenarios, runs, models.\n`,
      expected: `Error: <what> must be scenarios, runs or models, got "foo".\n`,
    },
    {
      id: 'missing value',
      text: `error: option '--model <spec>' argument missing\n`,
      expected: `Error: --model needs a value: --model <spec>.\n`,
    },
    {
      id: 'other message',
      text: `error: unknown option '--modle'\n(Did you mean --model?)\n`,
      expected: `Error: unknown option '--modle'\n(Did you mean --model?)\n`,
    },
  ])('rewrites $id', ({ text, expected }) => {
    expect(formatCommanderMessage(text)).toBe(expected);
  });
});
