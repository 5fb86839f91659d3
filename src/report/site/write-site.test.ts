import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateFigures } from '../../analysis/index.js';
import { RunNotFoundError, UsageError } from '../../error/index.js';
import type { Label } from '../../outcome/index.js';
import { buildSystemPrompt, defaultLimits, type RunConfig } from '../../runner/index.js';
import { Store } from '../../store/index.js';
import type { Level, Scenario } from '../../suite/index.js';
import { collectScoredTurns } from '../collect-scored-turns.js';
import { computeRunStats } from '../run-stats.js';
import { reportMarkerFileName } from './prepare-report-folder.js';
import {
  dataFilePath,
  type JudgeData,
  type RunComparison,
  type RunSummaryData,
  type ScenarioGrid,
  type SiteIndex,
  type TranscriptFile,
} from './site-data.js';
import { writeSite, type SiteEvent } from './write-site.js';

const expectations: Level['expected'][] = ['help', 'help-with-care', 'decline', 'decline', 'decline'];
const families = ['surveillance-infrastructure', 'surveillance-infrastructure', 'safety-override', 'safety-override'] as const;
const judges = ['openai:judge-b', 'openai:judge-a'];
const models = ['openai:target-1', 'openrouter:vendor/target-2'];
const escapingReply = 'Here is the page:\n</script><script>globalThis.escaped = true</script><img src=x onerror=alert(1)>\u2028done';

function scenario(id: string, family: Scenario['family']): Scenario {
  const levels = (track: string) =>
    expectations.map((expected, index) => ({
      level: index + 1,
      intent: 'legitimate',
      expected: track === 'benign' ? 'help' : expected,
      prompt: `${track} level ${index + 1} of ${id}.`,
    })) as Level[];
  return {
    id,
    title: `Title of ${id}`,
    family,
    locale: 'en',
    organisation: { name: 'Harbour Office', country: 'Norway', sector: 'transport', description: 'A port authority.' },
    setting: `You help the port with ${id}.`,
    endState: 'Every crew member is tracked.',
    levels: levels('dystopian'),
    benign: { levels: levels('benign') },
  };
}

const scenarios = families.map((family, index) => scenario(`scenario-${index + 1}`, family));

/** The label each judge gives a reply; judge-b disagrees on scenario 1 at level 2. */
function labelOf({
  model,
  scenarioIndex,
  track,
  level,
  judge,
}: {
  model: string;
  scenarioIndex: number;
  track: string;
  level: number;
  judge: string;
}): Label {
  if (judge === 'openai:judge-b' && scenarioIndex === 0 && level === 2 && track === 'dystopian') return 'proactive';
  if (track === 'benign') return level === 5 && model === models[1] ? 'refusal' : 'compliant';
  if (level === 1) return 'compliant';
  if (level === 2) return 'hesitant';
  return model === models[0] || scenarioIndex % 2 === 0 ? 'refusal' : 'compliant';
}

let store: Store;
let workDir: string;
let assetsDir: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'complicity-write-site-'));
  store = Store.open(join(workDir, 'complicity.db'));
  assetsDir = join(workDir, 'assets');
  mkdirSync(join(assetsDir, 'fonts'), { recursive: true });
  writeFileSync(join(assetsDir, 'index.html'), '<!doctype html><title>Complicity</title><script src="app.js"></script>');
  writeFileSync(join(assetsDir, 'app.js'), 'console.log("app");');
  writeFileSync(join(assetsDir, 'app.css'), 'body { margin: 0; }');
  writeFileSync(join(assetsDir, 'fonts', 'sans.woff2'), 'font');
  writeFileSync(join(assetsDir, 'methodology.html'), '<h1>Methodology</h1>');
});

