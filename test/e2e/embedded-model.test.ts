import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGgufModel } from '../../src/provider/index.js';
import { Store } from '../../src/store/index.js';
import { startFakeHubServer, type FakeHubServer } from '../helpers/fake-hub-server.js';
import { encodeTinyGguf } from '../helpers/write-tiny-gguf.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const scenarioArgs = ['--suite', suitePath, '--scenario', 'lead-results-notice', '--levels', '1'];
// One thread: on a loaded machine llama.cpp's spinning worker threads wait on each other for
// seconds, while one thread runs the tiny model in milliseconds.
const threads = { COMPLICITY_GGUF_THREADS: '1' };
const tinyModel = encodeTinyGguf();
// Each run starts a CLI process and llama.cpp: 5 s alone and 13 s beside other test files on a
// loaded 2-core machine.
const inferenceTimeoutMs = 90_000;

let folder: string;
let hub: FakeHubServer;

beforeAll(async () => {
  assertBuilt();
  folder = mkdtempSync(join(tmpdir(), 'complicity-embedded-'));
  hub = await startFakeHubServer();
});

afterAll(async () => {
  await hub?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Creates a fresh working folder and model cache for one CLI scenario. */
function workspace(name: string): { cwd: string; cacheDir: string } {
  const cwd = mkdtempSync(join(folder, `${name}-`));
  return { cwd, cacheDir: join(cwd, 'cache') };
}

function storedTurns(cwd: string) {
  const store = Store.open(join(cwd, '.complicity', 'complicity.db'), { create: false });
  try {
    const [run] = store.listRuns();
    return { run: run!, turns: store.listTurns(run!.id), verdicts: store.listVerdicts(run!.id) };
  } finally {
    store.close();
  }
}

describe('embedded GGUF model', () => {
  it(
    'runs tiny model end to end',
    async () => {
      const { cwd } = workspace('local');
      const modelPath = join(cwd, 'tiny.gguf');
      writeFileSync(modelPath, tinyModel);

      const result = await runCli(['run', '--model', `gguf:${modelPath}`, ...scenarioArgs], { cwd, env: threads });
      console.log(`Tiny GGUF run through the CLI: ${Math.round(result.durationMs)} ms for one turn of 1024 output tokens.`);

      expect(result.stderr).toContain(`Loaded tiny random llama from ${modelPath}`);
      expect(result.code).toBe(0);
      const { run, turns, verdicts } = storedTurns(cwd);
      expect((run.config as { endpoints: unknown }).endpoints).toEqual({
        [`gguf:${modelPath}`]: { provider: 'gguf', modelId: modelPath, host: 'local' },
        offline: expect.objectContaining({ host: 'local' }),
      });
      // The fixture scenario has no benign twin, so level 1 is one turn.
      expect(turns).toHaveLength(1);
      for (const turn of turns) {
        expect(turn.status).toBe('ok');
        expect(turn.reply!.length).toBeGreaterThan(0);
        expect(turn.responseModel).toBe('tiny random llama');
        expect(turn.finishReason).toBe('length');
        expect(turn.outputTokens).toBe(1024);
        expect(turn.inputTokens).toBeGreaterThan(turn.prompt.length);
      }
      expect(verdicts.filter((verdict) => verdict.label !== null)).toHaveLength(1);
    },
    inferenceTimeoutMs,
  );

  it(
    'downloads hub model once',
    async () => {
      const { cwd, cacheDir } = workspace('hub');
      hub.setFile('/test-org/tiny-GGUF/resolve/main/tiny.gguf', { body: tinyModel });
      const env = { ...threads, HF_ENDPOINT: hub.url, COMPLICITY_CACHE_DIR: cacheDir };
      const spec = 'gguf:hf:test-org/tiny-GGUF/tiny.gguf';
      const cachedPath = join(cacheDir, 'models', 'hf', 'test-org', 'tiny-GGUF', 'tiny.gguf');

      const first = await runCli(['run', '--model', spec, ...scenarioArgs], { cwd, env });
      const second = await runCli(['run', '--model', spec, ...scenarioArgs], { cwd, env });

      expect(first.code).toBe(0);
      expect(first.stderr).toContain(`Downloading tiny.gguf (0.5 MB) from ${hub.url}/test-org/tiny-GGUF/resolve/main/tiny.gguf`);
      expect(first.stderr).toMatch(new RegExp(`Downloaded tiny\\.gguf \\(0\\.5 MB\\) in \\S+ to ${cachedPath}; SHA-256 [0-9a-f]{64}`));
      expect(readFileSync(cachedPath).equals(tinyModel)).toBe(true);
      expect(second.code).toBe(0);
      expect(second.stderr).not.toContain('Downloading');
      expect(second.stderr).toContain(`Loaded tiny random llama from ${cachedPath}`);
      expect(hub.requests.filter((request) => request.path.includes('tiny-GGUF'))).toHaveLength(1);
    },
    inferenceTimeoutMs,
  );

  it('fails offline with one message', async () => {
    const { cwd, cacheDir } = workspace('offline');
    const endpoint = `http://127.0.0.1:${await findClosedPort()}`;
    const cachedPath = join(cacheDir, 'models', 'hf', defaultGgufModel.owner, defaultGgufModel.repository, defaultGgufModel.file);
    const url = `${endpoint}/${defaultGgufModel.owner}/${defaultGgufModel.repository}/resolve/${defaultGgufModel.revision}/${defaultGgufModel.file}`;

    const result: CliResult = await runCli(['run'], { cwd, env: { HF_ENDPOINT: endpoint, COMPLICITY_CACHE_DIR: cacheDir } });

    expect(result.code).toBe(2);
    expect(result.durationMs).toBeLessThan(10_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^No --model given: running the embedded model Qwen2\.5-0\.5B-Instruct Q4_K_M \(Apache-2\.0;/);
    expect(lines[1]).toMatch(/^Error: Could not download the model file Qwen2\.5-0\.5B-Instruct-Q4_K_M\.gguf \(398 MB\): .*ECONNREFUSED/);
    expect(lines[1]).toContain(`fetch ${url} on another machine and put the file at ${cachedPath}`);
    expect(lines[1]).toContain('run with --model gguf:PATH');
    expect(result.stdout).toBe('');
    expect(existsSync(join(cwd, '.complicity'))).toBe(false);
  });

  it('rejects default model with wrong checksum', async () => {
    const { cwd, cacheDir } = workspace('checksum');
    const folderOfModel = join(cacheDir, 'models', 'hf', defaultGgufModel.owner, defaultGgufModel.repository);
    hub.setFile(`/${defaultGgufModel.owner}/${defaultGgufModel.repository}/resolve/${defaultGgufModel.revision}/${defaultGgufModel.file}`, {
      body: tinyModel,
    });

    const result = await runCli(['run'], { cwd, env: { HF_ENDPOINT: hub.url, COMPLICITY_CACHE_DIR: cacheDir } });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `Error: The model file Qwen2\\.5-0\\.5B-Instruct-Q4_K_M\\.gguf \\(398 MB\\) downloaded from .* has SHA-256 [0-9a-f]{64}, not the expected ${defaultGgufModel.sha256}; it was deleted\\.`,
      ),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(folderOfModel)).toEqual([]);
    expect(existsSync(join(cwd, '.complicity'))).toBe(false);
  });
});

/** Finds a loopback port nothing listens on: one the system just handed out and took back. */
async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
