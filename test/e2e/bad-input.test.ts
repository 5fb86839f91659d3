import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { processIo } from '../../src/cli/cli-io.js';
import { createCommands } from '../../src/cli/create-commands.js';
import { loadSuite } from '../../src/suite/index.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { badValues, type BadValue, type CaseFolder } from './bad-input-cases.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const brokenSuite = join(repositoryRoot, 'test/fixtures/suites/broken');
const commands = createCommands(processIo, () => {});

let server: FakeOpenAIServer;
let env: Record<string, string>;
let workDir: string;
const templates = {} as Record<CaseFolder, string>;

beforeAll(async () => {
  assertBuilt();
  const suite = await loadSuite([suitePath]);
  server = await startFakeOpenAIServer({ handler: routeByModel({ a: scriptedModel(suite, () => 'refusal'), j: markerJudge() }) });
  env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
  workDir = mkdtempSync(join(tmpdir(), 'complicity-bad-input-'));

  templates.empty = join(workDir, 'empty');
  mkdirSync(templates.empty);
  writeFileSync(join(templates.empty, 'notes.txt'), 'not a result file\n');
  templates.stored = join(workDir, 'stored');
  cpSync(templates.empty, templates.stored, { recursive: true });
  const stored = await runCli(
    ['run', '--run', 'r1', '--suite', suitePath, '--scenario', 'lead-results-notice', '--model', 'openai:a', '--judge', 'openai:j'],
    { cwd: templates.stored, env },
  );
  expect(stored.code, stored.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Lists every file under `folder` by relative path, with the SHA-256 of its content. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files[relative(folder, path)] = entry.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'folder';
  }
  return files;
}

/** Runs `args` in a fresh copy of a template folder, and checks that the folder is unchanged after. */
async function runInCopy(folder: CaseFolder, args: string[], prepare?: (path: string) => void): Promise<CliResult> {
  const path = mkdtempSync(join(workDir, 'case-'));
  cpSync(templates[folder], path, { recursive: true });
  prepare?.(path);
  const before = snapshot(path);

  const result = await runCli(args, { cwd: path, env });

  expect(snapshot(path)).toEqual(before);
  return result;
}

/** Checks one misuse: exit 2, nothing on stdout, one `Error:` line without a stack trace, starting with `message`. */
function expectMisuse(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.match(/^Error: /gm)).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  const line = /^Error: (.*)$/m.exec(result.stderr)![1]!;
  expect(line).toMatch(message);
}

const cases = Object.entries(badValues).flatMap(([command, byFlag]) =>
  Object.entries(byFlag).flatMap(([flag, values]) => values.map((value: BadValue) => ({ command, flag, ...value }))),
);

describe('bad values', () => {
  it('cover every option and argument', () => {
    for (const command of commands) {
      const names = [
        ...command.options.map((option) => option.long!),
        ...command.registeredArguments.map((argument) => `<${argument.name()}>`),
      ];
      const covered = Object.keys(badValues[command.name()] ?? {});
      for (const name of names) expect(covered, `${command.name()} ${name} has no bad-value case`).toContain(name);
      for (const name of covered) expect(names, `${command.name()} has no ${name}`).toContain(name);
    }
  });

  it.concurrent.each(cases)('$command $flag: $id', async ({ folder, args, message }) => {
    expectMisuse(await runInCopy(folder, args), message);
  });
});

describe('unknown input', () => {
  it.concurrent.each(commands.map((command) => command.name()))('%s rejects an unknown flag', async (name) => {
    const result = await runInCopy('stored', [name, '--bogus-flag']);

    expectMisuse(result, /^unknown option '--bogus-flag'$/);
    expect(result.stderr).toContain('(run with --help for usage)');
  });

  it.concurrent('suggests the flag for a typo', async () => {
    const result = await runInCopy('empty', ['run', '--modle', 'openai:a']);

    expectMisuse(result, /^unknown option '--modle'$/);
    expect(result.stderr).toContain('(Did you mean one of --mode, --model?)');
  });

  it.concurrent('rejects an unknown command', async () => {
    expectMisuse(await runInCopy('empty', ['runn']), /^unknown command 'runn'$/);
  });

  it.concurrent.each(['resume', 'judge', 'import', 'list'])('%s needs its argument', async (name) => {
    expectMisuse(await runInCopy('stored', [name]), /^missing required argument '[\w-]+'$/);
  });

  it.concurrent('rejects a missing flag value', async () => {
    expectMisuse(await runInCopy('empty', ['run', '--suite', suitePath, '--model']), /^--model needs a value: --model <spec>\.$/);
  });
});

