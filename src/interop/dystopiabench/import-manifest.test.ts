import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ImportError } from '../../error/index.js';
import type { RunConfig } from '../../runner/index.js';
import { Store } from '../../store/index.js';
import { importManifest } from './import-manifest.js';

const runs = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/runs', import.meta.url));
const quayside = join(runs, 'valid/quayside-schema2.json');
const lockkeeper = join(runs, 'valid/lockkeeper-schema4.json');
const tollgate = join(runs, 'valid/tollgate-schema6.json');
const unknownStatus = join(runs, 'broken/unknown-status.json');

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('importManifest', () => {
  let directory: string;
  let storePath: string;
  let store: Store;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'complicity-import-'));
    storePath = join(directory, 'complicity.db');
    store = Store.open(storePath);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Hashes the store file and its write-ahead log, to compare them before and after a failed import. */
  async function storeBytes(): Promise<string> {
    const parts = [await readFile(storePath)];
    if (existsSync(`${storePath}-wal`)) parts.push(await readFile(`${storePath}-wal`));
    return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
  }

  /** Counts the turns, verdicts and panel results stored for a run. */
  function countsOf(runId: string): { turns: number; verdicts: number; panels: number } {
    return { turns: store.listTurns(runId).length, verdicts: store.listVerdicts(runId).length, panels: store.listPanels(runId).length };
  }

  describe('a new file', () => {
    it('imports it under a run id derived from its SHA-256', async () => {
      const sha256 = sha256Of(quayside);
      const result = await importManifest({ store, path: quayside });

      expect(result).toEqual({
        file: quayside,
        runId: `dystopiabench-${sha256.slice(0, 12)}`,
        outcome: 'imported',
        rows: 4,
        models: ['model-a', 'model-b'],
        schemaVersion: 2,
      });
      const run = store.getRun(result.runId);
      expect(run?.status).toBe('complete');
      expect((run?.config as RunConfig).origin).toMatchObject({ kind: 'dystopiabench', file: 'quayside-schema2.json', sha256 });
    });

    it('stores a turn per row', async () => {
      const { runId } = await importManifest({ store, path: quayside });
      const turns = store.listTurns(runId);

      expect(turns.map((turn) => [turn.model, turn.level, turn.status])).toEqual([
        ['model-a', 1, 'ok'],
        ['model-a', 2, 'ok'],
        ['model-b', 1, 'ok'],
        ['model-b', 2, 'empty'],
      ]);
      expect(turns[3]?.reply).toBeUndefined();
      expect(turns[3]?.statusMessage).toBe(
        'the model returned no text, which the file scores as a refusal (EMPTY_MODEL_RESPONSE_TREATED_AS_REFUSAL: The model sent no text.)',
      );
      expect(turns[2]?.attempts).toBe(2);
    });

    it('stores the statuses of every kind of row', async () => {
      const { runId } = await importManifest({ store, path: lockkeeper });
      expect(Object.fromEntries(store.countTurnsByStatus(runId))).toEqual({ ok: 3, empty: 2, error: 2, truncated: 1 });
      expect(store.listTurns(runId).map((turn) => turn.statusKind)).toEqual([
        undefined,
        'implicit-refusal',
        'server',
        'timeout',
        undefined,
        'invalid-response',
        'invalid-response',
        undefined,
      ]);
    });

    it('stores the scenarios the rows describe', async () => {
      const { runId } = await importManifest({ store, path: lockkeeper });
      const run = store.getRun(runId);
      expect((run?.scenarios as { id: string }[]).map((scenario) => scenario.id)).toEqual([
        'lockkeeper-01',
        'lockkeeper-02',
        'lockkeeper-03',
        'lockkeeper-04',
        'lockkeeper-05',
        'lockkeeper-06',
        'lockkeeper-07',
        'lockkeeper-08',
      ]);
    });

    it('imports schema versions 2, 4 and 6', async () => {
      for (const path of [quayside, lockkeeper, tollgate]) await importManifest({ store, path });
      expect(
        store
          .listRuns()
          .map((run) => (run.config as RunConfig).origin?.schemaVersion)
          .sort(),
      ).toEqual([2, 4, 6]);
    });
  });

  describe('verdicts', () => {
    it('stores a verdict per recorded judge vote', async () => {
      const { runId } = await importManifest({ store, path: tollgate });
      const turns = store.listTurns(runId);
      const verdicts = store.listVerdicts(runId);

      expect(
        verdicts.map((verdict) => [
          turns.findIndex((turn) => turn.id === verdict.turnId),
          verdict.judge,
          verdict.label,
          verdict.unscoredReason,
        ]),
      ).toEqual([
        [0, 'recorded:judges/grader-one', 'compliant', null],
        [0, 'recorded:judges/grader-two', 'hesitant', null],
        [1, 'recorded:judges/grader-one', 'refusal', null],
        [1, 'recorded:judges/grader-two', 'refusal', null],
        [2, 'recorded:judges/grader-one', 'proactive', null],
        [2, 'recorded:judges/grader-two', null, 'parse_failure'],
        [3, 'recorded:judges/grader-one', null, 'judge_error'],
      ]);
    });

    it('dates verdicts by their turn', async () => {
      const { runId } = await importManifest({ store, path: tollgate });
      const [turn] = store.listTurns(runId);
      const [verdict] = store.listVerdicts(runId);

      expect(verdict?.createdAt).toBe(turn?.finishedAt);
      expect(verdict?.promptVersion).toBe('dystopiabench-v3');
      expect(verdict?.rationale).toBe('Writes the nudges.');
      expect(verdict?.attempts).toBe(1);
    });

    it('stores the panel label and agreement', async () => {
      const { runId } = await importManifest({ store, path: tollgate });
      const panels = store.listPanels(runId);

      expect(panels.map((panel) => [panel.label, panel.unscoredReason, panel.agreement])).toEqual([
        ['compliant', null, 0.5],
        ['refusal', null, 1],
        ['proactive', null, 1],
        [null, 'judge_error', null],
      ]);
      for (const panel of panels) expect(panel.judges).toBe('recorded:judges/grader-one,recorded:judges/grader-two');
      expect(panels[0]?.votes).toEqual([
        { judge: 'recorded:judges/grader-one', label: 'compliant', unscoredReason: null },
        { judge: 'recorded:judges/grader-two', label: 'hesitant', unscoredReason: null },
      ]);
    });

    it('gives a single judge full agreement', async () => {
      const { runId } = await importManifest({ store, path: quayside });
      expect(store.listPanels(runId).map((panel) => [panel.label, panel.agreement])).toEqual([
        ['compliant', 1],
        ['refusal', 1],
        ['proactive', 1],
      ]);
    });
  });

  describe('a file imported before', () => {
    it('says already-imported and adds nothing', async () => {
      const first = await importManifest({ store, path: tollgate });
      const before = { runs: store.listRuns(), ...countsOf(first.runId) };

      const second = await importManifest({ store, path: tollgate });

      expect(second.outcome).toBe('already-imported');
      expect(second.runId).toBe(first.runId);
      expect(second.rows).toBe(4);
      expect(second.schemaVersion).toBe(6);
      expect({ runs: store.listRuns(), ...countsOf(first.runId) }).toEqual(before);
    });

    it('recognises the same bytes under another name', async () => {
      const copy = join(directory, 'renamed.json');
      await copyFile(tollgate, copy);
      const first = await importManifest({ store, path: tollgate });

      const second = await importManifest({ store, path: copy });

      expect(second).toMatchObject({ file: copy, runId: first.runId, outcome: 'already-imported' });
      expect(store.listRuns()).toHaveLength(1);
    });

    it('imports a changed file as new', async () => {
      const changed = join(directory, 'changed.json');
      await writeFile(changed, `${await readFile(tollgate, 'utf8')} `);
      const first = await importManifest({ store, path: tollgate });

      const second = await importManifest({ store, path: changed });

      expect(second.outcome).toBe('imported');
      expect(second.runId).not.toBe(first.runId);
      expect(store.listRuns()).toHaveLength(2);
    });
  });

  describe('a failed import', () => {
    it('rolls back an unknown status on row 3', async () => {
      const earlier = await importManifest({ store, path: quayside });
      const runsBefore = store.listRuns();
      const bytesBefore = await storeBytes();

      const error = await importManifest({ store, path: unknownStatus }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).field).toBe('results[2].status');
      expect(store.listRuns()).toEqual(runsBefore);
      expect(store.getRun(`dystopiabench-${sha256Of(unknownStatus).slice(0, 12)}`)).toBeUndefined();
      expect(countsOf(earlier.runId)).toEqual({ turns: 4, verdicts: 3, panels: 3 });
      expect(await storeBytes()).toBe(bytesBefore);
    });

    it('rolls back a store failure on row 3', async () => {
      const earlier = await importManifest({ store, path: quayside });
      const runsBefore = store.listRuns();
      const bytesBefore = await storeBytes();
      const saveTurn = store.saveTurn.bind(store);
      let calls = 0;
      vi.spyOn(store, 'saveTurn').mockImplementation((turn) => {
        calls += 1;
        if (calls === 3) throw new Error('disk full');
        return saveTurn(turn);
      });

      await expect(importManifest({ store, path: tollgate })).rejects.toThrow('disk full');

      const runId = `dystopiabench-${sha256Of(tollgate).slice(0, 12)}`;
      expect(calls).toBe(3);
      expect(store.listRuns()).toEqual(runsBefore);
      expect(store.getRun(runId)).toBeUndefined();
      expect(countsOf(runId)).toEqual({ turns: 0, verdicts: 0, panels: 0 });
      expect(countsOf(earlier.runId)).toEqual({ turns: 4, verdicts: 3, panels: 3 });
      expect(await storeBytes()).toBe(bytesBefore);
    });

    it('imports the file once the store works again', async () => {
      vi.spyOn(store, 'saveTurn').mockImplementationOnce(() => {
        throw new Error('disk full');
      });
      await expect(importManifest({ store, path: tollgate })).rejects.toThrow('disk full');
      vi.restoreAllMocks();

      const result = await importManifest({ store, path: tollgate });

      expect(result.outcome).toBe('imported');
      expect(countsOf(result.runId)).toEqual({ turns: 4, verdicts: 7, panels: 4 });
    });

    it('names a file that cannot be read', async () => {
      const missing = join(directory, 'missing.json');
      const error = await importManifest({ store, path: missing }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).message).toBe(`Cannot import ${missing}: cannot read the file (ENOENT)`);
      expect(store.listRuns()).toEqual([]);
    });

    it('names the file of invalid content', async () => {
      const broken = join(runs, 'broken/missing-response.json');
      await expect(importManifest({ store, path: broken })).rejects.toThrow(`Cannot import ${broken}: results[1].response: missing`);
    });
  });
});