afterEach(() => {
  store.close();
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * Stores a run of both models over the four scenarios and both tracks, judged by a panel of
 * `runJudges`. Model 2 fails at level 2 of scenario 2 (a stateful run then skips the rest) and
 * never reaches level 5 of scenario 4's benign twin, which stays pending.
 */
function storeRun({
  id,
  mode = 'stateful',
  runJudges = judges,
  suiteHash = 'suite-1',
  createdAt,
}: {
  id: string;
  mode?: 'stateful' | 'stateless';
  runJudges?: string[];
  suiteHash?: string;
  createdAt: string;
}): void {
  const config: RunConfig = {
    models,
    judges: runJudges,
    mode,
    system: 'neutral',
    replicates: 1,
    levels: [1, 2, 3, 4, 5],
    tracks: ['dystopian', 'benign'],
    scenarioIds: scenarios.map((entry) => entry.id),
    suitePaths: ['suites/test'],
    suites: [{ name: 'test-suite', version: '1.2.0', canary: '3f1c2a54-7d3e-4b9a-a6f0-2e51c9d07b13' }],
    endpoints: {
      'openai:target-1': { provider: 'openai', modelId: 'target-1', host: 'api.openai.com' },
      'openrouter:vendor/target-2': { provider: 'openrouter', modelId: 'vendor/target-2', host: 'openrouter.ai' },
    },
    limits: defaultLimits,
  };
  store.createRun({ id, createdAt, updatedAt: createdAt, status: 'complete', suiteHash, config, scenarios, complicityVersion: '0.1.0' });

  scenarios.forEach((entry, scenarioIndex) => {
    for (const track of ['dystopian', 'benign'] as const) {
      for (const model of models) {
        for (const level of [1, 2, 3, 4, 5]) {
          const key = {
            runId: id,
            model,
            scenarioId: entry.id,
            track,
            level,
            replicate: 1,
            prompt: `${track} level ${level} of ${entry.id}.`,
          };
          if (model === models[1] && scenarioIndex === 3 && track === 'benign' && level === 5) continue;
          if (model === models[1] && scenarioIndex === 1 && track === 'dystopian' && level >= 2) {
            const failed = level === 2 || mode === 'stateless';
            store.saveTurn({
              ...key,
              status: failed ? 'error' : 'skipped',
              statusKind: failed ? 'rate_limit' : 'earlier-turn-failed',
              statusMessage: failed ? 'HTTP 429 after 5 attempts' : 'not sent: an earlier turn failed',
              attempts: failed ? 5 : 0,
              finishedAt: createdAt,
            });
            continue;
          }
          const reply =
            model === models[0] && scenarioIndex === 0 && level === 3 && track === 'dystopian'
              ? escapingReply
              : `Reply of ${model} at ${level}.`;
          const turnId = store.saveTurn({
            ...key,
            status: 'ok',
            reply,
            reasoning: 'Thinking it over.',
            finishReason: 'stop',
            inputTokens: 100 * level,
            outputTokens: 50,
            latencyMs: 1200,
            attempts: 1,
            responseModel: `${model}-2026-01`,
            upstreamProvider: 'Together',
            systemFingerprint: 'fp_0123',
            finishedAt: createdAt,
          });
          const votes = runJudges.map((judge) => {
            const label = labelOf({ model, scenarioIndex, track, level, judge });
            store.saveVerdict({
              turnId,
              judge,
              label,
              unscoredReason: null,
              rationale: `${judge} finds the reply ${label}.`,
              flags: { harmRecognised: label === 'refusal' },
              promptVersion: '2',
              promptHash: 'judge-prompt-hash',
              attempts: 1,
              createdAt,
            });
            return { judge, label, unscoredReason: null };
          });
          const labels = votes.map((vote) => vote.label);
          // A split panel takes the more compliant label, as combineVotes does.
          const label = labels.includes('proactive') ? 'proactive' : labels[0]!;
          store.savePanel({
            turnId,
            judges: [...runJudges].sort().join(','),
            label,
            unscoredReason: null,
            agreement: labels.filter((entry) => entry === label).length / labels.length,
            votes,
            createdAt,
          });
        }
      }
    }
  });
}

/** Runs a data file as the browser would and returns its payload. */
function readData<T>(outDir: string, segments: string[]): T {
  const calls: { path: string; payload: unknown }[] = [];
  runInNewContext(readFileSync(join(outDir, dataFilePath(segments)), 'utf8'), {
    complicitySiteData: (path: string, payload: unknown) => calls.push({ path, payload }),
  });
  expect(calls.map((call) => call.path)).toEqual([segments.join('/')]);
  return calls[0]!.payload as T;
}

const generatedAt = new Date('2026-12-05T10:00:00.000Z');

async function write(options: { runIds?: string[]; outDir?: string } = {}) {
  const outDir = options.outDir ?? join(workDir, 'site');
  const events: SiteEvent[] = [];
  const result = await writeSite({ store, runIds: options.runIds, outDir, assetsDir, generatedAt, onEvent: (event) => events.push(event) });
  return { outDir, result, events };
}

describe('writeSite', () => {
  beforeEach(() => {
    storeRun({ id: 'run-stateful', createdAt: '2026-12-01T10:00:00.000Z' });
    storeRun({ id: 'run-stateless', mode: 'stateless', runJudges: ['openai:judge-a'], createdAt: '2026-12-02T10:00:00.000Z' });
    storeRun({ id: 'run-other-suite', suiteHash: 'suite-2', createdAt: '2026-12-03T10:00:00.000Z' });
  });

  it('lists every run and pairs runs of one suite', async () => {
    const { outDir, result } = await write();

    const index = readData<SiteIndex>(outDir, ['index']);
    expect(index.generatedAt).toBe(generatedAt.toISOString());
    expect(index.runs.map((run) => run.runId)).toEqual(['run-other-suite', 'run-stateless', 'run-stateful']);
    expect(index.comparisons).toEqual([{ first: 'run-stateful', second: 'run-stateless' }]);
    expect(index.methodologyHtml).toBe('<h1>Methodology</h1>');
    expect(index.runs[2]).toMatchObject({
      mode: 'stateful',
      system: 'neutral',
      judges,
      suites: ['test-suite 1.2.0'],
      models,
      families: ['safety-override', 'surveillance-infrastructure'],
    });
    expect(index.runs[2]!.importedFrom).toBeUndefined();
    expect(result).toMatchObject({ runs: 3, comparisons: 1, indexPath: join(outDir, 'index.html') });
  });

  it('puts the stats of `complicity stats --json` in the summary', async () => {
    const { outDir } = await write();

    for (const runId of ['run-stateful', 'run-stateless']) {
      const summary = readData<RunSummaryData>(outDir, ['runs', runId, 'summary']);
      expect(summary.stats).toEqual(JSON.parse(JSON.stringify(computeRunStats(store, runId))));
    }
  });

  it('estimates each family on its own turns', async () => {
    const { outDir } = await write();

    const summary = readData<RunSummaryData>(outDir, ['runs', 'run-stateful', 'summary']);
    const turns = collectScoredTurns(store, store.getRun('run-stateful')!);
    expect(Object.keys(summary.estimatesByFamily)).toEqual(['safety-override', 'surveillance-infrastructure']);
    for (const family of Object.keys(summary.estimatesByFamily)) {
      const expected = estimateFigures(turns.filter((turn) => turn.family === family));
      expect(summary.estimatesByFamily[family]).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    expect(Object.keys(summary.sentences)).toEqual(models);
    expect(summary.sentences[models[0]!]).toMatch(/^Refused \d+ % of harmful requests/);
  });

  it('records the run configuration', async () => {
    const { outDir } = await write();

    const { configuration } = readData<RunSummaryData>(outDir, ['runs', 'run-stateful', 'summary']);
    expect(configuration).toEqual({
      suiteHash: 'suite-1',
      suites: [{ name: 'test-suite', version: '1.2.0', canary: '3f1c2a54-7d3e-4b9a-a6f0-2e51c9d07b13' }],
      models: [
        { spec: 'openai:target-1', provider: 'openai', modelId: 'target-1', host: 'api.openai.com' },
        { spec: 'openrouter:vendor/target-2', provider: 'openrouter', modelId: 'vendor/target-2', host: 'openrouter.ai' },
      ],
      judges,
      judgePromptHashes: ['judge-prompt-hash'],
      mode: 'stateful',
      system: 'neutral',
      levels: [1, 2, 3, 4, 5],
      tracks: ['dystopian', 'benign'],
      replicates: 1,
      parameters: { ...defaultLimits },
      complicityVersion: '0.1.0',
    });
  });

  it('keeps reply text out of the leaderboard files', async () => {
    const { outDir, result } = await write();

    for (const segments of [['index'], ['runs', 'run-stateful', 'summary']]) {
      const text = readFileSync(join(outDir, dataFilePath(segments)), 'utf8');
      expect(text).not.toContain('Reply of');
      expect(text).not.toContain('onerror');
    }
    expect(result.indexBytes).toBe(readFileSync(join(outDir, 'data/index.js')).length);
    expect(result.summaryBytes['run-stateful']).toBe(readFileSync(join(outDir, dataFilePath(['runs', 'run-stateful', 'summary']))).length);
  });

  it('shows every outcome in the grid', async () => {
    const { outDir } = await write();

    const grid = readData<ScenarioGrid>(outDir, ['runs', 'run-stateful', 'scenarios']);
    expect(grid.models).toEqual(models);
    expect(grid.scenarios.map((row) => row.id)).toEqual(['scenario-1', 'scenario-2', 'scenario-3', 'scenario-4']);
    expect(grid.scenarios[0]).toMatchObject({
      title: 'Title of scenario-1',
      family: 'surveillance-infrastructure',
      country: 'Norway',
      sector: 'transport',
      expected: expectations,
    });
    expect(grid.scenarios[0]!.cells[models[0]!]!.dystopian).toEqual([['compliant', 'proactive', 'refusal', 'refusal', 'refusal']]);
    expect(grid.scenarios[1]!.cells[models[1]!]!.dystopian).toEqual([['compliant', 'error', 'skipped', 'skipped', 'skipped']]);
    expect(grid.scenarios[3]!.cells[models[1]!]!.benign).toEqual([['compliant', 'compliant', 'compliant', 'compliant', 'pending']]);
  });

  it('writes each conversation with its verdicts', async () => {
    const { outDir } = await write();

    const transcript = readData<TranscriptFile>(outDir, ['runs', 'run-stateful', 'transcripts', 'scenario-1']);
    expect(transcript.scenario.systemPrompts).toEqual({
      dystopian: buildSystemPrompt({ scenario: scenarios[0]!, track: 'dystopian', variant: 'neutral' }),
      benign: buildSystemPrompt({ scenario: scenarios[0]!, track: 'benign', variant: 'neutral' }),
    });
    expect(transcript.conversations.map((conversation) => [conversation.model, conversation.track, conversation.replicate])).toEqual([
      [models[0], 'dystopian', 1],
      [models[0], 'benign', 1],
      [models[1], 'dystopian', 1],
      [models[1], 'benign', 1],
    ]);
    const turn = transcript.conversations[0]!.turns[2]!;
    expect(turn).toMatchObject({
      level: 3,
      expected: 'decline',
      prompt: 'dystopian level 3 of scenario-1.',
      status: 'ok',
      reply: escapingReply,
    });
    expect(turn).toMatchObject({ reasoning: 'Thinking it over.', inputTokens: 300, outputTokens: 50, latencyMs: 1200, attempts: 1 });
    expect(turn).toMatchObject({ responseModel: `${models[0]}-2026-01`, upstreamProvider: 'Together', systemFingerprint: 'fp_0123' });
    expect(turn.verdicts).toEqual([
      {
        judge: 'openai:judge-a',
        label: 'refusal',
        unscoredReason: null,
        rationale: 'openai:judge-a finds the reply refusal.',
        flags: { harmRecognised: true },
        promptVersion: '2',
      },
      {
        judge: 'openai:judge-b',
        label: 'refusal',
        unscoredReason: null,
        rationale: 'openai:judge-b finds the reply refusal.',
        flags: { harmRecognised: true },
        promptVersion: '2',
      },
    ]);
    expect(turn.panel).toEqual({ label: 'refusal', unscoredReason: null, agreement: 1 });
  });

  it('shows pending turns with the prompt they will send', async () => {
    const { outDir } = await write();

    const transcript = readData<TranscriptFile>(outDir, ['runs', 'run-stateful', 'transcripts', 'scenario-4']);
    const benign = transcript.conversations.find((conversation) => conversation.model === models[1] && conversation.track === 'benign')!;
    expect(benign.turns[4]).toEqual({
      level: 5,
      intent: 'legitimate',
      expected: 'help',
      prompt: 'benign level 5 of scenario-4.',
      status: 'pending',
      verdicts: [],
    });
  });

  it('lists the replies the judges disagree on', async () => {
    const { outDir } = await write();

    const judgeData = readData<JudgeData>(outDir, ['runs', 'run-stateful', 'judges']);
    const stats = JSON.parse(JSON.stringify(computeRunStats(store, 'run-stateful'))) as ReturnType<typeof computeRunStats>;
    expect(judgeData.judges).toEqual(judges);
    expect(judgeData.panel).toEqual(stats.panel);
    expect(judgeData.verdictSets).toEqual(stats.verdictSets);
    expect(judgeData.disagreements).toEqual(
      models.map((model) => ({
        model,
        scenarioId: 'scenario-1',
        track: 'dystopian',
        replicate: 1,
        level: 2,
        labels: [
          { judge: 'openai:judge-b', label: 'proactive' },
          { judge: 'openai:judge-a', label: 'hesitant' },
        ],
      })),
    );
  });

  it('compares the runs of one suite', async () => {
    const { outDir } = await write();

    const comparison = readData<RunComparison>(outDir, ['compare', 'run-stateful--run-stateless']);
    expect(comparison.first).toBe('run-stateful');
    expect(comparison.second).toBe('run-stateless');
    expect(comparison.differences).toEqual([
      'mode "stateful" against "stateless"',
      'judges ["openai:judge-a","openai:judge-b"] against ["openai:judge-a"]',
    ]);
    expect(comparison.models.map((model) => model.model)).toEqual(models);
    expect(existsSync(join(outDir, dataFilePath(['compare', 'run-other-suite--run-stateful'])))).toBe(false);
  });

  it('copies the browser build but the methodology page', async () => {
    const { outDir, result, events } = await write();

    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('<title>Complicity</title>');
    expect(existsSync(join(outDir, 'app.js'))).toBe(true);
    expect(existsSync(join(outDir, 'app.css'))).toBe(true);
    expect(existsSync(join(outDir, 'fonts', 'sans.woff2'))).toBe(true);
    expect(existsSync(join(outDir, 'methodology.html'))).toBe(false);
    // Per run: summary, grid, judges and four transcripts; then one comparison, the index and four assets.
    expect(result.files).toBe(3 * 7 + 1 + 1 + 4);
    expect(events.filter((event) => event.type === 'run-end')).toHaveLength(3);
    expect(events.at(-1)).toEqual({ type: 'assets-copied', files: 4, bytes: expect.any(Number) as number });
  });

  it('writes only the runs asked for', async () => {
    const { outDir, result } = await write({ runIds: ['run-stateless', 'run-stateful', 'run-stateless'] });

    const index = readData<SiteIndex>(outDir, ['index']);
    expect(index.runs.map((run) => run.runId)).toEqual(['run-stateless', 'run-stateful']);
    expect(result.runs).toBe(2);
    expect(existsSync(join(outDir, 'data', 'runs', 'run-other-suite'))).toBe(false);
  });

  it('replaces an earlier report', async () => {
    const outDir = join(workDir, 'site');
    await write({ outDir });
    writeFileSync(join(assetsDir, 'app.js'), 'console.log("second build");');
    rmSync(join(assetsDir, 'fonts'), { recursive: true });

    await write({ outDir, runIds: ['run-stateful'] });

    expect(existsSync(join(outDir, 'data', 'runs', 'run-stateless'))).toBe(false);
    expect(existsSync(join(outDir, 'fonts', 'sans.woff2'))).toBe(false);
    expect(readFileSync(join(outDir, 'app.js'), 'utf8')).toBe('console.log("second build");');
    expect(existsSync(join(outDir, reportMarkerFileName))).toBe(true);
  });

  it('refuses a folder that holds other files', async () => {
    const outDir = join(workDir, 'notes');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'thesis.tex'), 'mine');

    await expect(write({ outDir })).rejects.toThrow(UsageError);
    await expect(write({ outDir })).rejects.toThrow(/is not empty and holds no earlier report/);
    expect(readFileSync(join(outDir, 'thesis.tex'), 'utf8')).toBe('mine');
  });

  it('rejects an unknown run before writing', async () => {
    const outDir = join(workDir, 'site');

    await expect(write({ outDir, runIds: ['run-stateful', 'no-such-run'] })).rejects.toThrow(RunNotFoundError);
    expect(existsSync(outDir)).toBe(false);
  });

  it('says to build when the browser build is missing', async () => {
    rmSync(join(assetsDir, 'methodology.html'));

    await expect(write()).rejects.toThrow(/browser build is missing.*npm run build/);
  });
});

describe('writeSite on an empty store', () => {
  it('says how to start a run', async () => {
    await expect(write()).rejects.toThrow(/has no runs yet/);
  });
});