describe('bad scenario files', () => {
  const syntaxError = join(brokenSuite, 'syntax-error.yaml');
  const schemaError = join(brokenSuite, 'unknown-key.yaml');

  it.concurrent.each([
    { id: 'YAML syntax', args: ['run', '--model', 'openai:a', '--suite', syntaxError], message: /syntax-error\.yaml:\d+: invalid YAML/ },
    {
      id: 'schema',
      args: ['run', '--model', 'openai:a', '--suite', schemaError],
      message: /unknown-key\.yaml:\d+: endState: endState is missing; expected a string \(and 2 more problems\)/,
    },
    { id: 'YAML syntax in list', args: ['list', 'scenarios', '--suite', syntaxError], message: /syntax-error\.yaml:\d+: invalid YAML/ },
  ])('run rejects $id errors', async ({ args, message }) => {
    const result = await runInCopy('empty', args);

    expectMisuse(result, /^Invalid scenario file /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Run "complicity validate .*" to list them all\./);
  });

  it.concurrent('rejects nesting too deep', async () => {
    const result = await runInCopy('empty', ['run', '--model', 'openai:a', '--suite', 'deep.yaml'], (path) =>
      writeFileSync(join(path, 'deep.yaml'), `id: deep\nlevels: ${'['.repeat(2000)}${']'.repeat(2000)}\n`),
    );

    expectMisuse(result, /deep\.yaml:2: invalid YAML: collections are nested more than 64 levels deep/);
  });

  it.concurrent('validate lists the problems and exits 1', async () => {
    const result = await runInCopy('empty', ['validate', syntaxError, schemaError]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/syntax-error\.yaml:\d+:\d+: invalid YAML/);
    expect(result.stdout).toMatch(/unknown-key\.yaml:\d+:\d+: .*unknown field "endstate"/);
  });
});

describe('bad config files', () => {
  const model = { baseURL: 'http://127.0.0.1:9/v1' };

  it.concurrent.each([
    {
      id: 'a typo in models',
      config: stringify({ modles: { gateway: model } }),
      message: /line 1: modles: unknown field "modles"; did you mean "models"\?/,
    },
    {
      id: 'a typo in apiKeyEnv',
      config: stringify({ models: { gateway: { ...model, apiKeyEnvv: 'KEY' } } }),
      message: /models\.gateway\.apiKeyEnvv: unknown field "apiKeyEnvv"; did you mean "apiKeyEnv"\?/,
    },
    {
      id: 'a typo in a price',
      config: stringify({ prices: { 'openai:a': { input: 1, ouput: 2 } } }),
      message: /prices\.openai:a\.ouput: unknown field "ouput"; did you mean "output"\?/,
    },
    { id: 'invalid YAML', config: 'models:\n  gateway: [unclosed\n', message: /line \d+: invalid YAML/ },
  ])('run rejects $id', async ({ config, message }) => {
    const result = await runInCopy('empty', ['run', '--model', 'openai:a', '--suite', suitePath], (path) =>
      writeFileSync(join(path, 'complicity.config.yaml'), config),
    );

    expectMisuse(result, /^Invalid config file .*complicity\.config\.yaml: /);
    expect(result.stderr).toMatch(message);
  });

  it.concurrent.each([
    ['resume', ['resume', 'r1']],
    ['judge', ['judge', 'r1', '--judge', 'openai:j']],
    ['list models', ['list', 'models']],
  ])('%s rejects a typo', async (_name, args) => {
    const result = await runInCopy('stored', args, (path) =>
      writeFileSync(join(path, 'complicity.config.yaml'), stringify({ modles: {} })),
    );

    expectMisuse(result, /^Invalid config file .*: line 1: modles: unknown field "modles"; did you mean "models"\?$/);
  });
});
