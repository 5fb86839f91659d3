import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type TurnRecord } from '../../src/store/index.js';
import {
  chatCompletion,
  judgedReply,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeResponse,
} from '../helpers/index.js';
import { assertBuilt, runCli, type CliResult } from './cli.js';
import {
  agreementByHand,
  expectedTurnStatus,
  groupByModel,
  hasReferenceFolder,
  isScoredRow,
  keysAfterFirstFailure,
  meanScore,
  normaliseReplyText,
  readResultFile,
  recordedModelId,
  referenceFolder,
  resultFileNames,
  rowKey,
  turnKey,
  type Agreement,
  type Label,
  type RecordedRow,
  type ResultFile,
  type ResultFileName,
} from './dystopiabench-files.js';

/** The parts of `stats --json` these tests read. */
interface RunStatsJson {
  runId: string;
  models: {
    model: string;
    dystopian: { scored: number; meanDcs: number | null; byStatus: Record<string, number>; unansweredByKind: Record<string, number> };
  }[];
  origin?: { file: string; summaryMismatches: { field: string; recorded: number; recomputed: number }[] };
  sourceConvention?: { model: string; meanDcs: number | null; n: number }[];
  verdictSets: { judges: string; overall: Agreement; byModel: { model: string; agreement: Agreement }[] }[];
}

/**
 * Mean DCS as DystopiaBench computes it (empty replies count as refusals), worked out outside
 * the project from the files' rows, to check the importer against an independent figure.
 */
const publishedFigures: { file: ResultFileName; model: string; meanDcs: number; n: number }[] = [
  { file: '2026-03-26-stateful-laguardia-basaglia.json', model: 'mistral-large-3', meanDcs: 84.38, n: 50 },
  { file: '2026-03-26-stateful-laguardia-basaglia.json', model: 'claude-opus-4.6', meanDcs: 28.4, n: 50 },
  { file: '2026-03-26-stateful-laguardia-basaglia.json', model: 'qwen3.5', meanDcs: 75.0, n: 46 },
  { file: '2026-03-01-stateful-petrov-orwell.json', model: 'deepseek-v3.2', meanDcs: 81.375, n: 40 },
  { file: '2026-03-01-stateful-petrov-orwell.json', model: 'claude-opus-4.6', meanDcs: 20.65, n: 40 },
  { file: '2026-04-09-stateful-7models-schema6.json', model: 'glm-5', meanDcs: 45.0, n: 25 },
];

const skipNote = hasReferenceFolder ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';

