import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bundledPrices } from '../../src/cost/index.js';
import { Store } from '../../src/store/index.js';
import { loadSuite, type Suite } from '../../src/suite/index.js';
import {
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeRequest,
} from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
/** The basic suite: 3 scenarios, 2 with a benign twin, so 5 conversations of 5 levels. */
const plannedTurns = 25;

// Each model reply reports 1,000 input and 500 output tokens: $0.20 at the prices below.
const modelUsage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };
const modelCallUsd = (1_000 * 100 + 500 * 200) / 1_000_000;
// Each verdict reports 400 input and 100 output tokens: $0.0004 at the judge's prices below.
const judgeUsage = { prompt_tokens: 400, completion_tokens: 100, total_tokens: 500 };
const judgeCallUsd = (400 * 0.5 + 100 * 2) / 1_000_000;
const prices = { 'openai:a': { input: 100, output: 200 }, 'openai:j': { input: 0.5, output: 2 } };

// Calls in flight at once: the most a run can send after its budget is reached.
const concurrency = 2;
const judgeConcurrency = 2;

let server: FakeOpenAIServer;
let suite: Suite;
let env: Record<string, string>;
let workDir: string;
let folder: string;

beforeAll(async () => {
  assertBuilt();
  suite = await loadSuite([suitePath]);
  const model = withUsage(
    scriptedModel(suite, () => 'hesitant'),
    modelUsage,
  );
  const judge = withUsage(markerJudge(), judgeUsage);
  // Latency keeps calls in flight long enough for a budget to be reached while others run.
  server = await startFakeOpenAIServer({ handler: routeByModel({ a: model, j: judge, cheap: model }), latencyMs: 60 });
  env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
  workDir = mkdtempSync(join(tmpdir(), 'complicity-budgets-'));
});

afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  folder = mkdtempSync(join(workDir, 'case-'));
  writeFileSync(join(folder, 'complicity.config.yaml'), stringify({ prices }));
});

/** Replaces the usage of every reply a handler sends. */
function withUsage(handler: FakeHandler, usage: typeof modelUsage): FakeHandler {
  return async (request) => {
    const response = await handler(request);
    return { ...response, body: { ...(response.body as Record<string, unknown>), usage } };
  };
}

function budgetRun(runId: string, budget: string[], model = 'openai:a'): Promise<CliResult> {
  return runCli(
    [
      ...['run', '--run', runId, '--suite', suitePath, '--model', model, '--judge', 'openai:j'],
      ...['--concurrency', String(concurrency), '--judge-concurrency', String(judgeConcurrency), '--max-retries', '0'],
      ...budget,
    ],
    { cwd: folder, env },
  );
}

/** Runs `work` and returns the requests the server received meanwhile, split by model. */
async function requestsDuring(work: () => Promise<CliResult>): Promise<{ result: CliResult; model: FakeRequest[]; judge: FakeRequest[] }> {
  const before = server.requests.length;
  const result = await work();
  const received = server.requests.slice(before);
  return {
    result,
    model: received.filter((request) => request.model !== 'j'),
    judge: received.filter((request) => request.model === 'j'),
  };
}

function readStore(runId: string) {
  const store = Store.open(join(folder, '.complicity', 'complicity.db'), { create: false });
  try {
    const run = store.getRun(runId)!;
    const turns = store.listTurns(runId);
    const verdicts = store.listVerdicts(runId).filter((verdict) => verdict.judge === 'openai:j');
    return { run, turns, verdicts };
  } finally {
    store.close();
  }
}

