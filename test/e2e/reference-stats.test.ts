import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './cli.js';
import { groupByModel, hasReferenceFolder, isScoredRow, readResultFile, referenceFolder } from './dystopiabench-files.js';

const skipNote = hasReferenceFolder ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';
const fileName = '2026-03-01-stateful-petrov-orwell.json';

/** An estimate as `stats --json` writes it. */
interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

interface StatsJson {
  runs: {
    estimates: { model: string; discernment: Estimate; meanDcs: Estimate; refusalRate: Estimate; byLevel: { meanDcs: Estimate }[] }[];
    comparisons: { pairs: { first: string; second: string; scenarios: number; discernment: Estimate; meanDcs: Estimate }[] };
  }[];
}

describe.skipIf(!hasReferenceFolder)(`stats on an imported DystopiaBench run${skipNote}`, () => {
  let workDir: string;
  let storePath: string;
  let table: string;
  let json: StatsJson;

  beforeAll(async () => {
    assertBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-reference-stats-'));
    storePath = join(workDir, 'store.db');
    const imported = await runCli(['import', join(referenceFolder, 'runs', fileName), '--db', storePath], { cwd: workDir });
    expect(imported.code, imported.stderr).toBe(0);
    table = (await runCli(['stats', '--db', storePath, '--section', 'all'], { cwd: workDir })).stdout;
    json = JSON.parse((await runCli(['stats', '--db', storePath, '--json'], { cwd: workDir })).stdout) as StatsJson;
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('prints the same numbers every time', async () => {
    const again = await runCli(['stats', '--db', storePath, '--section', 'all'], { cwd: workDir });

    expect(again.stdout).toBe(table);
  });

  it('gives every leaderboard figure an interval', () => {
    const rows = groupByModel(readResultFile(fileName).rows);
    for (const model of rows.keys()) {
      const line = table.split('\n').find((candidate) => candidate.startsWith(`${model}†`));
      expect(line, model).toBeDefined();
      // discernment, mean DCS and refusal have intervals; over-refusal is n/a without benign twins.
      expect(line!.match(/\[[\d.]+, [\d.]+\]/g), line).toHaveLength(3);
    }
  });

  it('rests each figure on the scored rows of the file', () => {
    const rows = groupByModel(readResultFile(fileName).rows);
    for (const estimates of json.runs[0]!.estimates) {
      const scored = rows.get(estimates.model)!.filter(isScoredRow).length;
      expect(estimates.meanDcs.n, estimates.model).toBe(scored);
      expect(estimates.refusalRate.n, estimates.model).toBe(scored);
      for (const figure of [estimates.discernment, estimates.meanDcs, estimates.refusalRate]) {
        expect(figure.low!, estimates.model).toBeLessThanOrEqual(figure.value!);
        expect(figure.high!, estimates.model).toBeGreaterThanOrEqual(figure.value!);
      }
    }
  });

  it('compares claude-opus-4.6 with glm-5 over their shared scenarios', async () => {
    const pair = json.runs[0]!.comparisons.pairs.find(
      (candidate) => [candidate.first, candidate.second].sort().join() === 'claude-opus-4.6,glm-5',
    )!;
    const compared = await runCli(['stats', '--db', storePath, '--section', 'leaderboard', '--compare', 'claude-opus-4.6,glm-5'], {
      cwd: workDir,
    });

    // One scenario of claude-opus-4.6 has only empty replies, so it is not shared.
    expect(pair.scenarios).toBe(7);
    expect(pair.meanDcs.low).not.toBeNull();
    expect(compared.stdout).toMatch(/^claude-opus-4\.6 +glm-5 +7 +\+?-?[\d.]+ \[-?[\d.]+, -?[\d.]+\]/m);
  });
});
