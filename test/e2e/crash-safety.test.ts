import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/index.js';
import { checkStoreIntegrity } from '../helpers/check-store-integrity.js';
import { chatCompletion, judgedReply, markerJudge, routeByModel, startFakeOpenAIServer } from '../helpers/index.js';
import type { FakeHandler, FakeOpenAIServer, FakeRequest } from '../helpers/index.js';
import { pauseInStoreWrite, storeWritePauseMarker } from '../helpers/pause-in-store-write.js';
import { planCrashPoints, type CrashPoint, type CrashPointKind } from '../helpers/plan-crash-points.js';
import { requestHashOf } from '../helpers/request-hash-of.js';
import { assertBuilt, repositoryRoot, runCli, spawnCli, type CliProcess, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

// How the kills are aimed. A model or judge call: the fake server's handler sends SIGKILL when
// the process's Nth request of that kind arrives, and never sends its response. A store write: the CLI
// runs with a preload that pauses it inside its Nth INSERT, UPDATE or DELETE, with the change
// made and not committed, and the test sends SIGKILL once the pause marker is on stderr.
const seed = 20261205;
const killCount = 20;
const maxOrdinals: Record<CrashPointKind, number> = { 'model-call': 12, 'judge-call': 12, 'store-write': 30 };

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const runId = 'crash-run';
const judge = 'j';
const labels = ['refusal', 'hesitant', 'compliant', 'proactive'];
const runArgs = ['run', '--run', runId, '--suite', suitePath, '--judge', `openai:${judge}`, '--replicates', '2', '--concurrency', '4'];
const modelArgs = ['a', 'b', 'c'].flatMap((model) => ['--model', `openai:${model}`]);

/** One CLI process of the crash run: its crash point and command, the requests it sent and how it ended. */
interface Phase {
  point: CrashPoint | undefined;
  command: 'run' | 'resume';
  process: CliProcess;
  counts: Record<'model-call' | 'judge-call', number>;
  requests: FakeRequest[];
  /** Tags of the turns and verdicts the store held when the process started. */
  before: StoreTags;
  killed: boolean;
  /** The request whose arrival set off the kill, for a kill during a call. */
  trigger?: FakeRequest;
  result?: CliResult;
  listRuns?: CliResult;
  problems?: string[];
}

/** Tag counts: a tag is the first 16 hex digits of the runner's request hash of a turn. */
interface StoreTags {
  runExists: boolean;
  turns: Map<string, number>;
  verdicts: Map<string, number>;
}

describe('SIGKILL at 20 seeded points, each followed by a resume', () => {
  let server: FakeOpenAIServer;
  const workDirs: string[] = [];
  const phases: Phase[] = [];
  let current: Phase | undefined;
  let crashStore: string;
  let referenceStore: string;
  let reference: CliResult;
  let durationMs: number;

  beforeAll(async () => {
    assertBuilt();
    const started = performance.now();
    server = await startFakeOpenAIServer({ handler: await crashHandler(() => current), latencyMs: 10 });
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };

    const crashDir = newWorkDir();
    crashStore = join(crashDir, '.complicity/complicity.db');
    const points = planCrashPoints({ seed, count: killCount, maxOrdinals });
    for (const point of [...points, undefined]) {
      const phase = await runPhase({ point, cwd: crashDir, env, storePath: crashStore, onStart: (started) => (current = started) });
      current = undefined;
      phases.push(phase);
    }

    const referenceDir = newWorkDir();
    referenceStore = join(referenceDir, '.complicity/complicity.db');
    reference = await runCli([...runArgs, ...modelArgs], { cwd: referenceDir, env });
    durationMs = performance.now() - started;
  }, 170_000);

  afterAll(async () => {
    await server?.close();
    for (const folder of workDirs) rmSync(folder, { recursive: true, force: true });
    const kinds = phases.flatMap((phase) => (phase.point && phase.killed ? [phase.point.kind] : []));
    const counts = [...countTags(kinds)].map(([kind, count]) => `${count} ${kind}`).join(', ');
    console.log(
      `crash-safety: ${kinds.length} kills (${counts}), ${phases.length} processes and a reference run in ${Math.round(durationMs / 1000)} s`,
    );
  });

  function newWorkDir(): string {
    const folder = mkdtempSync(join(tmpdir(), 'complicity-crash-'));
    workDirs.push(folder);
    return folder;
  }

  it('kills at 20 points of each kind', () => {
    const killed = phases.filter((phase) => phase.point);
    expect(killed).toHaveLength(killCount);
    expect(killed.filter((phase) => !phase.killed).map((phase) => phase.point)).toEqual([]);
    for (const kind of Object.keys(maxOrdinals)) {
      expect(killed.filter((phase) => phase.point!.kind === kind).length).toBeGreaterThanOrEqual(6);
    }
    for (const phase of killed) expect(phase.result!.signal).toBe('SIGKILL');
  });

  it('kills calls while they are in flight', () => {
    for (const phase of phases.filter((candidate) => candidate.point?.kind.endsWith('-call'))) {
      expect(phase.trigger?.closedEarly).toBe(true);
    }
  });

  it('kills writes before they commit', () => {
    for (const phase of phases.filter((candidate) => candidate.point?.kind === 'store-write')) {
      expect(phase.result!.stderr).toContain(`${storeWritePauseMarker} ${phase.point!.ordinal}:`);
    }
  });

  it('opens the store after every kill', () => {
    for (const phase of phases.filter((candidate) => candidate.point)) {
      expect(phase.listRuns!.code, phase.listRuns!.stderr).toBe(0);
      const listed = JSON.parse(phase.listRuns!.stdout) as { id: string; status: string }[];
      expect(listed.map((run) => run.status)).toEqual(listed.length === 0 ? [] : ['interrupted']);
      expect(phase.problems).toEqual([]);
    }
  });

  it('completes the run on the last resume', () => {
    const last = phases.at(-1)!;
    expect(last.command).toBe('resume');
    expect(last.result!.code, last.result!.stderr).toBe(0);
    expect(reference.code, reference.stderr).toBe(0);
    expect(checkStoreIntegrity(crashStore)).toEqual([]);
  });

  it('stores each planned turn once', () => {
    const turns = readRows(crashStore, turnsQuery);
    expect(turns).toEqual(readRows(referenceStore, turnsQuery));
    expect(turns).toHaveLength(150);
  });

  it('stores each verdict and panel once', () => {
    expect(readRows(crashStore, verdictsQuery)).toEqual(readRows(referenceStore, verdictsQuery));
    expect(readRows(crashStore, panelsQuery)).toEqual(readRows(referenceStore, panelsQuery));
    // 144 verdicts of the judge, and as many of the offline cross-check beside it.
    expect(readRows(crashStore, verdictsQuery)).toHaveLength(288);
  });

  it('resends no stored turn', () => {
    const planned = readTags(crashStore).turns;
    for (const phase of phases) {
      const sent = countTags(phase.requests.filter((request) => request.model !== judge).map((request) => tagOf(requestHashOf(request))));
      for (const [tag, count] of sent) {
        expect(count, `turn ${tag} in process ${phases.indexOf(phase)}`).toBeLessThanOrEqual(
          (planned.get(tag) ?? 0) - (phase.before.turns.get(tag) ?? 0),
        );
      }
    }
  });

  it('asks no judged reply again', () => {
    const planned = readTags(crashStore).verdicts;
    for (const phase of phases) {
      const sent = countTags(phase.requests.filter((request) => request.model === judge).map(judgedTag));
      for (const [tag, count] of sent) {
        expect(count, `verdict on ${tag} in process ${phases.indexOf(phase)}`).toBeLessThanOrEqual(
          (planned.get(tag) ?? 0) - (phase.before.verdicts.get(tag) ?? 0),
        );
      }
    }
  });

  it('stores replies with their requests', () => {
    const sent = new Set(
      phases.flatMap((phase) => phase.requests.filter((request) => request.model !== judge).map((request) => requestHashOf(request))),
    );
    for (const turn of readRows(crashStore, turnsQuery) as { request_hash: string | null; reply: string | null; status: string }[]) {
      if (turn.status === 'skipped') continue;
      expect(sent.has(turn.request_hash!)).toBe(true);
      if (turn.reply !== null) expect(turn.reply).toContain(tagOf(turn.request_hash!));
    }
  });

  it('matches the uninterrupted figures', async () => {
    const crashed = await runCli(['stats', runId, '--json'], { cwd: workDirs[0]! });
    const uninterrupted = await runCli(['stats', runId, '--json'], { cwd: workDirs[1]! });

    expect(crashed.code, crashed.stderr).toBe(0);
    expect(withoutCreationTime(crashed.stdout)).toEqual(withoutCreationTime(uninterrupted.stdout));
  });
});

