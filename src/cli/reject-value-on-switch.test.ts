import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { UsageError } from '../error/index.js';
import { rejectValueOnSwitch } from './reject-value-on-switch.js';

const run = new Command('run').option('--json', 'print JSON').option('--scenario <id>', 'a scenario').option('--levels [list]', 'levels');

function messageOf(argv: string[]): string | undefined {
  try {
    rejectValueOnSwitch(argv, [run]);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
}

describe('rejectValueOnSwitch', () => {
  it('rejects a value on a switch', () => {
    expect(messageOf(['run', '--json=yes'])).toBe('--json takes no value, got "yes". Write --json alone.');
  });

  it.each([
    { id: 'switch alone', argv: ['run', '--json'] },
    { id: 'value of a flag', argv: ['run', '--scenario', '--json=yes'] },
    { id: 'assigned flag value', argv: ['run', '--scenario=a', '--json'] },
    { id: 'optional value', argv: ['run', '--levels=1-3'] },
    { id: 'after --', argv: ['run', '--', '--json=yes'] },
    { id: 'another command', argv: ['stats', '--json=yes'] },
  ])('leaves $id to commander', ({ argv }) => {
    expect(messageOf(argv)).toBeUndefined();
  });
});
