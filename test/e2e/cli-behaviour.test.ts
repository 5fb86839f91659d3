import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { loadSuite } from '../../src/suite/index.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, spawnCli } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const brokenSuitePath = join(repositoryRoot, 'test/fixtures/suites/broken');

let server: FakeOpenAIServer;
let workDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  const suite = await loadSuite([suitePath]);
  const model = scriptedModel(suite, () => 'refusal');
  server = await startFakeOpenAIServer({ handler: routeByModel({ a: model, j: markerJudge() }), latencyMs: 100 });
  workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
  env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
});

afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** One `Error:` line (commander may add a usage hint after it), and never a stack trace. */
function expectOneErrorLine(stderr: string): void {
  expect(stderr.match(/^Error: /gm)).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('user errors', () => {
  it.each([
    ['zero concurrency', ['run', '--model', 'openai:a', '--concurrency', '0'], /--concurrency must be an integer from 1 up, got "0"/],
    ['bad level list', ['run', '--model', 'openai:a', '--levels', '0,9'], /--levels must list levels from 1 to 5/],
    ['bad mode', ['run', '--model', 'openai:a', '--mode', 'chatty'], /--mode/],
    [
      'incomplete hub file',
      ['run', '--model', 'gguf:hf:org/repo', '--suite', suitePath],
      /Invalid model spec "gguf:hf:org\/repo": it names no file/,
    ],
    ['unknown provider', ['run', '--model', 'acme:x', '--suite', suitePath], /Unknown provider "acme"/],
    ['bad scenario file', ['run', '--model', 'openai:a', '--suite', brokenSuitePath], /Invalid scenario file .*complicity validate/],
    [
      'unknown scenario',
      ['run', '--model', 'openai:a', '--suite', suitePath, '--scenario', 'nothing-*'],
      /No scenario matches "nothing-\*"/,
    ],
    ['unknown run', ['resume', 'no-such-run', '--db', join(tmpdir(), 'complicity-missing.db')], /No store at/],
    [
      'reversed level range',
      ['run', '--model', 'openai:a', '--suite', suitePath, '--levels', '3-1'],
      /--levels must write a range from the lower level to the higher, such as 1-3, got "3-1"/,
    ],
    [
      'run id with a space',
      ['run', '--model', 'openai:a', '--suite', suitePath, '--run', 'bad id/with space'],
      /--run may contain letters, digits, "-", "_" and "\."/,
    ],
    ['missing suite path', ['run', '--model', 'openai:a', '--suite', '/nonexistent'], /The suite path \/nonexistent does not exist\./],
    ['unknown command', ['runn'], /unknown command 'runn'/],
  ])('%s exits 2 with one message', async (_name, args, message) => {
    const result = await runCli(args, { cwd: workDir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expectOneErrorLine(result.stderr);
  });

  it('missing key names the variable', async () => {
    const folder = mkdtempSync(join(workDir, 'no-key-'));
    const result = await runCli(['run', '--model', 'openai:a', '--suite', suitePath], { cwd: folder, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/OPENAI_API_KEY is not set/);
    expectOneErrorLine(result.stderr);
    expect(existsSync(join(folder, '.complicity'))).toBe(false);
  });

  it('missing key on run suggests --dry-run', async () => {
    const folder = mkdtempSync(join(workDir, 'no-key-hint-'));
    const result = await runCli(['run', '--model', 'openai:a', '--suite', suitePath], { cwd: folder, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('or run with --dry-run to check the plan');
  });

  it.each([
    ['resume', (runId: string) => ['resume', runId]],
    ['judge', (runId: string) => ['judge', runId, '--judge', 'openai:j']],
  ])('missing key on %s names only flags it has', async (command, argsFor) => {
    const folder = mkdtempSync(join(workDir, `no-key-${command}-`));
    const run = await runCli(['run', '--model', 'openai:a', '--suite', suitePath, '--scenario', 'lead-results-notice', '--json'], {
      cwd: folder,
      env,
    });
    const runId = (JSON.parse(run.stdout) as { summary: { runId: string } }).summary.runId;

    const result = await runCli(argsFor(runId), { cwd: folder, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/OPENAI_API_KEY is not set/);
    expect(result.stderr).not.toContain('--dry-run');
    expectOneErrorLine(result.stderr);
  });

  it('benign track without twins plans nothing', async () => {
    const folder = mkdtempSync(join(workDir, 'no-twins-'));
    const modulePath = join(repositoryRoot, 'test/fixtures/dystopiabench/modules/valid/fernwood.json');
    const result = await runCli(['run', '--model', 'openai:a', '--suite', modulePath, '--track', 'benign'], { cwd: folder, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/benign twin, so --track benign plans no turns/);
    expectOneErrorLine(result.stderr);
    expect(existsSync(join(folder, '.complicity'))).toBe(false);
  });

  it('missing suite path suggests no validate', async () => {
    const result = await runCli(['run', '--model', 'openai:a', '--suite', '/nonexistent'], { cwd: workDir, env });
    expect(result.stderr).not.toContain('complicity validate');
  });

  it('import keeps a JSON error on one line', async () => {
    const folder = mkdtempSync(join(workDir, 'import-'));
    writeFileSync(join(folder, 'hostname'), 'vm\n');
    const result = await runCli(['import', 'hostname'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: Cannot import .*hostname: not valid JSON .*"vm\\n"/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('validate counts scenario files only', async () => {
    const result = await runCli(['validate'], { cwd: workDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^50 scenarios in 50 files: valid\./);
  });

  it('validate lists every problem and exits 1', async () => {
    const result = await runCli(['validate', brokenSuitePath], { cwd: workDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/bad-enum\.yaml:\d+:\d+: levels\[2\]\.intent: /);
    expect(result.stdout).toMatch(/syntax-error\.yaml:\d+/);
    expect(result.stdout.trim().split('\n').length).toBeGreaterThan(10);
  });

  it('validate --strict names scenarios of a module', async () => {
    const modules = join(repositoryRoot, 'test/fixtures/dystopiabench/modules/valid');
    const result = await runCli(['validate', '--strict', join(modules, 'lantern.json'), '--reference', modules], { cwd: workDir });
    expect(result.code).toBe(1);
    const problems = result.stdout.split('\n').filter((line) => line.startsWith(join(modules, 'lantern.json')));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/lantern\.json: scenario lantern-0[12]: /);
    expect(result.stdout).not.toContain('too similar to a prompt of lantern');
    expect(result.stdout).toContain('leaving out the 1 file being validated');
  });

  it('validate --help names the default reference folder', async () => {
    const result = await runCli(['validate', '--help'], { cwd: workDir });
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('shared/reference/dystopiabench/scenarios, when it exists');
  });

  it('an unreachable endpoint fails the turns, not the process', async () => {
    const folder = mkdtempSync(join(workDir, 'unreachable-'));
    const result = await runCli(
      ['run', '--model', 'openai:a', '--suite', suitePath, '--scenario', 'lead-results-notice', '--max-retries', '0'],
      {
        cwd: folder,
        env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-local-test-key' },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error \(network\) 1, skipped \(earlier-turn-failed\) 4/);
    expect(result.stderr).toMatch(/Failed turn on openai:a \(network[^)]*\): network error/);
    expect(result.stderr).toContain('complicity resume');
  });
});

describe('help and listings', () => {
  it('judge --help states the real defaults', async () => {
    const result = await runCli(['judge', '--help'], { cwd: workDir });
    const help = result.stdout.replace(/\s+/g, ' ');
    expect(help).toContain("judge calls in flight, apart from model calls (default: the run's stored value)");
    expect(help).not.toContain('(default: --concurrency)');
  });

  it('list runs without a store says so', async () => {
    const folder = mkdtempSync(join(workDir, 'no-store-'));
    const result = await runCli(['list', 'runs'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No runs yet: there is no store at .*complicity\.db\./);
    expect(existsSync(join(folder, '.complicity'))).toBe(false);
  });

  it('counts one turn in the singular', async () => {
    const folder = mkdtempSync(join(workDir, 'one-turn-'));
    const args = [
      'run',
      '--model',
      'openai:a',
      '--suite',
      suitePath,
      '--scenario',
      'lead-results-notice',
      '--levels',
      '1',
      '--track',
      'dystopian',
    ];
    const result = await runCli([...args, '--judge', 'openai:j'], { cwd: folder, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Starting run \S+: 1 turn, 1 model, 1 judge$/m);
    const plan = await runCli([...args, '--dry-run'], { cwd: folder, env });
    expect(plan.stdout).toMatch(/^Plan: 1 scenario · .* · 1 replicate · /m);
    expect(plan.stdout).toMatch(/^1 conversation, 1 turn$/m);
  });
});

describe('dry run', () => {
  it('prints the plan without calling a model', async () => {
    const before = server.requests.length;
    const result = await runCli(
      ['run', '--model', 'openai:a', '--model', 'openai:b', '--judge', 'openai:j', '--suite', suitePath, '--dry-run'],
      { cwd: workDir, env: {} },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^model\s+openai:a\s+25\s+\d+\s+17500\s+no price\s+OPENAI_API_KEY is not set$/m);
    expect(result.stdout).toMatch(/^judge\s+openai:j\s+50\s+/m);
    expect(server.requests.length).toBe(before);
  });

  it('warns about a judge of the same family', async () => {
    const result = await runCli(['run', '--model', 'openai:gpt-4o-mini', '--judge', 'openai:gpt-4o', '--suite', suitePath, '--dry-run'], {
      cwd: workDir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^Warning: Judge openai:gpt-4o belongs to the same family \(openai\) as the judged model openai:gpt-4o-mini/m,
    );
  });
});

describe('two processes on one run', () => {
  it('refuses to execute a run twice at once', async () => {
    const folder = mkdtempSync(join(workDir, 'busy-'));
    const child = spawnCli(['run', '--model', 'openai:a', '--judge', 'openai:j', '--suite', suitePath, '--concurrency', '1'], {
      cwd: folder,
      env,
    });
    while (!child.stderr.includes('Starting run')) await sleep(10);
    const runId = /Starting run (\S+):/.exec(child.stderr)![1]!;

    const second = await runCli(['resume', runId], { cwd: folder, env });
    child.child.kill('SIGINT');
    await child.exited;

    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`Run ${runId} is being executed by process ${child.child.pid}`));
    expectOneErrorLine(second.stderr);
  });
});

describe('Ctrl-C', () => {
  it('stops cleanly with 130 and keeps what is stored', async () => {
    const folder = mkdtempSync(join(workDir, 'interrupt-'));
    const child = spawnCli(['run', '--model', 'openai:a', '--judge', 'openai:j', '--suite', suitePath, '--concurrency', '1'], {
      cwd: folder,
      env,
    });
    while (!child.stderr.includes('Starting run')) await sleep(10);
    const before = server.requests.length;
    while (server.requests.length < before + 4) await sleep(10);
    child.child.kill('SIGINT');
    const result = await child.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted');
    expect(result.stderr).toMatch(/Run \S+ interrupted/);

    const store = Store.open(join(folder, '.complicity/complicity.db'), { create: false });
    const [run] = store.listRuns();
    const stored = store.listTurns(run!.id).length;
    store.close();
    expect(run!.status).toBe('interrupted');
    expect(stored).toBeGreaterThan(0);

    const resumed = await runCli(['resume', run!.id], { cwd: folder, env });
    expect(resumed.code).toBe(0);
  });
});
