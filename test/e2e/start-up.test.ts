import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli } from './cli.js';

const recorder = join(repositoryRoot, 'test/fixtures/hooks/record-packages.mjs');
const vendorPackages = [
  'ai',
  '@ai-sdk/anthropic',
  '@ai-sdk/google',
  '@openrouter/ai-sdk-provider',
  '@ai-sdk/openai-compatible',
  'node-llama-cpp',
];

describe('start-up', () => {
  let server: FakeOpenAIServer;
  let workDir: string;

  beforeAll(async () => {
    assertBuilt();
    server = await startFakeOpenAIServer({
      handler: routeByModel({
        a: { body: { choices: [{ message: { content: 'Here is the rota.' }, finish_reason: 'stop' }] } },
        j: markerJudge(),
      }),
    });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-start-up-'));
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs the CLI and lists the packages it imported. */
  async function packagesImportedBy(args: string[], name: string, env: Record<string, string> = {}) {
    const record = join(workDir, `${name}.txt`);
    const result = await runCli(args, { cwd: workDir, env: { ...env, NODE_OPTIONS: `--import=${recorder}`, RECORD_PACKAGES_TO: record } });
    expect(result.stderr).not.toMatch(/Error/);
    return readFileSync(record, 'utf8').trim().split('\n');
  }

  it('imports no model package for --version', async () => {
    const packages = await packagesImportedBy(['--version'], 'version');

    expect(packages).toContain('commander');
    expect(packages.filter((name) => vendorPackages.includes(name))).toEqual([]);
  });

  it('imports no vendor package for a compatible endpoint', async () => {
    const suite = join(repositoryRoot, 'test/fixtures/suites/basic');
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
    const packages = await packagesImportedBy(['run', '--model', 'openai:a', '--judge', 'openai:j', '--suite', suite], 'run', env);

    expect(packages).toContain('better-sqlite3');
    expect(server.requests.length).toBeGreaterThan(0);
    expect(packages.filter((name) => vendorPackages.includes(name))).toEqual([]);
  });
});