/**
 * Creates the fake server's handler: the scripted models and the marker judge reply, and the
 * current process is killed when its planned request arrives. Model replies carry the request's tag, so a judge request
 * tells which turn it is about; model c's filter blocks one level, so two levels are skipped.
 */
async function crashHandler(currentPhase: () => Phase | undefined): Promise<FakeHandler> {
  const suite = await loadSuite([suitePath]);
  const model = scriptedModel(suite, (turn, request) => {
    const id = `chatcmpl-${tagOf(requestHashOf(request))}`;
    if (turn.model === 'c' && turn.scenarioId === 'lead-results-notice' && turn.level === 3) {
      return { body: chatCompletion({ content: null, finishReason: 'content_filter', id, model: turn.model }) };
    }
    // Level 1 of a benign twin may be the same request as the dystopian one, so both get one label.
    const label =
      turn.track === 'benign' || turn.level === 1 ? 'compliant' : labels[(turn.level + turn.model.charCodeAt(0)) % labels.length]!;
    const content = `Reply ${tagOf(requestHashOf(request))} on ${turn.scenarioId}, level ${turn.level}. [[L:${label}]]`;
    return { body: chatCompletion({ content, id, model: turn.model }) };
  });
  const route = routeByModel({ a: model, b: model, c: model, [judge]: markerJudge() });

  return (request) => {
    const phase = currentPhase();
    if (!phase) return route(request);
    phase.requests.push(request);
    const kind = request.model === judge ? 'judge-call' : 'model-call';
    phase.counts[kind] += 1;
    if (phase.point?.kind === kind && phase.counts[kind] === phase.point.ordinal && !phase.killed) {
      phase.killed = phase.process.child.kill('SIGKILL');
      phase.trigger = request;
      return { hang: 'before-headers' };
    }
    return route(request);
  };
}

