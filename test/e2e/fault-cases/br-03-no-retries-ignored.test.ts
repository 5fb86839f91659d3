import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastUserMessage, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../../helpers/index.js';
import { adapters, type AdapterRow } from './adapters.js';
import { basicSuitePath, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-03: a free tier's day-long quota answered every call with 429 and `Retry-After: 86400`, and
// the tool kept retrying although retries were off, stalling an automated caller.

const quotaMessage = 'Rate limit exceeded: free-models-per-day';
const quotaExhausted = {
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': '86400' },
  body: { error: { message: quotaMessage, code: 429 } },
};

type Setting = 'no retries' | 'three retries';

interface SettingRun {
  adapter: AdapterRow;
  setting: Setting;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runSetting(adapter: AdapterRow, setting: Setting): Promise<SettingRun> {
  const server = await startFakeOpenAIServer({ handler: routeByModel({ target: quotaExhausted, judge: markerJudge() }) });
  const retries = setting === 'no retries' ? ['--max-retries', '0'] : ['--max-retries', '3', '--max-retry-wait', '60'];
  const run = await runFaultCase({
    args: [
      'run',
      '--model',
      adapter.spec('target'),
      '--judge',
      adapter.spec('judge'),
      '--suite',
      basicSuitePath,
      '--track',
      'dystopian',
      ...retries,
    ],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, setting, server, run };
}

const settings: Setting[] = ['no retries', 'three retries'];
const cases = adapters.flatMap((adapter) => settings.map((setting) => ({ adapter, setting })));

describe('BR-03 no-retries setting ignored', () => {
  let runs: SettingRun[] = [];
  const find = (adapter: AdapterRow, setting: Setting) => runs.find((run) => run.adapter === adapter && run.setting === setting)!;

  beforeAll(async () => {
    runs = await Promise.all(cases.map(({ adapter, setting }) => runSetting(adapter, setting)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(cases)('BR-03: sends one request per attempted turn ($adapter.name, $setting)', ({ adapter, setting }) => {
    const { server, run } = find(adapter, setting);
    const requests = server.requests.filter((request) => request.model === 'target');
    const promptsSent = requests.map(lastUserMessage);
    expect(new Set(promptsSent).size).toBe(promptsSent.length);
    const failed = run.turns.filter((turn) => turn.status === 'error');
    expect(failed.length).toBeGreaterThan(0);
    for (const turn of failed) expect(promptsSent.filter((prompt) => prompt === turn.prompt)).toHaveLength(1);
  });

  it.each(cases)('BR-03: stores rate_limit errors with the provider message ($adapter.name, $setting)', ({ adapter, setting }) => {
    const { run } = find(adapter, setting);
    for (const turn of run.turns.filter((candidate) => candidate.status === 'error')) {
      expect(turn.statusKind).toBe('rate_limit');
      expect(turn.statusMessage).toContain(quotaMessage);
      expect(turn.reply).toBeUndefined();
      expect(run.labelOf(turn)).toBeUndefined();
    }
    expect(run.verdicts).toEqual([]);
  });

  it.each(cases)('BR-03: ends within seconds and reports the rate limit ($adapter.name, $setting)', ({ adapter, setting }) => {
    const { run } = find(adapter, setting);
    expect(run.result.durationMs).toBeLessThan(15_000);
    expect(run.result.code).toBe(1);
    expect(run.result.stdout).toMatch(/error \(rate_limit\) \d+/);
  });

  // Calls already in flight when the first 429 arrives are cut short, and their turns skipped too.
  it.each(cases)('BR-03: stops the model instead of sending more ($adapter.name, $setting)', ({ adapter, setting }) => {
    const { server, run } = find(adapter, setting);
    expect(server.requests.filter((request) => request.model === 'target').length).toBeLessThanOrEqual(3);
    const skipped = run.turns.filter((turn) => turn.status === 'skipped');
    expect(skipped.length + run.turns.filter((turn) => turn.status === 'error').length).toBe(15);
    for (const turn of skipped) expect(turn.statusKind).toBe('rate-limited');
    expect(run.result.stderr).toContain(`Stopped ${adapter.spec('target')}, whose remaining turns are skipped`);
    expect(run.result.stdout).toMatch(/skipped \(rate-limited\) \d+/);
  });

  it.each(adapters)('BR-03: fails a wait above --max-retry-wait at once, naming it ($name)', (adapter) => {
    const { run } = find(adapter, 'three retries');
    for (const turn of run.turns.filter((candidate) => candidate.status === 'error')) {
      expect(turn.attempts).toBe(1);
      expect(turn.statusMessage).toContain('asked to wait 1 day');
      expect(turn.statusMessage).toContain('limit of 60 s');
    }
  });
});
