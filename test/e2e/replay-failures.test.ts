import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';

// One row per status, among them a model_error, an aborted call and a judge_error.
const recording = join(repositoryRoot, 'test/fixtures/dystopiabench/runs/valid/lockkeeper-schema4.json');

describe('replay of a recording with failures', () => {
  let workDir: string;
  let imported: CliResult;
  let replay: CliResult;

  beforeAll(async () => {
    assertBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    copyFileSync(recording, join(workDir, 'lockkeeper.json'));
    imported = await runCli(['import', 'lockkeeper.json', '--json'], { cwd: workDir });
    const [{ runId }] = JSON.parse(imported.stdout) as [{ runId: string }];
    replay = await runCli(
      [
        'run',
        '--suite',
        `run:${runId}`,
        '--model',
        'replay:lockkeeper.json',
        '--judge',
        'recorded',
        '--mode',
        'stateless',
        '--max-retries',
        '0',
      ],
      { cwd: workDir },
    );
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('imports the recording', async () => {
    expect(imported.code).toBe(0);
    const again = await runCli(['import', recording, '--db', join(workDir, 'fresh.db')], { cwd: workDir });
    expect(again.stdout).toMatch(/: 8 rows, 1 model, DystopiaBench schema 4\.$/m);
  });

  it('exits 1 with the run incomplete', () => {
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(/^Run \S+ incomplete after /m);
  });

  it('blames the recording, not the run', () => {
    expect(replay.stderr).toMatch(/^The recording holds no reply for the failed turns of replay:lockkeeper\.json#model-c, and no label/m);
  });

  it('does not suggest resume', () => {
    expect(replay.stderr).not.toContain('complicity resume');
  });
});