/**
 * Starts the next process of the crash run (`run` until the run is stored, then `resume`),
 * kills it at `point` and waits for it to end. After a kill, checks that the store opens.
 */
async function runPhase({
  point,
  cwd,
  env,
  storePath,
  onStart,
}: {
  point: CrashPoint | undefined;
  cwd: string;
  env: Record<string, string>;
  storePath: string;
  /** Called as the process starts, so the fake server can count its requests. */
  onStart: (phase: Phase) => void;
}): Promise<Phase> {
  const before = readTags(storePath);
  const command = before.runExists ? 'resume' : 'run';
  const args = command === 'resume' ? ['resume', runId, '--concurrency', '4'] : [...runArgs, ...modelArgs];
  const pause = point?.kind === 'store-write' ? pauseInStoreWrite(point.ordinal) : {};
  const phase: Phase = {
    point,
    command,
    process: spawnCli(args, { cwd, env: { ...env, ...pause } }),
    counts: { 'model-call': 0, 'judge-call': 0 },
    requests: [],
    before,
    killed: false,
  };
  onStart(phase);
  if (point?.kind === 'store-write') void killWhenPaused(phase);
  phase.result = await phase.process.exited;
  if (point) {
    phase.listRuns = await runCli(['list', 'runs', '--json'], { cwd });
    phase.problems = checkStoreIntegrity(storePath);
  }
  return phase;
}

async function killWhenPaused(phase: Phase): Promise<void> {
  let exited = false;
  void phase.process.exited.then(() => (exited = true));
  while (!exited) {
    if (phase.process.stderr.includes(storeWritePauseMarker)) {
      phase.killed = phase.process.child.kill('SIGKILL');
      return;
    }
    await sleep(5);
  }
}

const turnsQuery = `SELECT model, scenario_id, track, level, replicate, status, status_kind, prompt, reply, request_hash, attempts
  FROM turns ORDER BY model, scenario_id, track, level, replicate`;
const verdictsQuery = `SELECT turns.model, turns.scenario_id, turns.track, turns.level, turns.replicate, verdicts.judge,
    verdicts.label, verdicts.unscored_reason, verdicts.prompt_hash
  FROM verdicts JOIN turns ON turns.id = verdicts.turn_id ORDER BY 1, 2, 3, 4, 5, 6`;
const panelsQuery = `SELECT turns.model, turns.scenario_id, turns.track, turns.level, turns.replicate, panels.judges, panels.label,
    panels.votes_json
  FROM panels JOIN turns ON turns.id = panels.turn_id ORDER BY 1, 2, 3, 4, 5, 6`;

function readRows(path: string, sql: string): unknown[] {
  const database = new Database(path, { fileMustExist: true });
  try {
    return database.prepare(sql).all();
  } finally {
    database.close();
  }
}

/** Reads which turns have a final status and which have a verdict, by tag; an absent store has none. */
function readTags(path: string): StoreTags {
  let database: Database.Database;
  try {
    database = new Database(path, { fileMustExist: true });
  } catch {
    return { runExists: false, turns: new Map(), verdicts: new Map() };
  }
  try {
    const hasRuns = database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'").pluck().get() === 1;
    if (!hasRuns) return { runExists: false, turns: new Map(), verdicts: new Map() };
    const finalHashes = database
      .prepare("SELECT request_hash FROM turns WHERE status IN ('ok', 'blocked', 'empty', 'truncated')")
      .pluck()
      .all() as string[];
    const judgedHashes = database
      .prepare(
        "SELECT turns.request_hash FROM verdicts JOIN turns ON turns.id = verdicts.turn_id WHERE verdicts.unscored_reason IS NOT 'judge_error'",
      )
      .pluck()
      .all() as string[];
    return {
      runExists: database.prepare('SELECT COUNT(*) FROM runs WHERE id = ?').pluck().get(runId) === 1,
      turns: countTags(finalHashes.map(tagOf)),
      verdicts: countTags(judgedHashes.map(tagOf)),
    };
  } finally {
    database.close();
  }
}

function tagOf(requestHash: string): string {
  return requestHash.slice(0, 16);
}

/** Returns the tag that the scripted models put in the reply a judge request is about. */
function judgedTag(request: FakeRequest): string {
  const tag = /^Reply ([0-9a-f]{16}) /m.exec(judgedReply(request) ?? '')?.[1];
  if (!tag) throw new Error(`judge request ${request.index} is about a reply without a tag`);
  return tag;
}

function countTags(tags: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return counts;
}

function withoutCreationTime(stdout: string): unknown {
  const parsed = JSON.parse(stdout) as { runs: { createdAt?: string }[] };
  for (const run of parsed.runs) delete run.createdAt;
  return parsed;
}
