import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunStats } from '../../src/report/index.js';
import { loadSuite } from '../../src/suite/index.js';
import { startBeaconServer, startFakeOpenAIServer, type BeaconServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli } from './cli.js';
import { fixtureHandler, fixtureJudges, fixtureModels } from './site-fixture-replies.js';
import { writeFixtureSuite } from './site-fixture-suite.js';

/** The browser build the fixture copies into its site: the one `npm run build` writes. */
const siteAssetsPath = join(repositoryRoot, 'dist', 'site');

/** A results site written by the real CLI from real runs against a fake model server. */
export interface SiteFixture {
  workDir: string;
  dbPath: string;
  siteDir: string;
  /** `file://…/index.html` of the site, to which a test appends a hash route. */
  siteUrl: string;
  /** The stateful run every test reads. */
  runId: string;
  /** A stateless run of the same suite, when asked for, so the site has a pair to compare. */
  secondRunId: string | undefined;
  /** What `complicity stats RUN --json` printed for `runId`. */
  stats: RunStats;
  /** The server every remote URL in the untrusted text points at; it must receive nothing. */
  beacon: BeaconServer;
  close(): Promise<void>;
}

/**
 * Runs the fixture suite with `complicity run` against a fake OpenAI-compatible server on
 * 127.0.0.1, then writes the site with `complicity report`. Throws when `dist/` or
 * `dist/site/` is missing or older than its sources, since the tests drive the built CLI and app.
 *
 * @example
 * const fixture = await writeSiteFixture();
 * await page.goto(`${fixture.siteUrl}#/runs/${fixture.runId}`);
 */
export async function writeSiteFixture({ secondRun = false }: { secondRun?: boolean } = {}): Promise<SiteFixture> {
  assertBuilt();
  assertSiteBuilt();
  const workDir = mkdtempSync(join(tmpdir(), 'complicity-site-'));
  const beacon = await startBeaconServer();
  const suiteDir = join(workDir, 'suite');
  writeFixtureSuite({ folder: suiteDir, beaconUrl: beacon.url });
  const suite = await loadSuite([suiteDir]);
  const server = await startFakeOpenAIServer({ handler: fixtureHandler({ suite, beaconUrl: beacon.url }) });
  const close = async () => {
    await server.close();
    await beacon.close();
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const dbPath = join(workDir, 'store.db');
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key', COMPLICITY_DB: dbPath };
    // No retries, so that a scripted failure ends its turn at once instead of after a back-off.
    const runArguments = ['run', '--suite', suiteDir, '--max-retries', '0'];
    runArguments.push(...fixtureModels.flatMap((model) => ['--model', model]), ...fixtureJudges.flatMap((judge) => ['--judge', judge]));
    const run = (runId: string, ...extra: string[]) =>
      expectSuccess(runCli([...runArguments, '--run', runId, ...extra], { cwd: workDir, env }), 'run');
    const runId = 'site-fixture-stateful';
    await run(runId);
    const secondRunId = secondRun ? 'site-fixture-stateless' : undefined;
    if (secondRunId !== undefined) await run(secondRunId, '--mode', 'stateless');

    const statsOutput = await expectSuccess(runCli(['stats', runId, '--json'], { cwd: workDir, env }), 'stats');
    const stats = (JSON.parse(statsOutput) as { runs: RunStats[] }).runs[0]!;
    const siteDir = join(workDir, 'site');
    await expectSuccess(runCli(['report', '--out', siteDir, '--assets', siteAssetsPath], { cwd: workDir, env }), 'report');
    const siteUrl = pathToFileURL(join(siteDir, 'index.html')).href;
    return { workDir, dbPath, siteDir, siteUrl, runId, secondRunId, stats, beacon, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Resolves with standard output when the command exits 0. A run exits 1 when some turns failed,
 * and the fixture's runs fail some on purpose, so for `run` that code passes too when the run
 * reports itself incomplete.
 */
async function expectSuccess(result: ReturnType<typeof runCli>, command: string): Promise<string> {
  const { code, stdout, stderr } = await result;
  const incompleteRun = command === 'run' && code === 1 && /^Run \S+ incomplete/m.test(stderr);
  if (code !== 0 && !incompleteRun) throw new Error(`complicity ${command} exited with ${code}:\n${stderr}`);
  return stdout;
}

/** Throws unless `dist/site/` is at least as new as every file of the site's sources. */
function assertSiteBuilt(): void {
  const built = statSync(join(siteAssetsPath, 'app.js'), { throwIfNoEntry: false });
  const newest = Math.max(...listFiles(join(repositoryRoot, 'site', 'src')).map((file) => statSync(file).mtimeMs));
  if (!built || newest > built.mtimeMs) {
    throw new Error(`${siteAssetsPath} is missing or older than site/src/: run "npm run build" before the browser tests.`);
  }
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
