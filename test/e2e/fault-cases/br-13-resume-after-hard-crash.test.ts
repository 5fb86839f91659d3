import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type TurnRecord, type VerdictRecord } from '../../../src/store/index.js';
import { loadSuite, type Suite } from '../../../src/suite/index.js';
import {
  chatCompletion,
  judgedReply,
  markerJudge,
  messageText,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeRequest,
} from '../../helpers/index.js';
import { assertBuilt, runCli, spawnCli, type CliResult } from '../cli.js';
import { addressOf } from '../scripted-model.js';
import { basicSuitePath } from './run-fault-case.js';

// BR-13: after an unclean stop, finished work was either sent again or redone and then lost.
// The case's results file with a last line cut mid-object is, for our SQLite store, a write-ahead
// log whose last frame is cut: the torn write of a process killed mid-commit.

const scenarios = ['lead-results-notice', 'night-shift-sedation'];
const labels = ['refusal', 'hesitant', 'compliant', 'refusal', 'proactive'];
/** The turn whose verdict the first execution never stores, because its judge call hangs until the kill. */
const unjudged = { model: 'openai:m1', scenarioId: scenarios[0]!, level: 1 };

interface Snapshot {
  turns: TurnRecord[];
  verdicts: VerdictRecord[];
}

describe('BR-13 resume after a hard crash', () => {
  let suite: Suite;
  let server: FakeOpenAIServer;
  let workDir: string;
  let dbPath: string;
  let runId: string;
  let phase = 1;
  const requestsOf: Record<number, FakeRequest[]> = { 1: [], 2: [], 3: [] };
  const afterKill: Record<number, Snapshot> = {};
  let walCut = false;
  let integrity: string;
  let finalRun: CliResult;
  let final: Snapshot;

  beforeAll(async () => {
    assertBuilt();
    suite = await loadSuite([basicSuitePath]);
    const target: FakeHandler = (request) => {
      const address = addressOf(suite, request)!;
      const content = `Reply from ${request.model} to ${address.scenarioId} L${address.level}. [[L:${labels[address.level - 1]}]]`;
      return { body: chatCompletion({ content, model: request.model }) };
    };
    const judge = markerJudge();
    const hangFirstJudgeCall: FakeHandler = (request) =>
      phase === 1 && isUnjudgedTurn(request) ? { hang: 'before-headers' } : judge(request);
    // Each target reply takes 200 ms, so a kill lands with calls in flight.
    const route = routeByModel({ m1: delayed(target), m2: delayed(target), judge: hangFirstJudgeCall });
    server = await startFakeOpenAIServer({
      handler: (request) => {
        requestsOf[phase]!.push(request);
        return route(request);
      },
    });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-fault-'));
    dbPath = join(workDir, '.complicity/complicity.db');
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
    const runArgs = ['run', '--model', 'openai:m1', '--model', 'openai:m2', '--judge', 'openai:judge', '--suite', basicSuitePath];

    await killAfterServed(
      spawnCli([...runArgs, ...scenarios.flatMap((id) => ['--scenario', id]), '--track', 'dystopian'], { cwd: workDir, env }),
      11,
    );
    walCut = cutLastWalFrame(dbPath);
    afterKill[1] = snapshot(dbPath);
    runId = afterKill[1].turns[0]!.runId;

    phase = 2;
    // This kill waits until the resumed process has stored answers of its own, with the next calls in flight.
    await killAfterServed(spawnCli(['resume', runId], { cwd: workDir, env }), 4, { storedMoreThan: afterKill[1].turns.length });
    afterKill[2] = snapshot(dbPath);

    phase = 3;
    finalRun = await runCli(['resume', runId], { cwd: workDir, env });
    final = snapshot(dbPath);
    const database = new Database(dbPath, { readonly: true });
    integrity = database.pragma('integrity_check', { simple: true }) as string;
    database.close();
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function isUnjudgedTurn(request: FakeRequest): boolean {
    return (judgedReply(request) ?? '').startsWith(`Reply from m1 to ${unjudged.scenarioId} L${unjudged.level}.`);
  }

  /**
   * Kills the process with SIGKILL once the target models have answered `count` requests of this
   * phase and, when `storedMoreThan` is given, the store holds more turns than that.
   */
  async function killAfterServed(
    child: ReturnType<typeof spawnCli>,
    count: number,
    options: { storedMoreThan?: number } = {},
  ): Promise<void> {
    const served = () => requestsOf[phase]!.filter((request) => request.model !== 'judge' && request.finishedAt !== undefined).length;
    while (served() < count) await sleep(5);
    const { storedMoreThan } = options;
    if (storedMoreThan !== undefined) while (countTurns(dbPath) <= storedMoreThan) await sleep(5);
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
  }

  const targetRequests = (phases: number[]) =>
    phases.flatMap((number) => requestsOf[number]!).filter((request) => request.model !== 'judge');
  const keyOf = (model: string, scenarioId: string, level: number) => `${model} ${scenarioId} ${level}`;
  const requestKey = (request: FakeRequest) => {
    const address = addressOf(suite, request)!;
    return keyOf(`openai:${request.model}`, address.scenarioId, address.level);
  };

  it('BR-13: resumes to exactly 20 unique answered rows', () => {
    expect(finalRun.code).toBe(0);
    expect(final.turns).toHaveLength(20);
    expect(new Set(final.turns.map((turn) => keyOf(turn.model, turn.scenarioId, turn.level))).size).toBe(20);
    expect(final.turns.every((turn) => turn.status === 'ok')).toBe(true);
    expect(new Set(final.verdicts.map((verdict) => verdict.turnId)).size).toBe(20);
  });

  it('BR-13: never sends a stored turn to the model again', () => {
    for (const [killed, later] of [
      [1, [2, 3]],
      [2, [3]],
    ] as const) {
      const stored = new Set(afterKill[killed]!.turns.map((turn) => keyOf(turn.model, turn.scenarioId, turn.level)));
      const resent = targetRequests([...later])
        .map(requestKey)
        .filter((key) => stored.has(key));
      expect(resent, `after kill ${killed}`).toEqual([]);
    }
  });

  it('BR-13: replays the stored turns exactly in the next request', () => {
    const resumedRequests = targetRequests([2, 3]);
    let checked = 0;
    for (const request of resumedRequests) {
      const address = addressOf(suite, request)!;
      const earlier = afterKill[1]!.turns
        .filter((turn) => turn.model === `openai:${request.model}` && turn.scenarioId === address.scenarioId && turn.level < address.level)
        .sort((first, second) => first.level - second.level);
      if (earlier.length === 0) continue;
      const sent = (request.messages ?? []).filter((message) => message.role !== 'system').slice(0, earlier.length * 2);
      const expected = earlier.flatMap((turn) => [
        { role: 'user', content: turn.prompt },
        { role: 'assistant', content: turn.reply },
      ]);
      expect(sent.map((message) => ({ role: message.role, content: messageText(message) }))).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('BR-13: only judges a stored reply that has no verdict', () => {
    const turn = afterKill[1]!.turns.find(
      (candidate) =>
        candidate.model === unjudged.model && candidate.scenarioId === unjudged.scenarioId && candidate.level === unjudged.level,
    )!;
    expect(afterKill[1]!.verdicts.filter((verdict) => verdict.turnId === turn.id)).toEqual([]);
    expect(targetRequests([2, 3]).map(requestKey)).not.toContain(keyOf(unjudged.model, unjudged.scenarioId, unjudged.level));
    const judgedLater = [...requestsOf[2]!, ...requestsOf[3]!].filter((request) => request.model === 'judge' && isUnjudgedTurn(request));
    expect(judgedLater.filter((request) => request.finishedAt !== undefined)).toHaveLength(1);
    expect(final.verdicts.find((verdict) => verdict.turnId === turn.id)?.label).toBe('refusal');
  });

  it('BR-13: keeps every row stored before each kill', () => {
    for (const earlier of [afterKill[1]!, afterKill[2]!]) {
      for (const turn of earlier.turns) {
        const kept = final.turns.find((candidate) => candidate.id === turn.id);
        expect(kept?.reply).toBe(turn.reply);
      }
    }
    expect(afterKill[2]!.turns.length).toBeGreaterThan(afterKill[1]!.turns.length);
  });

  it('BR-13: opens a store whose last log frame was cut, without a partial row', () => {
    expect(walCut).toBe(true);
    expect(integrity).toBe('ok');
    for (const turn of afterKill[1]!.turns) expect(turn.reply).toMatch(/^Reply from m\d to .* L\d\. \[\[L:\w+\]\]$/);
  });
});

function delayed(handler: FakeHandler): FakeHandler {
  return async (request) => ({ ...(await handler(request)), delayMs: 200 });
}

function snapshot(dbPath: string): Snapshot {
  const store = Store.open(dbPath, { create: false });
  try {
    const run = store.listRuns()[0]!;
    // The offline cross-check's verdicts are stored beside the judge's; this case follows the judge's.
    const judges = (run.config as { judges: string[] }).judges;
    return { turns: store.listTurns(run.id), verdicts: store.listVerdicts(run.id).filter((verdict) => judges.includes(verdict.judge)) };
  } finally {
    store.close();
  }
}

/** Counts the stored turns without writing to the store, so a running process can go on. */
function countTurns(dbPath: string): number {
  const database = new Database(dbPath, { readonly: true });
  try {
    return (database.prepare('SELECT count(*) AS count FROM turns').get() as { count: number }).count;
  } finally {
    database.close();
  }
}

/**
 * Cuts the write-ahead log in the middle of its last frame, as a process killed while writing
 * would leave it. Returns false when the log contains no frame to cut.
 */
function cutLastWalFrame(dbPath: string): boolean {
  const walPath = `${dbPath}-wal`;
  const size = statSync(walPath, { throwIfNoEntry: false })?.size ?? 0;
  // A 32-byte header, then frames of a 24-byte header and one 4,096-byte page.
  if (size < 32 + 24 + 4096) return false;
  truncateSync(walPath, size - 2048);
  return true;
}
