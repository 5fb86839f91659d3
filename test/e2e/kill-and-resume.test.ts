import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { loadSuite } from '../../src/suite/index.js';
import {
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeRequest,
} from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, spawnCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const labels = ['compliant', 'hesitant', 'refusal', 'compliant', 'proactive'];

describe('SIGKILL in the middle of a run, then resume', () => {
  let server: FakeOpenAIServer;
  const workDirs: string[] = [];
  let runId: string;
  let resumed: CliResult;
  let phases: { killed: FakeRequest[]; resumed: FakeRequest[]; reference: FakeRequest[] };
  let figures: { resumed: unknown; reference: unknown };
  let statusAfterKill: string;

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    const model = scriptedModel(suite, (turn) =>
      turn.track === 'benign' || turn.level === 1 ? 'compliant' : labels[(turn.level + turn.model.length) % labels.length]!,
    );
    const route = routeByModel({ a: model, bb: model, j: markerJudge() });
    // Once holding, every request hangs until its client goes away, so the kill lands with
    // calls in flight, and every call answered before it has had time to be stored.
    let holding = false;
    const handler: FakeHandler = (request) => (holding ? { hang: 'before-headers' } : route(request));
    server = await startFakeOpenAIServer({ handler, latencyMs: 200 });
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
    const args = ['run', '--model', 'openai:a', '--model', 'openai:bb', '--judge', 'openai:j', '--suite', suitePath, '--concurrency', '4'];

    const interrupted = newWorkDir();
    const child = spawnCli(args, { cwd: interrupted, env });
    while (server.requests.filter((request) => request.model !== 'j').length < 12) await sleep(10);
    holding = true;
    await waitUntilStored(join(interrupted, '.complicity/complicity.db'), server.requests.slice());
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const killedCount = server.requests.length;
    holding = false;

    const store = Store.open(join(interrupted, '.complicity/complicity.db'), { create: false });
    runId = store.listRuns()[0]!.id;
    store.close();
    statusAfterKill = (JSON.parse((await runCli(['list', 'runs', '--json'], { cwd: interrupted })).stdout) as { status: string }[])[0]!
      .status;
    resumed = await runCli(['resume', runId, '--concurrency', '4'], { cwd: interrupted, env });
    const resumedCount = server.requests.length;

    const uninterrupted = newWorkDir();
    await runCli(args, { cwd: uninterrupted, env });
    phases = {
      killed: server.requests.slice(0, killedCount),
      resumed: server.requests.slice(killedCount, resumedCount),
      reference: server.requests.slice(resumedCount),
    };
    figures = {
      resumed: statsOf(await runCli(['stats', '--json'], { cwd: interrupted })),
      reference: statsOf(await runCli(['stats', '--json'], { cwd: uninterrupted })),
    };
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    for (const folder of workDirs) rmSync(folder, { recursive: true, force: true });
  });

  function newWorkDir(): string {
    const folder = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    workDirs.push(folder);
    return folder;
  }

  it('kills the run with calls in flight', () => {
    expect(phases.killed.filter((request) => request.closedEarly).length).toBeGreaterThan(0);
  });

  it('lists the killed run as interrupted', () => {
    expect(statusAfterKill).toBe('interrupted');
  });

  it('completes the run on resume', () => {
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Resuming run ${runId}`);
  });

  it('gives the figures of an uninterrupted run', () => {
    expect(figures.resumed).toEqual(figures.reference);
  });

  it('sends each request as often as an uninterrupted run', () => {
    // Answered before the kill plus sent by the resume must equal the uninterrupted run,
    // request by request: nothing answered is sent again, and nothing is missing.
    const answered = countBodies(phases.killed.filter((request) => !request.closedEarly));
    const resumedBodies = countBodies(phases.resumed);
    const combined = new Map(answered);
    for (const [body, count] of resumedBodies) combined.set(body, (combined.get(body) ?? 0) + count);
    expect(sortedEntries(combined)).toEqual(sortedEntries(countBodies(phases.reference)));
  });

  it('sends again the calls that were never answered', () => {
    const resumedBodies = new Set(phases.resumed.map((request) => request.rawBody));
    for (const request of phases.killed.filter((candidate) => candidate.closedEarly)) {
      expect(resumedBodies.has(request.rawBody)).toBe(true);
    }
  });
});

/**
 * Waits until every request that arrived before the hold has its response and its result is stored:
 * a reply as a turn, a judge's reply as a verdict. Polling gives a slow machine all the time it needs.
 */
async function waitUntilStored(dbPath: string, answered: readonly FakeRequest[]): Promise<void> {
  const stored = () => {
    const database = new Database(dbPath, { readonly: true });
    try {
      const count = (sql: string) => (database.prepare(sql).get() as { count: number }).count;
      return count('SELECT count(*) AS count FROM turns') + count("SELECT count(*) AS count FROM verdicts WHERE judge = 'openai:j'");
    } finally {
      database.close();
    }
  };
  while (answered.some((request) => request.finishedAt === undefined) || stored() < answered.length) await sleep(10);
}

function countBodies(requests: readonly FakeRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.rawBody, (counts.get(request.rawBody) ?? 0) + 1);
  return counts;
}

function sortedEntries(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

function statsOf(result: CliResult): unknown {
  const [stats] = (JSON.parse(result.stdout) as { runs: { models: unknown }[] }).runs;
  return stats!.models;
}
