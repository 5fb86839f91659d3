import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CliResult } from './cli.js';
import { repositoryRoot } from './cli.js';

const cliPath = join(repositoryRoot, 'bin', 'complicity.js');

/** The unprivileged account of Debian and most Linux systems, whose file permissions hold. */
const nobody = { uid: 65534, gid: 65534 };

/**
 * Returns why the CLI cannot be run as an unprivileged user here, or undefined when it can.
 * Tests run as root, whom file permissions do not stop, so a permission test starts the CLI as
 * `nobody`. That needs root, and a checkout that `nobody` can read.
 */
export function nobodyUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const probe = spawnSync(process.execPath, [cliPath, '--version'], { ...nobody, cwd: '/', env: { PATH: process.env['PATH'] ?? '' } });
  if (probe.status === 0) return undefined;
  return `the user nobody (uid ${nobody.uid}) cannot run ${cliPath}: ${probe.error?.message ?? probe.stderr.toString().trim()}`;
}

/**
 * Runs `complicity ARGS` to the end as `nobody` when the tests run as root, or as the current
 * user otherwise, with only PATH and the given environment.
 */
export function runCliAsNobody(args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const started = performance.now();
  const user = process.getuid?.() === 0 ? nobody : {};
  const child = spawn(process.execPath, [cliPath, ...args], {
    ...user,
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started }));
  });
}
