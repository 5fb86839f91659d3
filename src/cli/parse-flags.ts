import { InvalidArgumentError } from 'commander';
import { isValidRunId, runIdRule } from '../runner/index.js';

/** Collects a repeatable flag's values into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses an integer flag with a lower bound, for commander's argument parsers. */
export function integerFrom(flag: string, min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} must be an integer from ${min} up, got "${value}".`);
    }
    return parsed;
  };
}

/** Parses a duration in seconds (decimals allowed) into milliseconds. */
export function secondsFrom(flag: string, { allowZero = false }: { allowZero?: boolean } = {}): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || (!allowZero && parsed === 0)) {
      throw new InvalidArgumentError(`${flag} must be a number of seconds ${allowZero ? 'from 0' : 'above 0'}, got "${value}".`);
    }
    return Math.round(parsed * 1000);
  };
}

/** Parses `--levels 1,2,3` (ranges such as `1-3` allowed, from the lower level to the higher). */
export function parseLevels(value: string): number[] {
  const levels = new Set<number>();
  for (const part of value.split(',')) {
    const range = /^\s*([1-5])\s*(?:-\s*([1-5])\s*)?$/.exec(part);
    if (!range) throw new InvalidArgumentError(`--levels must list levels from 1 to 5, such as 1,2,3 or 1-3, got "${value}".`);
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);
    // A range written high to low is more likely a typo than a request for those levels.
    if (last < first) {
      throw new InvalidArgumentError(
        `--levels must write a range from the lower level to the higher, such as ${last}-${first}, got "${value}".`,
      );
    }
    for (let level = first; level <= last; level++) levels.add(level);
  }
  return [...levels].sort((a, b) => a - b);
}

/** Parses `--run ID`, which names a new run. */
export function parseRunId(value: string): string {
  if (!isValidRunId(value)) throw new InvalidArgumentError(`--run may contain ${runIdRule}; got "${value}".`);
  return value;
}

/**
 * Parses a flag or argument that names a file or folder. An empty value is rejected, because it
 * would resolve to the working directory, which no such flag means.
 */
export function pathFrom(flag: string, description: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} must name ${description}, got "${value}".`);
    return value;
  };
}

/** Collects a repeatable path flag's values, rejecting empty ones as `pathFrom` does. */
export function collectPaths(flag: string, description: string): (value: string, previous?: string[]) => string[] {
  const parse = pathFrom(flag, description);
  return (value, previous = []) => [...previous, parse(value)];
}

/** Parses an amount of US dollars above 0, such as `5`, `0.50` or `$12`. */
export function dollarsFrom(flag: string): (value: string) => number {
  return (value) => {
    const amount = value.trim().replace(/^\$/, '');
    const parsed = Number(amount);
    if (!/^\d*\.?\d+$/.test(amount) || !(parsed > 0) || !Number.isFinite(parsed)) {
      throw new InvalidArgumentError(`${flag} must be an amount of US dollars above 0, such as 5 or 0.50, got "${value}".`);
    }
    return parsed;
  };
}

/** Parses a sampling temperature from 0 to 2, the range the chat APIs accept. */
export function temperatureFrom(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value.trim());
    if (!/^\d*\.?\d+$/.test(value.trim()) || !(parsed >= 0 && parsed <= 2)) {
      throw new InvalidArgumentError(`${flag} must be a number from 0 to 2, such as 0 or 0.7, got "${value}".`);
    }
    return parsed;
  };
}
