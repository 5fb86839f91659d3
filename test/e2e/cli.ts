import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliPath = join(repositoryRoot, 'bin', 'complicity.js');

/** The outcome of one CLI process. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** A running CLI process whose output is collected as it arrives. */
export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<CliResult>;
}

/** Whether `dist/` is missing or older than a file in `src/`. */
export function isBuildStale(): boolean {
  const built = statSync(join(repositoryRoot, 'dist', 'cli', 'main.js'), { throwIfNoEntry: false });
  return !built || newestSource(join(repositoryRoot, 'src')).mtimeMs > built.mtimeMs;
}

/**
 * Throws unless `dist/` is at least as new as every file in `src/`, because the end-to-end
 * tests drive the built CLI, as users do. The tests' global setup builds it when stale.
 */
export function assertBuilt(): void {
  if (isBuildStale()) throw new Error('dist/ is missing or older than src/: run "npm run build" before the end-to-end tests.');
}

function newestSource(folder: string): { path: string; mtimeMs: number } {
  let newest = { path: folder, mtimeMs: 0 };
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.test.ts')
        ? newest
        : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * Starts `complicity ARGS` with only the given environment (plus PATH and HOME), so no real
 * key or base URL from the developer's shell can reach a test.
 */
export function spawnCli(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }): CliProcess {
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
  };
}

/** Runs `complicity ARGS` to the end. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return spawnCli(args, options).exited;
}