describe.skipIf(!hasReferenceFolder)(`DystopiaBench result files${skipNote}`, () => {
  let workDir: string;
  let storePath: string;
  const files = new Map<ResultFileName, ResultFile>();
  const importedRunOf = new Map<ResultFileName, string>();
  /** `stats --json` of each imported run, taken before any other judge labels it. */
  const importedStats = new Map<ResultFileName, RunStatsJson>();
  /** The stateful replay of each file, started by the first test that needs it. */
  const statefulReplays = new Map<ResultFileName, Promise<{ result: CliResult; runId: string }>>();
  let firstImport: CliResult;

  const fileOf = (name: ResultFileName) => files.get(name)!;
  const importedRun = (name: ResultFileName) => importedRunOf.get(name)!;

  async function statsOf(runId: string): Promise<RunStatsJson> {
    const result = await runCli(['stats', runId, '--db', storePath, '--json'], { cwd: workDir });
    return parseJson<{ runs: RunStatsJson[] }>(result, `stats ${runId}`).runs[0]!;
  }

  function readStore<T>(read: (store: Store) => T): T {
    const store = Store.open(storePath, { create: false });
    try {
      return read(store);
    } finally {
      store.close();
    }
  }

  function countStore(): { runs: string[]; turns: number } {
    return readStore((store) => {
      const runs = store.listRuns().map((run) => run.id);
      return { runs: runs.sort(), turns: runs.reduce((total, runId) => total + store.listTurns(runId).length, 0) };
    });
  }

  /** Replays every recorded model of a file against the scenarios of its imported run, with the recorded labels. */
  async function replay(name: ResultFileName, mode: 'stateless' | 'stateful'): Promise<{ result: CliResult; runId: string }> {
    const args = ['run', '--mode', mode, '--suite', `run:${importedRun(name)}`, '--model', `replay:${fileOf(name).path}`];
    args.push('--judge', 'recorded', '--max-retries', '0', '--concurrency', '16', '--db', storePath, '--json');
    const result = await runCli(args, { cwd: workDir });
    return { result, runId: parseJson<{ summary: { runId: string } }>(result, `the ${mode} replay of ${name}`).summary.runId };
  }

  function replayStateful(name: ResultFileName): Promise<{ result: CliResult; runId: string }> {
    if (!statefulReplays.has(name)) statefulReplays.set(name, replay(name, 'stateful'));
    return statefulReplays.get(name)!;
  }

  beforeAll(async () => {
    assertBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-dystopiabench-'));
    storePath = join(workDir, 'store.db');
    for (const name of resultFileNames) files.set(name, readResultFile(name));

    firstImport = await runCli(['import', join(referenceFolder, 'runs'), '--db', storePath, '--json'], { cwd: workDir });
    const imported = parseJson<{ file: string; runId: string }[]>(firstImport, 'import');
    for (const entry of imported) importedRunOf.set(basename(entry.file) as ResultFileName, entry.runId);
    for (const name of resultFileNames) importedStats.set(name, await statsOf(importedRun(name)));
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('import', () => {
    it('imports each file as one run', () => {
      expect(firstImport.code, firstImport.stderr).toBe(0);
      const runs = parseJson<{ file: string; outcome: string; rows: number }[]>(firstImport, 'import');
      for (const name of resultFileNames) {
        const entry = runs.find((run) => basename(run.file) === name);
        expect(entry?.outcome, name).toBe('imported');
        expect(entry?.rows, name).toBe(fileOf(name).rows.length);
      }
    });

    it.each(resultFileNames)('scores non-empty ok rows per model: %s', (name) => {
      const stats = importedStats.get(name)!;
      const byModel = groupByModel(fileOf(name).rows);
      expect(stats.models.map((model) => model.model).sort()).toEqual([...byModel.keys()].sort());

      for (const [model, rows] of byModel) {
        const expected = meanScore(rows.filter(isScoredRow));
        const actual = stats.models.find((candidate) => candidate.model === model)!.dystopian;
        expect(actual.scored, model).toBe(expected.n);
        expect(actual.meanDcs, model).toBeCloseTo(expected.meanDcs!, 9);
      }
    });

    it.each(resultFileNames)('computes the source convention per model: %s', (name) => {
      const stats = importedStats.get(name)!;
      const byModel = groupByModel(fileOf(name).rows);
      expect(stats.sourceConvention?.map((entry) => entry.model).sort()).toEqual([...byModel.keys()].sort());

      for (const [model, rows] of byModel) {
        const expected = meanScore(rows.filter((row) => row.status === 'ok'));
        const actual = stats.sourceConvention!.find((entry) => entry.model === model)!;
        expect(actual.n, model).toBe(expected.n);
        expect(
          Math.abs(actual.meanDcs! - expected.meanDcs!),
          `${model}: ${actual.meanDcs} against ${expected.meanDcs}`,
        ).toBeLessThanOrEqual(0.01);
      }
    });

    it.each(publishedFigures)('matches the figure published for $model in $file', ({ file, model, meanDcs, n }) => {
      const actual = importedStats.get(file)!.sourceConvention!.find((entry) => entry.model === model);
      expect(actual?.n).toBe(n);
      expect(Math.abs(actual!.meanDcs! - meanDcs), `${actual!.meanDcs} against ${meanDcs}`).toBeLessThanOrEqual(0.01);
    });

    it('reports the summary figures the rows contradict', async () => {
      const name = '2026-03-01-stateful-petrov-orwell.json';
      const file = fileOf(name);
      const okRows = file.rows.filter((row) => row.status === 'ok').length;
      expect(file.summary?.scoredPrompts).not.toBe(okRows);

      const mismatches = importedStats.get(name)!.origin!.summaryMismatches;
      expect(mismatches).toContainEqual({ field: 'scoredPrompts', recorded: file.summary!.scoredPrompts, recomputed: okRows });
      expect(mismatches.map((mismatch) => mismatch.field)).not.toContain('totalPrompts');

      const table = await runCli(['stats', importedRun(name), '--db', storePath], { cwd: workDir });
      expect(table.stdout).toContain(`scoredPrompts ${file.summary!.scoredPrompts} in the summary, ${okRows} from the rows`);
    });

    it('reports no mismatch where the summary agrees', () => {
      for (const name of resultFileNames.filter((candidate) => candidate !== '2026-03-01-stateful-petrov-orwell.json')) {
        const file = fileOf(name);
        expect(file.summary?.scoredPrompts, name).toBe(file.rows.filter((row) => row.status === 'ok').length);
        const fields = importedStats.get(name)!.origin!.summaryMismatches.map((mismatch) => mismatch.field);
        expect(fields, name).not.toContain('scoredPrompts');
        expect(fields, name).not.toContain('totalPrompts');
      }
    });

    it('adds nothing when a file is imported again', async () => {
      const before = countStore();
      const again = await runCli(['import', fileOf('2026-04-09-stateful-7models-schema6.json').path, '--db', storePath], { cwd: workDir });

      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('already imported');
      expect(again.stdout).toContain(importedRun('2026-04-09-stateful-7models-schema6.json'));
      expect(countStore()).toEqual(before);
    });
  });

  // Each test replays a whole file through the CLI: 3 to 5 s alone, several times that on a loaded machine.
  describe('stateless replay', { timeout: 120_000 }, () => {
    it.each(resultFileNames)('reproduces the imported scores: %s', async (name) => {
      const file = fileOf(name);
      const { result, runId } = await replay(name, 'stateless');
      const hasFailures = file.rows.some((row) => expectedTurnStatus(row) === 'error');
      expect(result.code, result.stderr).toBe(hasFailures ? 1 : 0);

      const turns = readStore((store) => store.listTurns(runId));
      expect(statusesByKey(turns)).toEqual(new Map(file.rows.map((row) => [rowKey(row), expectedTurnStatus(row)])));

      const replayed = await statsOf(runId);
      const imported = importedStats.get(name)!;
      expect(replayed.models).toHaveLength(imported.models.length);
      for (const model of imported.models) {
        const actual = replayed.models.find((candidate) => recordedModelId(candidate.model) === model.model)!;
        expect(actual.dystopian.scored, model.model).toBe(model.dystopian.scored);
        expect(actual.dystopian.meanDcs, model.model).toBe(model.dystopian.meanDcs);
      }
    });
  });

  // Each test replays a whole file through the CLI: 3 to 5 s alone, several times that on a loaded machine.
  describe('stateful replay', { timeout: 120_000 }, () => {
    it('reproduces the imported scores of the 2026-03-01 file', async () => {
      const name = '2026-03-01-stateful-petrov-orwell.json';
      const { result, runId } = await replayStateful(name);
      expect(result.code, result.stderr).toBe(0);

      const replayed = await statsOf(runId);
      const imported = importedStats.get(name)!;
      expect(replayed.models).toHaveLength(imported.models.length);
      for (const model of imported.models) {
        const actual = replayed.models.find((candidate) => recordedModelId(candidate.model) === model.model)!;
        expect(actual.dystopian.scored, model.model).toBe(model.dystopian.scored);
        expect(actual.dystopian.meanDcs, model.model).toBe(model.dystopian.meanDcs);
      }
    });

    it.each(resultFileNames)('leaves the levels after a failed turn unattempted: %s', async (name) => {
      const file = fileOf(name);
      const { result, runId } = await replayStateful(name);
      const hasFailures = file.rows.some((row) => expectedTurnStatus(row) === 'error');
      expect(result.code, result.stderr).toBe(hasFailures ? 1 : 0);
      const turns = readStore((store) => store.listTurns(runId));

      const skipped = turns.filter((turn) => turn.status === 'skipped');
      expect(skipped.map((turn) => turn.statusKind)).toEqual(skipped.map(() => 'earlier-turn-failed'));
      const skippedKeys = new Set(skipped.map((turn) => storedTurnKey(turn)));
      expect(skippedKeys).toEqual(keysAfterFirstFailure(file.rows));

      const attempted = file.rows.filter((row) => !skippedKeys.has(rowKey(row)));
      const statuses = statusesByKey(turns.filter((turn) => turn.status !== 'skipped'));
      expect(statuses).toEqual(new Map(attempted.map((row) => [rowKey(row), expectedTurnStatus(row)])));

      const stats = await statsOf(runId);
      const table = (await runCli(['stats', runId, '--db', storePath], { cwd: workDir })).stdout;
      for (const [model, rows] of groupByModel(file.rows)) {
        const expected = meanScore(rows.filter((row) => isScoredRow(row) && !skippedKeys.has(rowKey(row))));
        const actual = stats.models.find((candidate) => recordedModelId(candidate.model) === model)!;
        expect(actual.dystopian.scored, model).toBe(expected.n);
        expect(actual.dystopian.meanDcs, model).toBeCloseTo(expected.meanDcs!, 9);

        const skippedOfModel = skipped.filter((turn) => recordedModelId(turn.model) === model).length;
        expect(actual.dystopian.unansweredByKind['skipped: earlier-turn-failed'] ?? 0, model).toBe(skippedOfModel);
        if (skippedOfModel > 0) {
          const line = table.split('\n').find((candidate) => candidate.trimStart().startsWith(`${actual.model}:`));
          expect(line, model).toContain(`skipped (earlier-turn-failed) ${skippedOfModel}`);
        }
      }
    });
  });

  // Each test replays a whole file through the CLI: 3 to 5 s alone, several times that on a loaded machine.
  describe('second judge', { timeout: 120_000 }, () => {
    const name = '2026-03-01-stateful-petrov-orwell.json';
    let server: FakeOpenAIServer;
    let judged: CliResult;
    let stats: RunStatsJson;
    /** Each judged reply's recorded label and the label the second judge gave, keyed by the normalised reply. */
    const answers = new Map<string, { model: string; recorded: Label; second: Label }>();

    beforeAll(async () => {
      const rowsByReply = new Map<string, RecordedRow>();
      for (const row of fileOf(name).rows.filter(isScoredRow)) rowsByReply.set(normaliseReplyText(row.response), row);

      // Agrees with the recorded label, except that it calls every proactive reply a refusal.
      const secondJudge: FakeHandler = (request) => {
        const reply = judgedReply(request);
        if (reply === undefined) throw new Error(`Judge request ${request.index} has no reply section.`);
        const row = rowsByReply.get(normaliseReplyText(reply));
        if (!row) throw new Error(`No recorded row has the reply of judge request ${request.index}: ${JSON.stringify(reply.slice(0, 80))}`);
        const recorded = row.compliance as Label;
        const second: Label = recorded === 'proactive' ? 'refusal' : recorded;
        answers.set(normaliseReplyText(reply), { model: row.modelId, recorded, second });
        return verdictResponse(second);
      };
      server = await startFakeOpenAIServer({ handler: routeByModel({ second: secondJudge, plain: () => verdictResponse('compliant') }) });

      judged = await runCli(
        ['judge', importedRun(name), '--judge', 'openai:second', '--judge-concurrency', '16', '--max-retries', '0', '--db', storePath],
        { cwd: workDir, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' } },
      );
      stats = await statsOf(importedRun(name));
    });

    afterAll(async () => {
      await server?.close();
    });

    function secondSet(): RunStatsJson['verdictSets'][number] {
      return stats.verdictSets.find((set) => set.judges === 'openai:second')!;
    }

    it('labels every scored reply once', () => {
      expect(judged.code, judged.stderr).toBe(0);
      const scoredRows = fileOf(name).rows.filter(isScoredRow);
      expect(server.requests.filter((request) => request.model === 'second')).toHaveLength(scoredRows.length);
      expect(answers.size).toBe(scoredRows.length);
    });

    it('disagrees on the recorded proactive replies', () => {
      const proactive = fileOf(name).rows.filter((row) => isScoredRow(row) && row.compliance === 'proactive').length;
      expect(proactive).toBeGreaterThan(0);
      expect([...answers.values()].filter((answer) => answer.recorded !== answer.second)).toHaveLength(proactive);
    });

    it('reports agreement as computed by hand', () => {
      // The judging pass also stores the offline cross-check, a verdict set of its own.
      expect(stats.verdictSets.map((set) => set.judges).sort()).toEqual(['offline', 'openai:second']);
      const expected = agreementByHand([...answers.values()].map((answer) => [answer.recorded, answer.second] as const));
      expectAgreement(secondSet().overall, expected);
    });

    it('reports agreement per model as computed by hand', () => {
      const byModel = secondSet().byModel;
      const models = [...new Set([...answers.values()].map((answer) => answer.model))];
      expect(byModel.map((entry) => entry.model).sort()).toEqual(models.sort());
      for (const model of models) {
        const pairs = [...answers.values()]
          .filter((answer) => answer.model === model)
          .map((answer) => [answer.recorded, answer.second] as const);
        expectAgreement(byModel.find((entry) => entry.model === model)!.agreement, agreementByHand(pairs), model);
      }
    });

    // A DystopiaBench run went on after a failed call, so its replies after one must be judged too.
    it('judge labels replies after a failed turn', async () => {
      const name = '2026-04-09-stateful-7models-schema6.json';

      const result = await runCli(
        ['judge', importedRun(name), '--judge', 'openai:plain', '--judge-concurrency', '16', '--max-retries', '0', '--db', storePath],
        { cwd: workDir, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' } },
      );

      expect(result.code, result.stderr).toBe(0);
      expect(server.requests.filter((request) => request.model === 'plain')).toHaveLength(fileOf(name).rows.filter(isScoredRow).length);
    });
  });

  describe('broken files', () => {
    const source: ResultFileName = '2026-04-09-stateful-7models-schema6.json';
    const cases: { name: string; field?: string; write: (file: ResultFile) => string }[] = [
      {
        name: 'truncated mid-row',
        write: ({ text }) => text.slice(0, text.indexOf('"prompt"', text.length / 2) + 20),
      },
      {
        name: 'row without response',
        field: 'results[7].response',
        write: ({ text }) => {
          const data = JSON.parse(text) as { results: Partial<RecordedRow>[] };
          delete data.results[7]!.response;
          return JSON.stringify(data);
        },
      },
      {
        name: 'schema version 9',
        field: 'schemaVersion',
        write: ({ text }) => JSON.stringify({ ...(JSON.parse(text) as object), schemaVersion: 9 }),
      },
    ];

    it.each(cases)('rejects a file $name and leaves the store as it was', async ({ name, field, write }) => {
      const path = join(workDir, `broken-${name.replaceAll(' ', '-')}.json`);
      writeFileSync(path, write(fileOf(source)));
      const before = countStore();

      const result = await runCli(['import', path, '--db', storePath], { cwd: workDir });

      expect(result.code).toBe(2);
      const errorLines = result.stderr.split('\n').filter((line) => line.startsWith('Error:'));
      expect(errorLines, result.stderr).toHaveLength(1);
      expect(errorLines[0]).toContain(path);
      if (field) expect(errorLines[0]).toContain(field);
      expect(countStore()).toEqual(before);
    });
  });
});

function verdictResponse(label: Label): FakeResponse {
  const verdict = { label, rationale: 'scripted', flags: { harmRecognised: false, safeAlternative: false, operationalDetail: false } };
  return { body: chatCompletion({ content: JSON.stringify(verdict) }) };
}

function storedTurnKey(turn: TurnRecord): string {
  return turnKey({ model: recordedModelId(turn.model), scenarioId: turn.scenarioId, level: turn.level, replicate: turn.replicate });
}

function statusesByKey(turns: readonly TurnRecord[]): Map<string, string> {
  return new Map(turns.map((turn) => [storedTurnKey(turn), turn.status]));
}

function expectAgreement(actual: Agreement, expected: Agreement, context = 'overall'): void {
  expect(actual.n, context).toBe(expected.n);
  expect(actual.matrix, context).toEqual(expected.matrix);
  expectCloseOrNull(actual.exactAgreement, expected.exactAgreement, `${context}: exact agreement`);
  expectCloseOrNull(actual.kappa, expected.kappa, `${context}: kappa`);
  expectCloseOrNull(actual.weightedKappa, expected.weightedKappa, `${context}: weighted kappa`);
}

/** Kappa is null where p_e = 1, so a figure the test computes as null must be null in the output too. */
function expectCloseOrNull(actual: number | null, expected: number | null, context: string): void {
  if (expected === null) expect(actual, context).toBeNull();
  else expect(actual, context).toBeCloseTo(expected, 12);
}

function parseJson<T>(result: CliResult, command: string): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${command} printed no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  }
}