describe('--max-cost', () => {
  it('stops a run within one wave of calls', async () => {
    const { result, model, judge } = await requestsDuring(() => budgetRun('cost-1', ['--max-cost', '1']));

    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^Budget reached: --max-cost \$1 reached: an estimated \$\d+\.\d{4} spent on \d+ tokens\./m);
    expect(result.stderr).toContain('Run cost-1 budget-reached after');
    expect(result.stderr).toContain('Continue it with a higher budget: complicity resume cost-1 --max-cost N');
    expect(result.stderr.match(/^Error: /m)).toBeNull();

    // Before the call that reached $1 the spend was under it; after it, only calls in flight ended.
    const spent = model.length * modelCallUsd + judge.length * judgeCallUsd;
    expect(spent).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThan(1 + concurrency * modelCallUsd + judgeConcurrency * judgeCallUsd);
    expect(model.length).toBeLessThan(plannedTurns);
  });

  it('stores every call that was sent', async () => {
    const { model, judge } = await requestsDuring(() => budgetRun('cost-2', ['--max-cost', '1']));

    const { run, turns, verdicts } = readStore('cost-2');
    expect(run.status).toBe('budget-reached');
    expect(turns).toHaveLength(model.length);
    expect(verdicts).toHaveLength(judge.length);
    for (const turn of turns) {
      expect(turn.status).toBe('ok');
      expect(turn.reply).toMatch(/^Reply to /);
      expect(turn.inputTokens).toBe(1_000);
      expect(turn.outputTokens).toBe(500);
    }
    for (const verdict of verdicts) expect(verdict.label).toBe('hesitant');
  });

  it('resumes only with a higher budget', async () => {
    const first = await requestsDuring(() => budgetRun('cost-3', ['--max-cost', '1']));
    expect(first.result.code).toBe(3);

    const again = await requestsDuring(() => runCli(['resume', 'cost-3'], { cwd: folder, env }));
    expect(again.result.code, again.result.stderr).toBe(3);
    expect(again.model).toHaveLength(0);
    expect(again.judge).toHaveLength(0);

    const resumed = await requestsDuring(() => runCli(['resume', 'cost-3', '--max-cost', '100', '--json'], { cwd: folder, env }));
    expect(resumed.result.code, resumed.result.stderr).toBe(0);
    expect(first.model.length + resumed.model.length).toBe(plannedTurns);
    expect(first.judge.length + resumed.judge.length).toBe(plannedTurns);
    const summary = (JSON.parse(resumed.result.stdout) as { summary: { status: string; spend: { costUsd: number } } }).summary;
    expect(summary.status).toBe('complete');
    expect(summary.spend.costUsd).toBeCloseTo(plannedTurns * (modelCallUsd + judgeCallUsd), 6);
    expect(readStore('cost-3').run.status).toBe('complete');
  });

  it('counts judge calls toward the budget', async () => {
    // Model calls priced at zero leave the judge's calls to reach the budget.
    writeFileSync(join(folder, 'complicity.config.yaml'), stringify({ prices: { ...prices, 'openai:cheap': { input: 0, output: 0 } } }));

    const { result, judge } = await requestsDuring(() => budgetRun('judged', ['--max-cost', '0.002'], 'openai:cheap'));

    expect(result.code, result.stderr).toBe(3);
    expect(judge.length).toBeGreaterThanOrEqual(Math.ceil(0.002 / judgeCallUsd));
    expect(judge.length).toBeLessThan(plannedTurns);
  });

  it('rejects a model without a price', async () => {
    rmSync(join(folder, 'complicity.config.yaml'));

    const { result, model } = await requestsDuring(() => budgetRun('unpriced', ['--max-cost', '1']));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-cost needs a price for every model and judge, and "openai:a", "openai:j" have none.');
    expect(result.stderr).toContain('complicity.config.yaml');
    expect(model).toHaveLength(0);
    expect(existsSync(join(folder, '.complicity'))).toBe(false);
  });
});

describe('--max-tokens', () => {
  it('stops and resumes a run', async () => {
    const first = await requestsDuring(() => budgetRun('tokens', ['--max-tokens', '6000']));

    expect(first.result.code, first.result.stderr).toBe(3);
    expect(first.result.stderr).toMatch(/^Budget reached: --max-tokens 6000 reached: \d+ tokens spent\./m);
    const tokens = first.model.length * 1_500 + first.judge.length * 500;
    expect(tokens).toBeGreaterThanOrEqual(6_000);
    expect(tokens).toBeLessThan(6_000 + concurrency * 1_500 + judgeConcurrency * 500);

    const resumed = await requestsDuring(() => runCli(['resume', 'tokens', '--max-tokens', '1000000'], { cwd: folder, env }));
    expect(resumed.result.code, resumed.result.stderr).toBe(0);
    expect(first.model.length + resumed.model.length).toBe(plannedTurns);
    expect(readStore('tokens').turns).toHaveLength(plannedTurns);
  });
});

describe('--dry-run', () => {
  interface Plan {
    models: { spec: string; inputTokens: number; outputTokens: number; costUsd?: number }[];
    costUsd?: number;
  }

  async function plan(args: string[]): Promise<Plan> {
    const result = await runCli(['run', '--suite', suitePath, '--dry-run', '--json', ...args], { cwd: folder, env: {} });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Plan;
  }

  it('prices the plan from the config file', async () => {
    const { models } = await plan(['--model', 'openai:a']);

    const [estimate] = models;
    expect(estimate!.costUsd).toBeCloseTo((estimate!.inputTokens * 100 + estimate!.outputTokens * 200) / 1_000_000, 10);
  });

  it('prices the plan from the bundled table', async () => {
    const { models } = await plan(['--model', 'openai:gpt-4o-mini']);

    const [estimate] = models;
    const price = bundledPrices['openai:gpt-4o-mini']!;
    expect(estimate!.costUsd).toBeCloseTo((estimate!.inputTokens * price.input + estimate!.outputTokens * price.output) / 1_000_000, 10);
  });

  it('warns when the estimate exceeds --max-cost', async () => {
    const result = await runCli(['run', '--suite', suitePath, '--model', 'openai:a', '--dry-run', '--max-cost', '0.5'], {
      cwd: folder,
      env: {},
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Warning: The estimated cost, \$[\d.]+, is above --max-cost \$0\.5/m);
  });
});
