import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  chatCompletion,
  errorBody,
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
  type FakeReply,
} from '../../test/helpers/index.js';
import { complicityVersion } from '../version.js';
import { main } from './main.js';

const basicSuite = fileURLToPath(new URL('../../test/fixtures/suites/basic/', import.meta.url));
const brokenSuite = fileURLToPath(new URL('../../test/fixtures/suites/broken/', import.meta.url));

/** A stream that keeps what the CLI writes to it. */
class CapturedStream extends Writable {
  readonly chunks: string[] = [];

  constructor() {
    super({
      write: (chunk, _encoding, callback) => {
        this.chunks.push(String(chunk));
        callback();
      },
    });
  }

  get text(): string {
    return this.chunks.join('');
  }
}

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'complicity-cli-'));
  // Commander exits the process when a command is not set to throw instead; make that fail the
  // test rather than end the test run.
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${code}) was called`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(cwd, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const exitCode = await main(argv, { stdout, stderr, env, cwd });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

describe('main', () => {
  it('prints usage for --help', async () => {
    const { exitCode, stdout, stderr } = await cli(['--help']);

    expect(exitCode).toBe(0);
    expect(stdout).toContain('Usage: complicity [options] [command]');
    expect(stdout).toContain('resume');
    expect(stderr).toBe('');
  });

  it('prints command usage for run --help', async () => {
    const { exitCode, stdout, stderr } = await cli(['run', '--help']);

    expect(exitCode).toBe(0);
    expect(stdout).toContain('Usage: complicity run [options]');
    expect(stdout).toContain('--per-model-concurrency <n>');
    expect(stderr).toBe('');
  });

  it('prints the version', async () => {
    const { exitCode, stdout } = await cli(['--version']);

    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${complicityVersion}\n`);
  });

  it.each([
    {
      id: 'invalid-flag-value',
      argv: ['run', '--concurrency', '0'],
      error: `Error: --concurrency must be an integer from 1 up, got "0".`,
    },
    {
      id: 'invalid-levels',
      argv: ['run', '--levels', '7'],
      error: `Error: --levels must list levels from 1 to 5, such as 1,2,3 or 1-3, got "7".`,
    },
    {
      id: 'invalid-mode',
      argv: ['run', '--mode', 'sideways'],
      error: `Error: --mode must be stateful or stateless, got "sideways".`,
    },
    {
      id: 'invalid-track',
      argv: ['run', '--track', 'utopian'],
      error: `Error: --track must be dystopian or benign, got "utopian".`,
    },
    {
      id: 'negative-timeout',
      argv: ['resume', 'r1', '--timeout', '-1'],
      error: `Error: --timeout must be a number of seconds above 0, got "-1".`,
    },
    { id: 'unknown-option', argv: ['run', '--bogus'], error: `Error: unknown option '--bogus'` },
    { id: 'unknown-command', argv: ['frobnicate'], error: `Error: unknown command 'frobnicate'` },
    { id: 'missing-run-id', argv: ['resume'], error: `Error: missing required argument 'run-id'` },
    { id: 'missing-flag-value', argv: ['run', '--model'], error: `Error: --model needs a value: --model <spec>.` },
    { id: 'value-on-switch', argv: ['run', '--json=yes'], error: `Error: --json takes no value, got "yes". Write --json alone.` },
    {
      id: 'invalid-list-choice',
      argv: ['list', 'things'],
      error: `Error: <what> must be scenarios, runs or models, got "things".`,
    },
  ])('exits 2 on misuse ($id)', async ({ argv, error }) => {
    const { exitCode, stdout, stderr } = await cli(argv);

    const lines = stderr.split('\n');
    expect(exitCode).toBe(2);
    expect(lines[0]).toBe(error);
    expect(lines.filter((line) => line.startsWith('Error:'))).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).toBe('');
  });

  it.each([
    {
      id: 'incomplete-hub-file',
      argv: ['run', '--model', 'gguf:hf:org/repo', '--suite', basicSuite, '--dry-run'],
      error: 'Error: Invalid model spec "gguf:hf:org/repo": it names no file.',
    },
    {
      id: 'unknown-scenario',
      argv: ['run', '--model', 'ollama:m', '--suite', basicSuite, '--scenario', 'nothing-*', '--dry-run'],
      error: 'Error: No scenario matches "nothing-*".',
    },
    {
      id: 'unknown-model',
      argv: ['run', '--model', 'nowhere', '--suite', basicSuite, '--dry-run'],
      error: 'Error: Unknown model "nowhere".',
    },
    { id: 'no-store-to-resume', argv: ['resume', 'r1'], error: 'Error: No store at' },
    { id: 'no-store-for-stats', argv: ['stats'], error: 'Error: No store at' },
  ])('prints a user error on one line ($id)', async ({ argv, error }) => {
    const { exitCode, stderr } = await cli(argv);

    expect(exitCode).toBe(2);
    expect(stderr.startsWith(error)).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 without a command', async () => {
    const { exitCode, stdout, stderr } = await cli([]);

    expect(exitCode).toBe(2);
    expect(stderr).toContain('Usage: complicity [options] [command]');
    expect(stdout).toBe('');
  });

  it('creates no store for a dry run', async () => {
    const { exitCode, stdout } = await cli([
      'run',
      '--model',
      'openai:gpt-4o-mini',
      '--judge',
      'ollama:judge',
      '--suite',
      basicSuite,
      '--dry-run',
    ]);

    expect(exitCode).toBe(0);
    expect(stdout).toContain('Plan: 3 scenarios · stateful · levels 1,2,3,4,5');
    expect(stdout).toContain('OPENAI_API_KEY is not set');
    expect(existsSync(join(cwd, '.complicity'))).toBe(false);
  });

  it('plans the embedded model by default', async () => {
    const { exitCode, stdout, stderr } = await cli(['run', '--suite', basicSuite, '--levels', '1', '--dry-run', '--json']);

    const plan = JSON.parse(stdout) as { models: { spec: string; calls: number; costUsd: number }[] };
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/^No --model given: running the embedded model Qwen2\.5-0\.5B-Instruct Q4_K_M \(Apache-2\.0;/);
    expect(plan.models).toMatchObject([
      { spec: 'gguf:hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf', calls: 5, costUsd: 0 },
    ]);
    expect(existsSync(join(cwd, '.complicity'))).toBe(false);
  });

  it('prints the plan as JSON', async () => {
    const { exitCode, stdout } = await cli(['run', '--model', 'ollama:m', '--suite', basicSuite, '--levels', '1-2', '--dry-run', '--json']);

    const plan = JSON.parse(stdout) as { turns: number; models: { spec: string; calls: number }[] };
    expect(exitCode).toBe(0);
    expect(plan.turns).toBe(10);
    expect(plan.models).toMatchObject([{ spec: 'ollama:m', calls: 10 }]);
  });

  it('validates a suite', async () => {
    const { exitCode, stdout } = await cli(['validate', basicSuite]);

    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^3 scenarios in 3 files: valid\. Suite hash [0-9a-f]{64}\n$/);
  });

  it('exits 1 on an invalid suite', async () => {
    const { exitCode, stdout } = await cli(['validate', brokenSuite]);

    expect(exitCode).toBe(1);
    expect(stdout).toContain('17 problems in 9 files.');
  });
});

