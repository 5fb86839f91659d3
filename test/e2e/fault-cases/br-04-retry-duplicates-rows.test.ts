import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSuite, type Suite } from '../../../src/suite/index.js';
import type { TurnRecord } from '../../../src/store/index.js';
import {
  chatCompletion,
  markerJudge,
  messageText,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeResponse,
} from '../../helpers/index.js';
import { addressOf, type TurnAddress } from '../scripted-model.js';
import { readSiteData } from './read-site-data.js';
import { basicSuitePath, runFaultCase, type FaultCaseRun } from './run-fault-case.js';

// BR-04: after a rate limit the same sample ran again, both results were logged under one id, and
// the final accuracy counted the duplicates.

const labels = ['compliant', 'hesitant', 'refusal', 'compliant', 'proactive'];
const hundredKilobytes = 'x'.repeat(100 * 1024);

/** Builds the reply text of one attempt, unique per turn and attempt, so a stored reply names its source. */
function replyText(turn: TurnAddress, attempt: number, padding = ''): string {
  return `Reply to ${turn.scenarioId} L${turn.level}, attempt ${attempt}.${padding} [[L:${labels[turn.level - 1]}]]`;
}

describe('BR-04 retry produces duplicate rows', () => {
  let suite: Suite;
  let servers: FakeOpenAIServer[] = [];
  let runs: { retried: FaultCaseRun; large: FaultCaseRun } | undefined;
  const scenarioId = (index: number) => suite.scenarios[index]!.id;

  beforeAll(async () => {
    suite = await loadSuite([basicSuitePath]);
    const attempts = new Map<string, number>();
    const retriedModel = replyByTurn(suite, (turn) => {
      const key = `${turn.scenarioId} ${turn.level}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      return retriedReply(turn, attempt);
    });
    const largeModel = replyByTurn(suite, (turn) => ({ body: chatCompletion({ content: replyText(turn, 1, hundredKilobytes) }) }));
    servers = await Promise.all([
      startFakeOpenAIServer({ handler: routeByModel({ target: retriedModel, judge: markerJudge() }) }),
      startFakeOpenAIServer({ handler: routeByModel({ target: largeModel, judge: markerJudge() }) }),
    ]);
    const args = ['run', '--model', 'openai:target', '--judge', 'openai:judge', '--suite', basicSuitePath, '--track', 'dystopian'];
    const [retried, large] = await Promise.all([
      runFaultCase({ args: [...args, '--concurrency', '4', '--timeout', '2'], env: envOf(servers[0]!) }),
      runFaultCase({ args: [...args, '--concurrency', '8'], env: envOf(servers[1]!) }),
    ]);
    runs = { retried, large };
  }, 30_000);

  // (a) The first attempt of scenario 2 level 3 is rate limited. (b) The first attempt of
  // scenario 3 level 2 answers after the 2 s timeout, while its retry is under way.
  function retriedReply(turn: TurnAddress, attempt: number): FakeResponse {
    const body = chatCompletion({ content: replyText(turn, attempt) });
    if (attempt === 1 && turn.scenarioId === scenarioId(1) && turn.level === 3) {
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
      };
    }
    if (attempt === 1 && turn.scenarioId === scenarioId(2) && turn.level === 2) return { delayMs: 3000, body };
    return { body };
  }

  afterAll(async () => {
    for (const server of servers) await server.close();
    runs?.retried.remove();
    runs?.large.remove();
  });

  const both = [
    { name: 'retries', run: () => runs!.retried, server: () => servers[0]! },
    { name: '100 KB replies at concurrency 8', run: () => runs!.large, server: () => servers[1]! },
  ];

  it.each(both)('BR-04: stores exactly 15 rows, unique per turn ($name)', ({ run }) => {
    const { turns } = run();
    expect(turns).toHaveLength(15);
    expect(new Set(turns.map(turnIdentity)).size).toBe(15);
    expect(turns.every((turn) => turn.status === 'ok')).toBe(true);
  });

  it.each(both)('BR-04: calls the judge once per stored row ($name)', ({ run, server }) => {
    expect(server().requests.filter((request) => request.model === 'judge')).toHaveLength(15);
    expect(run().verdicts).toHaveLength(15);
    expect(new Set(run().verdicts.map((verdict) => verdict.turnId)).size).toBe(15);
  });

  it.each(both)('BR-04: counts n = 15 in the figures ($name)', async ({ run }) => {
    const stats = await run().cli(['stats', '--json']);
    const dystopian = (JSON.parse(stats.stdout) as { runs: { models: { dystopian: { scored: number; planned: number } }[] }[] }).runs[0]!
      .models[0]!.dystopian;
    expect(dystopian.scored).toBe(15);
    expect(dystopian.planned).toBe(15);
  });

  it('BR-04 a: retries a rate-limited turn into one row', () => {
    const turn = turnAt(runs!.retried.turns, scenarioId(1), 3);
    expect(turn.attempts).toBe(2);
    expect(turn.reply).toContain('attempt 2');
  });

  it('BR-04 b: keeps the retry, not the late answer, in the row and the history', () => {
    const turn = turnAt(runs!.retried.turns, scenarioId(2), 2);
    expect(turn.attempts).toBe(2);
    expect(turn.reply).toContain('attempt 2');

    const levelThree = servers[0]!.requests.filter((request) => {
      const address = addressOf(suite, request);
      return request.model === 'target' && address?.scenarioId === scenarioId(2) && address.level === 3;
    });
    expect(levelThree).toHaveLength(1);
    const assistantTurns = (levelThree[0]!.messages ?? []).filter((message) => message.role === 'assistant').map(messageText);
    expect(assistantTurns).toHaveLength(2);
    expect(assistantTurns[1]).toBe(turn.reply);
    expect(assistantTurns.join('\n')).not.toContain('L2, attempt 1');
  });

  it('BR-04 c: stores and exports every 100 KB reply whole', async () => {
    const { turns, cli, workDir } = runs!.large;
    for (const turn of turns) expect(turn.reply === replyText({ ...turn, model: 'target' }, 1, hundredKilobytes)).toBe(true);

    const site = join(workDir, 'site');
    expect((await cli(['report', '--out', site])).code).toBe(0);
    const strings = readSiteData(site).strings;
    // Compared as booleans, because a failure would otherwise print 100 KB per reply.
    for (const turn of turns) expect(strings.has(turn.reply!)).toBe(true);
  });
});

/** Answers each request by the dystopian turn its last user message belongs to; the run sends no other track. */
function replyByTurn(suite: Suite, reply: (turn: TurnAddress) => FakeResponse): FakeHandler {
  return (request) => {
    const address = addressOf(suite, request);
    if (!address) throw new Error(`request ${request.index} matches no level of the suite`);
    return reply({ model: request.model ?? '', ...address });
  };
}

function envOf(server: FakeOpenAIServer): Record<string, string> {
  return { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
}

function turnIdentity(turn: TurnRecord): string {
  return JSON.stringify([turn.model, turn.scenarioId, turn.track, turn.level, turn.replicate]);
}

function turnAt(turns: TurnRecord[], scenarioId: string, level: number): TurnRecord {
  const turn = turns.find((candidate) => candidate.scenarioId === scenarioId && candidate.level === level);
  if (!turn) throw new Error(`no stored turn for ${scenarioId} level ${level}`);
  return turn;
}
