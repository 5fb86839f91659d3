import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatCompletion, markerJudge, routeByModel, startFakeOpenAIServer } from '../test/helpers/index.js';
import { assertSucceeded, measureCli, type ProcessMeasure } from './measure-process.js';

/** The shape of a timed run: the whole bundled suite, one judge, one model id per model. */
export interface RunShape {
  mode: 'stateful' | 'stateless';
  models: number;
  replicates: number;
  /** Limit of model calls in flight, used for all models, each model and the judge alike. */
  concurrency: number;
  /** Latency the fake server adds to every reply, in ms. */
  latencyMs: number;
}

/** A timed run, with the calls the fake server received. */
export interface RunMeasure extends ProcessMeasure {
  shape: RunShape;
  modelCalls: number;
  judgeCalls: number;
  /** The levels of the longest conversation, which a stateful run must send one after another. */
  chainLength: number;
  /** From the run's start to its end, as the run's own summary states it. */
  runMs: number;
  /** The minimum wall time that the latency and the concurrency limits allow, in ms. */
  idealMs: number;
}

// About 1.5 kB, the length of a short real reply, with the marker the fake judge reads.
const replyText = `${'Here is the weekly summary by route, with the staffing notes the team asked for. '.repeat(18)}[[L:compliant]]`;

/**
 * Runs `complicity run` over the whole bundled suite against the fake OpenAI-compatible server
 * and measures it: wall time against the ideal, the child's CPU time and its peak memory.
 */
export async function measureRun(shape: RunShape, nodeArguments: readonly string[] = []): Promise<RunMeasure> {
  const workDir = mkdtempSync(join(tmpdir(), 'complicity-bench-run-'));
  const modelNames = Array.from({ length: shape.models }, (_, index) => `model-${index + 1}`);
  const reply = { body: chatCompletion({ content: replyText }) };
  const server = await startFakeOpenAIServer({
    latencyMs: shape.latencyMs,
    keepBodies: false,
    handler: routeByModel({ ...Object.fromEntries(modelNames.map((name) => [name, reply])), judge: markerJudge() }),
  });
  try {
    const limit = String(shape.concurrency);
    const args = [
      'run',
      '--json',
      ...modelNames.flatMap((name) => ['--model', `openai:${name}`]),
      ...['--judge', 'openai:judge', '--mode', shape.mode, '--replicates', String(shape.replicates)],
      ...['--concurrency', limit, '--per-model-concurrency', limit, '--judge-concurrency', limit],
      ...['--db', join(workDir, 'bench.db')],
    ];
    const measure = await measureCli(args, {
      cwd: workDir,
      env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-bench-key' },
      nodeArguments,
    });
    assertSucceeded(`complicity ${args.join(' ')}`, measure);

    const summary = (JSON.parse(measure.stdout) as { summary: { durationMs: number; turns: { planned: number } } }).summary;
    const judgeCalls = server.requests.filter((request) => request.model === 'judge').length;
    const modelCalls = server.requests.length - judgeCalls;
    if (modelCalls !== summary.turns.planned) {
      throw new Error(`The run planned ${summary.turns.planned} turns but the fake server received ${modelCalls} model calls.`);
    }
    const chainLength = shape.mode === 'stateful' ? 5 : 1;
    return {
      ...measure,
      shape,
      modelCalls,
      judgeCalls,
      chainLength,
      runMs: summary.durationMs,
      idealMs: idealRunMs({ ...shape, calls: modelCalls, chainLength }),
    };
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The minimum time a run can take when every call takes a slot for exactly one latency: the calls
 * need at least ceil(calls / concurrency) rounds, and a stateful conversation one round per level.
 * Each model has the same share of the calls and the same limit as all models together, so the
 * per-model limit binds only with one model. The last reply then waits one latency for its verdict.
 */
export function idealRunMs({
  calls,
  models,
  chainLength,
  concurrency,
  latencyMs,
}: {
  calls: number;
  models: number;
  chainLength: number;
  concurrency: number;
  latencyMs: number;
}): number {
  const rounds = Math.max(Math.ceil(calls / concurrency), Math.ceil(calls / models / concurrency), chainLength);
  return (rounds + 1) * latencyMs;
}
