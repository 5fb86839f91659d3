import { join } from 'node:path';
import { repositoryRoot } from './cli.js';

/** The folder a case runs in: `empty` contains one text file; `stored` also contains a store with run r1. */
export type CaseFolder = 'empty' | 'stored';

/** A wrong value for one option or argument, and the start of the message it must give. */
export interface BadValue {
  id: string;
  folder: CaseFolder;
  args: string[];
  message: RegExp;
}

const suite = join(repositoryRoot, 'test/fixtures/suites/basic');
const runArgs = ['run', '--model', 'openai:a', '--suite', suite];
const resumeArgs = ['resume', 'r1'];
const judgeArgs = ['judge', 'r1', '--judge', 'openai:j'];

const integerAbove = (flag: string, min: number, value: string) =>
  new RegExp(`^${flag} must be an integer from ${min} up, got "${escape(value)}"\\.$`);
const seconds = (flag: string, bound: 'above 0' | 'from 0', value: string) =>
  new RegExp(`^${flag} must be a number of seconds ${bound}, got "${escape(value)}"\\.$`);
const noValue = (flag: string) => new RegExp(`^${flag} takes no value, got "yes"\\. Write ${flag} alone\\.$`);
const emptyPath = (flag: string) => new RegExp(`^${flag} must name [a-z ]+, got ""\\.$`);
const dollars = (flag: string, value: string) =>
  new RegExp(`^${flag} must be an amount of US dollars above 0, such as 5 or 0\\.50, got "${escape(value)}"\\.$`);
const temperature = (value: string) =>
  new RegExp(`^--temperature must be a number from 0 to 2, such as 0 or 0\\.7, got "${escape(value)}"\\.$`);
const missingConfig = /^Cannot read the config file .*missing\.yaml: it was not found\. Give --config an existing file/;
const missingStore = /^No store at .*missing\.db\. Start a run with "complicity run", or point --db/;
const unknownRun = /^Run "nosuch" was not found in .*\. Runs in this store include r1/;
const unknownProvider = /^Unknown provider "acme" in model spec "acme:x"\. Use openai:MODEL/;

/** Lists a wrong value, after `base`, for each option that `addLimitOptions` adds. */
function limitCases(base: string[], folder: CaseFolder, { judgesOnly = false } = {}): Record<string, BadValue[]> {
  const cases: Record<string, BadValue[]> = {
    '--judge-concurrency': [
      { id: 'zero', folder, args: [...base, '--judge-concurrency', '0'], message: integerAbove('--judge-concurrency', 1, '0') },
    ],
    '--timeout': [
      { id: 'zero', folder, args: [...base, '--timeout', '0'], message: seconds('--timeout', 'above 0', '0') },
      { id: 'text', folder, args: [...base, '--timeout', 'soon'], message: seconds('--timeout', 'above 0', 'soon') },
    ],
    '--max-retries': [{ id: 'negative', folder, args: [...base, '--max-retries', '-1'], message: integerAbove('--max-retries', 0, '-1') }],
    '--max-retry-wait': [
      { id: 'negative', folder, args: [...base, '--max-retry-wait', '-5'], message: seconds('--max-retry-wait', 'from 0', '-5') },
    ],
  };
  if (judgesOnly) return cases;
  return {
    ...cases,
    '--concurrency': [
      { id: 'zero', folder, args: [...base, '--concurrency', '0'], message: integerAbove('--concurrency', 1, '0') },
      { id: 'fraction', folder, args: [...base, '--concurrency', '2.5'], message: integerAbove('--concurrency', 1, '2.5') },
    ],
    '--per-model-concurrency': [
      {
        id: 'text',
        folder,
        args: [...base, '--per-model-concurrency', 'many'],
        message: integerAbove('--per-model-concurrency', 1, 'many'),
      },
    ],
    '--max-cost': [
      { id: 'zero', folder, args: [...base, '--max-cost', '0'], message: dollars('--max-cost', '0') },
      { id: 'negative', folder, args: [...base, '--max-cost', '-5'], message: dollars('--max-cost', '-5') },
      { id: 'text', folder, args: [...base, '--max-cost', 'ten'], message: dollars('--max-cost', 'ten') },
    ],
    '--max-tokens': [
      { id: 'zero', folder, args: [...base, '--max-tokens', '0'], message: integerAbove('--max-tokens', 1, '0') },
      { id: 'suffix', folder, args: [...base, '--max-tokens', '10k'], message: integerAbove('--max-tokens', 1, '10k') },
    ],
  };
}

