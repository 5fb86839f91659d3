import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(repositoryRoot, 'bin', 'complicity.js');

/** The cost of one `complicity` process, as the process itself measured it. */
export interface ProcessMeasure {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawning the process to its exit, Node start-up included. */
  wallMs: number;
  /** CPU time of the process, all of its threads included. */
  userMs: number;
  systemMs: number;
  /** Peak resident memory of the process, in MB (10^6 bytes). */
  peakRssMb: number;
}

/**
 * Runs `complicity ARGS` in its own Node process and returns its wall time, CPU time and peak
 * memory. A module preloaded with `--import` writes `process.resourceUsage()` as the process
 * exits, so the figures are the child's own, worker threads included, and not the bench's.
 */
export async function measureCli(
  args: readonly string[],
  { cwd, env, nodeArguments = [] }: { cwd: string; env?: Record<string, string>; nodeArguments?: readonly string[] },
): Promise<ProcessMeasure> {
  const folder = mkdtempSync(join(tmpdir(), 'complicity-usage-'));
  const usageFile = join(folder, 'usage.json');
  const preload = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify(process.resourceUsage())));`,
  )}`;
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await runProcess(process.execPath, [...nodeArguments, '--import', preload, cliPath, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    const wallMs = performance.now() - started;
    // A process that V8 aborts (out of heap) exits without running its exit handlers.
    if (!existsSync(usageFile)) {
      throw new Error(`complicity ${args.join(' ')} exited with code ${code} before writing its resource usage:\n${stderr.slice(-2000)}`);
    }
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCPUTime: number; systemCPUTime: number; maxRSS: number };
    // resourceUsage() gives CPU times in microseconds and maxRSS in kilobytes (KiB).
    return {
      code,
      stdout,
      stderr,
      wallMs,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      peakRssMb: (usage.maxRSS * 1024) / 1e6,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs a command to its exit and collects its output. */
export function runProcess(
  command: string,
  args: readonly string[],
  { cwd, env }: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Throws with the process's standard error unless it exited with 0. */
export function assertSucceeded(what: string, result: { code: number | null; stderr: string }): void {
  if (result.code !== 0) throw new Error(`${what} failed with exit code ${result.code}:\n${result.stderr.slice(-4000)}`);
}
