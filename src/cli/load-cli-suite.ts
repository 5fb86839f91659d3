import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../error/index.js';
import { loadSuiteSources, runSourcePrefix } from '../interop/index.js';
import type { Store } from '../store/index.js';
import type { Suite } from '../suite/index.js';
import type { CliIo } from './cli-io.js';
import { bundledSuitePath } from './default-paths.js';

/** The suite sources a command reads: the `--suite` flags (paths resolved, `run:RUN_ID` kept), or the bundled suite. */
export function suitePathsOf(flags: readonly string[], io: CliIo): string[] {
  if (flags.length === 0) return [bundledSuitePath];
  return flags.map((source) => (source.startsWith(runSourcePrefix) ? source : resolve(io.cwd, source)));
}

/** Whether a source names a stored run, so the command must open the store before loading the suite. */
export function needsStore(sources: readonly string[]): boolean {
  return sources.some((source) => source.startsWith(runSourcePrefix));
}

/**
 * Loads the suite for a command, with plain messages when the bundled suite has no scenarios or
 * a `--suite` path does not exist (where "complicity validate PATH" would not help).
 */
export async function loadCliSuite(sources: string[], { store }: { store?: Store } = {}): Promise<Suite> {
  if (sources.length === 1 && sources[0] === bundledSuitePath && !hasScenarioFiles(bundledSuitePath)) {
    throw new UsageError({ message: `The bundled suite (${bundledSuitePath}) has no scenarios yet. Name a suite with --suite PATH.` });
  }
  const missing = sources.find((source) => !source.startsWith(runSourcePrefix) && !existsSync(source));
  if (missing) {
    throw new UsageError({ message: `The suite path ${missing} does not exist. Give --suite an existing scenario file or folder.` });
  }
  return loadSuiteSources(sources, { store });
}

function hasScenarioFiles(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).some((name) => /\.ya?ml$/.test(name));
}