/**
 * A wrong value for every option and argument of every command, by command and flag (arguments
 * as `<name>`). The test fails when a command gains an option without an entry here.
 */
export const badValues: Record<string, Record<string, BadValue[]>> = {
  run: {
    '--model': [
      { id: 'unknown provider', folder: 'empty', args: ['run', '--model', 'acme:x', '--suite', suite], message: unknownProvider },
      {
        id: 'no model id',
        folder: 'empty',
        args: ['run', '--model', 'openai:', '--suite', suite],
        message: /^Model spec "openai:" names no model after "openai:"/,
      },
    ],
    '--judge': [{ id: 'unknown provider', folder: 'empty', args: [...runArgs, '--judge', 'acme:x'], message: unknownProvider }],
    '--no-cross-check': [
      { id: 'with a value', folder: 'empty', args: [...runArgs, '--no-cross-check=yes'], message: noValue('--no-cross-check') },
    ],
    '--suite': [
      {
        id: 'missing',
        folder: 'empty',
        args: ['run', '--model', 'openai:a', '--suite', 'missing.yaml'],
        message: /^The suite path .*missing\.yaml does not exist\. Give --suite an existing scenario file or folder\.$/,
      },
      { id: 'empty', folder: 'empty', args: ['run', '--model', 'openai:a', '--suite', ''], message: emptyPath('--suite') },
    ],
    '--scenario': [
      { id: 'no match', folder: 'empty', args: [...runArgs, '--scenario', 'nothing-*'], message: /^No scenario matches "nothing-\*"\./ },
    ],
    '--levels': [
      { id: 'out of range', folder: 'empty', args: [...runArgs, '--levels', '0,9'], message: /^--levels must list levels from 1 to 5/ },
    ],
    '--track': [
      {
        id: 'unknown',
        folder: 'empty',
        args: [...runArgs, '--track', 'both'],
        message: /^--track must be dystopian or benign, got "both"\.$/,
      },
    ],
    '--mode': [
      {
        id: 'unknown',
        folder: 'empty',
        args: [...runArgs, '--mode', 'chatty'],
        message: /^--mode must be stateful or stateless, got "chatty"\.$/,
      },
    ],
    '--system': [
      {
        id: 'unknown',
        folder: 'empty',
        args: [...runArgs, '--system', 'loud'],
        message: /^--system must be neutral, pressure or none, got "loud"\.$/,
      },
    ],
    '--replicates': [
      { id: 'zero', folder: 'empty', args: [...runArgs, '--replicates', '0'], message: integerAbove('--replicates', 1, '0') },
    ],
    '--temperature': [
      { id: 'above 2', folder: 'empty', args: [...runArgs, '--temperature', '2.5'], message: temperature('2.5') },
      { id: 'text', folder: 'empty', args: [...runArgs, '--temperature', 'cold'], message: temperature('cold') },
    ],
    '--cache': [{ id: 'with a value', folder: 'empty', args: [...runArgs, '--cache=yes'], message: noValue('--cache') }],
    '--run': [
      { id: 'with a space', folder: 'empty', args: [...runArgs, '--run', 'my run'], message: /^--run may contain letters, digits/ },
    ],
    '--db': [
      { id: 'empty', folder: 'empty', args: [...runArgs, '--db', ''], message: emptyPath('--db') },
      { id: 'a folder', folder: 'stored', args: [...runArgs, '--db', '.'], message: /^Cannot open the store .*: it is a folder\./ },
    ],
    '--config': [{ id: 'missing', folder: 'empty', args: [...runArgs, '--config', 'missing.yaml'], message: missingConfig }],
    '--dry-run': [{ id: 'with a value', folder: 'empty', args: [...runArgs, '--dry-run=yes'], message: noValue('--dry-run') }],
    '--json': [{ id: 'with a value', folder: 'empty', args: [...runArgs, '--json=yes'], message: noValue('--json') }],
    ...limitCases(runArgs, 'empty'),
  },
  resume: {
    '<run-id>': [{ id: 'unknown', folder: 'stored', args: ['resume', 'nosuch'], message: unknownRun }],
    '--db': [{ id: 'missing', folder: 'stored', args: [...resumeArgs, '--db', 'missing.db'], message: missingStore }],
    '--config': [{ id: 'missing', folder: 'stored', args: [...resumeArgs, '--config', 'missing.yaml'], message: missingConfig }],
    '--json': [{ id: 'with a value', folder: 'stored', args: [...resumeArgs, '--json=yes'], message: noValue('--json') }],
    ...limitCases(resumeArgs, 'stored'),
  },
  judge: {
    '<run-id>': [{ id: 'unknown', folder: 'stored', args: ['judge', 'nosuch', '--judge', 'openai:j'], message: unknownRun }],
    '--judge': [{ id: 'unknown provider', folder: 'stored', args: ['judge', 'r1', '--judge', 'acme:x'], message: unknownProvider }],
    '--no-cross-check': [
      { id: 'with a value', folder: 'stored', args: [...judgeArgs, '--no-cross-check=yes'], message: noValue('--no-cross-check') },
    ],
    '--db': [{ id: 'empty', folder: 'stored', args: [...judgeArgs, '--db', ''], message: emptyPath('--db') }],
    '--config': [{ id: 'missing', folder: 'stored', args: [...judgeArgs, '--config', 'missing.yaml'], message: missingConfig }],
    '--json': [{ id: 'with a value', folder: 'stored', args: [...judgeArgs, '--json=yes'], message: noValue('--json') }],
    ...limitCases(judgeArgs, 'stored', { judgesOnly: true }),
  },
  import: {
    '<path>': [
      { id: 'missing', folder: 'empty', args: ['import', 'missing.json'], message: /^.*missing\.json was not found\.$/ },
      {
        id: 'not JSON',
        folder: 'empty',
        args: ['import', join(repositoryRoot, 'test/fixtures/dystopiabench/runs/broken/not-json.json')],
        message: /^Cannot import .*not-json\.json: not valid JSON/,
      },
      { id: 'empty', folder: 'empty', args: ['import', ''], message: emptyPath('<path>') },
    ],
    '--db': [{ id: 'empty', folder: 'empty', args: ['import', 'notes.txt', '--db', ''], message: emptyPath('--db') }],
    '--json': [{ id: 'with a value', folder: 'empty', args: ['import', 'notes.txt', '--json=yes'], message: noValue('--json') }],
  },
  export: {
    '<run-id>': [{ id: 'unknown', folder: 'stored', args: ['export', 'nosuch', '--format', 'jsonl'], message: unknownRun }],
    '--format': [
      {
        id: 'unknown',
        folder: 'stored',
        args: ['export', 'r1', '--format', 'xml'],
        message: /^--format must be jsonl, csv, inspect or dystopiabench, got "xml"\.$/,
      },
      { id: 'missing', folder: 'stored', args: ['export', 'r1'], message: /^--format is required: jsonl, csv, inspect, dystopiabench\.$/ },
      {
        id: 'inspect without --out',
        folder: 'stored',
        args: ['export', 'r1', '--format', 'inspect'],
        message: /^--format inspect writes one log per model, so it needs --out FOLDER\.$/,
      },
    ],
    '--out': [
      { id: 'empty', folder: 'stored', args: ['export', 'r1', '--format', 'jsonl', '--out', ''], message: emptyPath('--out') },
      {
        id: 'missing folder',
        folder: 'stored',
        args: ['export', 'r1', '--format', 'csv', '--out', 'missing/r1.csv'],
        message: /^Cannot write .*missing\/r1\.csv: its folder does not exist\. Give --out a file in an existing folder\.$/,
      },
      {
        id: 'a file for inspect',
        folder: 'stored',
        args: ['export', 'r1', '--format', 'inspect', '--out', 'notes.txt'],
        message: /^The output folder .*notes\.txt does not exist or is a file\./,
      },
    ],
    '--summary': [
      {
        id: 'with jsonl',
        folder: 'stored',
        args: ['export', 'r1', '--format', 'jsonl', '--summary'],
        message: /^--summary is valid only with --format csv, got --format jsonl\.$/,
      },
      { id: 'with a value', folder: 'stored', args: ['export', 'r1', '--format', 'csv', '--summary=yes'], message: noValue('--summary') },
    ],
    '--db': [{ id: 'missing', folder: 'stored', args: ['export', 'r1', '--format', 'jsonl', '--db', 'missing.db'], message: missingStore }],
  },
  stats: {
    '<run-id>': [{ id: 'unknown', folder: 'stored', args: ['stats', 'nosuch'], message: unknownRun }],
    '--db': [{ id: 'missing', folder: 'stored', args: ['stats', '--db', 'missing.db'], message: missingStore }],
    '--config': [{ id: 'missing', folder: 'stored', args: ['stats', '--config', 'missing.yaml'], message: missingConfig }],
    '--judge': [
      {
        id: 'no verdicts',
        folder: 'stored',
        args: ['stats', '--judge', 'acme:x'],
        message: /^Run r1 has no verdicts from the panel acme:x/,
      },
    ],
    '--section': [
      { id: 'unknown', folder: 'stored', args: ['stats', '--section', 'everything'], message: /^--section must be one of leaderboard, / },
    ],
    '--compare': [
      { id: 'one model', folder: 'stored', args: ['stats', '--compare', 'openai:a'], message: /^--compare takes two different models/ },
      { id: 'absent models', folder: 'stored', args: ['stats', '--compare', 'x,y'], message: /^--compare names x and y, not in the run/ },
    ],
    '--resamples': [
      { id: 'too few', folder: 'stored', args: ['stats', '--resamples', '5'], message: integerAbove('--resamples', 100, '5') },
    ],
    '--seed': [{ id: 'negative', folder: 'stored', args: ['stats', '--seed', '-1'], message: integerAbove('--seed', 0, '-1') }],
    '--json': [{ id: 'with a value', folder: 'stored', args: ['stats', '--json=yes'], message: noValue('--json') }],
  },
  report: {
    '<run-id>': [{ id: 'unknown', folder: 'stored', args: ['report', 'nosuch', '--out', 'site'], message: unknownRun }],
    '--out': [
      { id: 'a file', folder: 'stored', args: ['report', '--out', 'notes.txt'], message: /^The output folder .*notes\.txt is a file\./ },
      { id: 'empty', folder: 'stored', args: ['report', '--out', ''], message: emptyPath('--out') },
    ],
    '--db': [{ id: 'missing', folder: 'stored', args: ['report', '--db', 'missing.db', '--out', 'site'], message: missingStore }],
    '--assets': [
      {
        id: 'missing',
        folder: 'stored',
        args: ['report', '--out', 'site', '--assets', 'missing'],
        message: /^The site's browser build is missing: .*missing/,
      },
    ],
  },
  serve: {
    '--dir': [
      {
        id: 'missing',
        folder: 'empty',
        args: ['serve', '--dir', 'missing', '--port', '0'],
        message: /^No site in .*missing: index\.html was not found/,
      },
    ],
    '--port': [
      {
        id: 'too high',
        folder: 'empty',
        args: ['serve', '--port', '70000'],
        message: /^--port must be an integer from 0 to 65535, got "70000"\.$/,
      },
    ],
  },
  validate: {
    '<path>': [
      {
        id: 'missing',
        folder: 'empty',
        args: ['validate', 'missing.yaml'],
        message: /^.*missing\.yaml was not found\. Give validate an existing scenario file or folder\.$/,
      },
    ],
    '--strict': [{ id: 'with a value', folder: 'empty', args: ['validate', suite, '--strict=yes'], message: noValue('--strict') }],
    '--reference': [
      {
        id: 'missing',
        folder: 'empty',
        args: ['validate', suite, '--strict', '--reference', 'missing'],
        message: /^The --reference path .*missing was not found\./,
      },
    ],
  },
  list: {
    '<what>': [
      { id: 'unknown', folder: 'stored', args: ['list', 'things'], message: /^<what> must be scenarios, runs or models, got "things"\.$/ },
    ],
    '--suite': [
      {
        id: 'missing',
        folder: 'stored',
        args: ['list', 'scenarios', '--suite', 'missing.yaml'],
        message: /^The suite path .*missing\.yaml does not exist\./,
      },
    ],
    '--family': [
      { id: 'unknown', folder: 'stored', args: ['list', 'scenarios', '--family', 'bogus'], message: /^--family must be one of / },
    ],
    '--db': [
      { id: 'a folder', folder: 'stored', args: ['list', 'runs', '--db', '.'], message: /^Cannot open the store .*: it is a folder\./ },
    ],
    '--config': [{ id: 'missing', folder: 'stored', args: ['list', 'models', '--config', 'missing.yaml'], message: missingConfig }],
    '--json': [{ id: 'with a value', folder: 'stored', args: ['list', 'runs', '--json=yes'], message: noValue('--json') }],
  },
  cache: {
    '<action>': [
      { id: 'unknown', folder: 'stored', args: ['cache', 'empty'], message: /^<action> must be stats or clear, got "empty"\.$/ },
    ],
    '--model': [
      {
        id: 'with stats',
        folder: 'stored',
        args: ['cache', 'stats', '--model', 'openai:a'],
        message: /^--model is valid only with "cache clear", because "cache stats" shows every model\.$/,
      },
    ],
    '--db': [{ id: 'missing', folder: 'stored', args: ['cache', 'clear', '--db', 'missing.db'], message: missingStore }],
    '--json': [{ id: 'with a value', folder: 'stored', args: ['cache', 'stats', '--json=yes'], message: noValue('--json') }],
  },
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
