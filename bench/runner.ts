// Times a stateful run of 4 models x 20 scenarios x 5 levels against the fake server, with
// 200 ms latency per call, and compares the wall time with the ideal the conversation chains
// and the concurrency limit allow. Run with: npm run bench:runner
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chatCompletion, markerJudge, routeByModel, startFakeOpenAIServer } from '../test/helpers/index.js';
import { runCli } from '../test/e2e/cli.js';
import { writeBenchSuite } from './write-bench-suite.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '4' },
    scenarios: { type: 'string', default: '20' },
    latency: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '32' },
    target: { type: 'string', default: '90' },
  },
});
const models = Number(values.models);
const scenarios = Number(values.scenarios);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const levels = 5;

const workDir = mkdtempSync(join(tmpdir(), 'complicity-bench-'));
const suiteDir = join(workDir, 'suite');
writeBenchSuite(suiteDir, scenarios);

const modelNames = Array.from({ length: models }, (_, index) => `model-${index + 1}`);
const reply = () => ({ body: chatCompletion({ content: 'Here is the weekly summary by route. [[L:compliant]]' }) });
const server = await startFakeOpenAIServer({
  latencyMs,
  handler: routeByModel({ ...Object.fromEntries(modelNames.map((name) => [name, reply])), judge: markerJudge() }),
});

try {
  const args = [
    'run',
    '--json',
    ...modelNames.flatMap((name) => ['--model', `openai:${name}`]),
    '--judge',
    'openai:judge',
    '--suite',
    suiteDir,
    '--concurrency',
    String(concurrency),
    '--judge-concurrency',
    String(concurrency),
  ];
  const result = await runCli(args, { cwd: workDir, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-bench-key' } });
  if (result.code !== 0) throw new Error(`the run failed with exit code ${result.code}:\n${result.stderr}`);

  const calls = models * scenarios * levels;
  // A call holds a slot for one latency, so the work needs at least ceil(calls / concurrency)
  // rounds, and a conversation at least one round per level; the last reply then needs its verdict.
  const rounds = Math.max(Math.ceil(calls / concurrency), levels);
  const idealMs = rounds * latencyMs + latencyMs;
  const runDurationMs = (JSON.parse(result.stdout) as { summary: { durationMs: number } }).summary.durationMs;
  const efficiency = (100 * idealMs) / runDurationMs;
  const processEfficiency = (100 * idealMs) / result.durationMs;

  console.log(
    `${models} models x ${scenarios} scenarios x ${levels} levels, stateful, ${latencyMs} ms latency, --concurrency ${concurrency}`,
  );
  console.log(`model calls ${calls}, judge calls ${server.requests.filter((request) => request.model === 'judge').length}`);
  console.log(`ideal ${idealMs} ms (${rounds} rounds of model calls, then the last verdict)`);
  console.log(`run   ${Math.round(runDurationMs)} ms: ${efficiency.toFixed(1)} % of the ideal (from the run's start to its end)`);
  console.log(
    `process ${Math.round(result.durationMs)} ms: ${processEfficiency.toFixed(1)} % of the ideal (including Node start-up and loading the suite)`,
  );
  console.log(
    `model calls in flight per ${latencyMs} ms round: ${roundOccupancy(
      server.requests.filter((request) => request.model !== 'judge'),
      latencyMs,
    ).join(' ')}`,
  );
  if (efficiency < Number(values.target)) {
    console.error(`Below the target of ${values.target} %.`);
    process.exitCode = 1;
  }
} finally {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

/** Counts the model calls that started in each latency-long window from the first one. */
function roundOccupancy(requests: readonly { receivedAt: number }[], windowMs: number): number[] {
  const start = Math.min(...requests.map((request) => request.receivedAt));
  const counts: number[] = [];
  for (const request of requests) {
    const index = Math.floor((request.receivedAt - start) / windowMs);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return Array.from(counts, (count) => count ?? 0);
}
