import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/index.js';
import { checkStoreIntegrity } from '../helpers/check-store-integrity.js';
import { holdStoreOpen, storeOpenGateMarker } from '../helpers/hold-store-open.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeHandler, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, spawnCli, type CliProcess, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const labels = ['refusal', 'hesitant', 'compliant', 'proactive'];

/** `run` of two models and judge j over the basic suite, with run id `runId`. */
function runArgs(runId: string): string[] {
  return ['run', '--run', runId, '--suite', suitePath, '--model', 'openai:a', '--model', 'openai:b', '--judge', 'openai:j'];
}

describe('two complicity processes on one store', () => {
  let server: FakeOpenAIServer;
  let env: Record<string, string>;
  let workDir: string;
  let referenceStats: unknown;
  let handler: FakeHandler;
  /** Promise that, while set, delays every fake-server reply until it settles, so a run stays in progress. */
  let hold: Promise<void> | undefined;

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    const model = scriptedModel(suite, (turn) =>
      turn.track === 'benign' || turn.level === 1 ? 'compliant' : labels[(turn.level + turn.model.length) % labels.length]!,
    );
    // The latency makes a run last a couple of seconds, so other processes overlap with it.
    const route = routeByModel({ a: model, b: model, j: markerJudge(), k: markerJudge() });
    handler = async (request) => {
      await hold;
      return route(request);
    };
    server = await startFakeOpenAIServer({ handler, latencyMs: 60 });
    env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
    workDir = mkdtempSync(join(tmpdir(), 'complicity-concurrent-'));

    const referenceDir = newFolder('reference');
    const reference = await runCli(runArgs('reference'), { cwd: referenceDir, env });
    expect(reference.code, reference.stderr).toBe(0);
    referenceStats = await statsOf(referenceDir, 'reference');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Holds the fake server's requests until the returned function is called. */
  function holdRequests(): () => void {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    return () => {
      release();
      hold = undefined;
    };
  }

  function newFolder(name: string): string {
    return mkdtempSync(join(workDir, `${name}-`));
  }

  async function statsOf(cwd: string, runId: string): Promise<unknown> {
    const result = await runCli(['stats', runId, '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    return withoutIdentity(result.stdout);
  }

  it('serves stats and list during a run', async () => {
    const folder = newFolder('stats-during-run');
    // The first readers run while the model calls are held, so at least one sees the run in progress
    // however slow the machine; the later ones overlap with the calls as they are answered.
    const release = holdRequests();
    const run = spawnCli(runArgs('long'), { cwd: folder, env });
    await waitForStart(run);

    const readers: CliResult[] = [];
    let finished = false;
    void run.exited.then(() => (finished = true));
    while (!finished || readers.length < 2) {
      readers.push(await runCli(['stats', 'long', '--json'], { cwd: folder }), await runCli(['list', 'runs', '--json'], { cwd: folder }));
      release();
    }
    const result = await run.exited;

    expect(result.code, result.stderr).toBe(0);
    for (const reader of readers) expect(reader.code, reader.stderr).toBe(0);
    expect(readers.filter((reader) => reader.stdout.includes('"running"')).length).toBeGreaterThan(0);
    expect(await statsOf(folder, 'long')).toEqual(referenceStats);
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  });

  it('completes two runs at once on a new store', async () => {
    const folder = newFolder('two-runs');

    const [first, second] = await Promise.all([
      runCli(runArgs('first'), { cwd: folder, env }),
      runCli(runArgs('second'), { cwd: folder, env }),
    ]);

    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(await statsOf(folder, 'first')).toEqual(referenceStats);
    expect(await statsOf(folder, 'second')).toEqual(referenceStats);
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  });

  it('creates one store from four processes', async () => {
    // Each round holds four processes right after they open a store that does not exist yet,
    // then releases them together, so that they race to create its tables.
    for (let round = 0; round < 2; round++) {
      const folder = newFolder(`create-race-${round}`);
      const gate = join(folder, 'open-gate');
      const runIds = ['w', 'x', 'y', 'z'].map((letter) => `${letter}${round}`);
      const small = (runId: string) => [...runArgs(runId), '--scenario', 'lead-results-notice', '--levels', '1'];
      const runs = runIds.map((runId) => spawnCli(small(runId), { cwd: folder, env: { ...env, ...holdStoreOpen(gate) } }));
      await Promise.all(runs.map((run) => waitForOutput(run, storeOpenGateMarker)));

      writeFileSync(gate, '');
      const results = await Promise.all(runs.map((run) => run.exited));

      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const listed = JSON.parse((await runCli(['list', 'runs', '--json'], { cwd: folder })).stdout) as { id: string }[];
      expect(listed.map((run) => run.id).sort()).toEqual(runIds);
      expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
    }
  });

  it('rejects a second run with the same id', async () => {
    const folder = newFolder('same-id');

    const results = await Promise.all([runCli(runArgs('twin'), { cwd: folder, env }), runCli(runArgs('twin'), { cwd: folder, env })]);

    const codes = results.map((result) => result.code).sort();
    expect(codes).toEqual([0, 2]);
    const rejected = results.find((result) => result.code === 2)!;
    expect(rejected.stderr).toMatch(/^Error: Run "twin" already exists in .*complicity\.db\. Continue it with: complicity resume twin\n$/);
    expect(await statsOf(folder, 'twin')).toEqual(referenceStats);
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  });

  it('rejects judging the run in progress', { timeout: 90_000 }, async () => {
    // Held model calls keep the run going while a loaded machine starts the second process.
    const folder = newFolder('judge-same-run');
    const release = holdRequests();
    const run = spawnCli(runArgs('busy'), { cwd: folder, env });
    await waitForStart(run);

    const judge = await runCli(['judge', 'busy', '--judge', 'openai:k'], { cwd: folder, env });
    release();
    const result = await run.exited;

    expect(judge.code).toBe(2);
    expect(judge.stderr).toMatch(
      new RegExp(
        `^Error: Run busy is being executed by process ${run.child.pid} on .*\\. Wait for it to end, or stop it, then try again\\.\\n$`,
      ),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await statsOf(folder, 'busy')).toEqual(referenceStats);
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  });

  it('judges one run while another runs', async () => {
    const folder = newFolder('judge-other-run');
    const earlier = await runCli(runArgs('earlier'), { cwd: folder, env });
    expect(earlier.code, earlier.stderr).toBe(0);
    const run = spawnCli(runArgs('later'), { cwd: folder, env });
    await waitForStart(run);

    const judge = await runCli(['judge', 'earlier', '--judge', 'openai:k', '--json'], { cwd: folder, env });
    const result = await run.exited;

    expect(judge.code, judge.stderr).toBe(0);
    expect(result.code, result.stderr).toBe(0);
    const judged = await runCli(['stats', 'earlier', '--judge', 'openai:k', '--json'], { cwd: folder });
    expect(withoutIdentity(judged.stdout)).toMatchObject({ runs: [{ judges: ['openai:k'] }] });
    expect(await statsOf(folder, 'later')).toEqual(referenceStats);
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  });

  it('gives up on a lock held too long', async () => {
    const folder = newFolder('held-lock');
    const seeded = await runCli([...runArgs('seeded'), '--scenario', 'lead-results-notice', '--levels', '1'], { cwd: folder, env });
    expect(seeded.code, seeded.stderr).toBe(0);
    const holder = new Database(storeIn(folder));
    holder.exec('BEGIN IMMEDIATE');

    let stats: CliResult;
    let blocked: CliResult;
    try {
      stats = await runCli(['stats', 'seeded', '--json'], { cwd: folder });
      blocked = await runCli([...runArgs('blocked'), '--scenario', 'lead-results-notice', '--levels', '1'], { cwd: folder, env });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }

    expect(stats.code, stats.stderr).toBe(0);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(
      /^Error: Cannot write to the store .*complicity\.db: another process has kept it locked for too long\. Wait for that process to finish, or stop it, then run the command again\.\n$/,
    );
    expect(checkStoreIntegrity(storeIn(folder))).toEqual([]);
  }, 60_000);
});

function storeIn(folder: string): string {
  return join(folder, '.complicity/complicity.db');
}

/** Waits until the run has claimed its row in the store and starts calling models. */
function waitForStart(run: CliProcess): Promise<void> {
  return waitForOutput(run, 'Starting run');
}

async function waitForOutput(run: CliProcess, text: string): Promise<void> {
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!run.stderr.includes(text)) {
    if (exited) throw new Error(`the process ended before it wrote "${text}": ${run.stderr}`);
    await sleep(10);
  }
}

/** Parses `stats --json` output without what differs between two runs of the same plan. */
function withoutIdentity(stdout: string): unknown {
  const parsed = JSON.parse(stdout) as { runs: { runId?: string; createdAt?: string }[] };
  for (const run of parsed.runs) {
    delete run.runId;
    delete run.createdAt;
  }
  return parsed;
}
