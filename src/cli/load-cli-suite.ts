import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../error/index.js';
import { loadSuite, type Suite } from '../suite/index.js';
import type { CliIo } from './cli-io.js';
import { bundledSuitePath } from './default-paths.js';

/** The suite paths a command reads: the `--suite` flags, or the bundled suite. */
export function suitePathsOf(flags: readonly string[], io: CliIo): string[] {
  return flags.length > 0 ? flags.map((path) => resolve(io.cwd, path)) : [bundledSuitePath];
}

/** Loads the suite for a command, with a plain message when the bundled suite has no scenarios. */
export async function loadCliSuite(paths: string[]): Promise<Suite> {
  if (paths.length === 1 && paths[0] === bundledSuitePath && !hasScenarioFiles(bundledSuitePath)) {
    throw new UsageError({ message: `The bundled suite (${bundledSuitePath}) has no scenarios yet. Name a suite with --suite PATH.` });
  }
  return loadSuite(paths);
}

function hasScenarioFiles(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).some((name) => /\.ya?ml$/.test(name));
}