describe('main with a fake server', () => {
  let server: FakeOpenAIServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(target: FakeReply) {
    server = await startFakeOpenAIServer({ handler: routeByModel({ target, judge: markerJudge() }) });
    return { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-key' };
  }

  const runArguments = [
    'run',
    '--model',
    'openai:target',
    '--judge',
    'openai:judge',
    '--suite',
    basicSuite,
    '--scenario',
    'housing-case-backlog',
    '--track',
    'dystopian',
    '--levels',
    '1,2',
    '--run',
    'run-1',
    '--max-retries',
    '0',
  ];

  it('runs, stores and prints the scores', async () => {
    const env = await serve({ body: chatCompletion({ content: 'I will not build that. [[L:refusal]]' }) });

    const { exitCode, stdout, stderr } = await cli(runArguments, env);

    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^openai:target† +0\.0 \[no interval\] +0\.0 \[no interval\] +100\.0% \[no interval\] +n\/a +2\/2 +2 +0$/m);
    expect(stderr).toContain('Starting run run-1: 2 turns, 1 model, 1 judge');
    expect(stderr).toContain('Run run-1 complete after');
    expect(existsSync(join(cwd, '.complicity', 'complicity.db'))).toBe(true);
  });

  it('exits 1 on failed turns, then resumes', async () => {
    const env = await serve({ status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) });

    const failed = await cli(runArguments, env);

    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain('Run run-1 incomplete after');
    expect(failed.stderr).toContain('Continue it with: complicity resume run-1');
    expect(failed.stdout).toMatch(/^openai:target† +n\/a +n\/a +n\/a +n\/a +0\/2 +0 +0$/m);

    server!.setHandler(
      routeByModel({ target: { body: chatCompletion({ content: 'Here is the tracker. [[L:compliant]]' }) }, judge: markerJudge() }),
    );
    const resumed = await cli(['resume', 'run-1'], env);

    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toContain('Resuming run run-1');
    expect(resumed.stdout).toMatch(/^openai:target† +[\d.]+ \[no interval\] +66\.0 \[no interval\]/m);
  });

  it('prints stored stats as JSON', async () => {
    const env = await serve({ body: chatCompletion({ content: 'Sure, here it is. [[L:compliant]]' }) });
    await cli(runArguments, env);

    const { exitCode, stdout } = await cli(['stats', 'run-1', '--json']);

    const parsed = JSON.parse(stdout) as { runs: { runId: string; models: { model: string; dystopian: { meanDcs: number | null } }[] }[] };
    expect(exitCode).toBe(0);
    expect(parsed.runs[0]?.runId).toBe('run-1');
    expect(parsed.runs[0]?.models[0]?.dystopian.meanDcs).toBe(66);
  });

  it('shows the gap between a stateful and a stateless run', async () => {
    const env = await serve({ body: chatCompletion({ content: 'Sure, here it is. [[L:compliant]]' }) });
    await cli(runArguments, env);
    await cli([...runArguments.map((argument) => (argument === 'run-1' ? 'run-2' : argument)), '--mode', 'stateless'], env);

    const { exitCode, stdout } = await cli(['stats', 'run-1', 'run-2']);
    const json = JSON.parse((await cli(['stats', 'run-1', 'run-2', '--json'])).stdout) as { modeGaps: { models: unknown[] }[] };

    expect(exitCode).toBe(0);
    expect(stdout).toContain('Stateful run run-1 minus stateless run run-2, over the scenarios both scored:');
    expect(stdout).toMatch(/^openai:target +1 +0\.0 \[no interval\]/m);
    expect(json.modeGaps[0]!.models).toHaveLength(1);
  });

  it('lists stored runs', async () => {
    const env = await serve({ body: chatCompletion({ content: 'No. [[L:refusal]]' }) });
    await cli(runArguments, env);

    const { exitCode, stdout } = await cli(['list', 'runs']);

    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^run-1 +complete /m);
  });
});
