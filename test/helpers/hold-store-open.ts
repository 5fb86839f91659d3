import { storeTestHooksPath } from './pause-in-store-write.js';

/** The line `store-test-hooks.mjs` writes to stderr when the process starts to wait at the gate. */
export const storeOpenGateMarker = 'complicity-test: waiting at the open gate';

/**
 * Returns the environment that makes a CLI process wait, right after it opens the store file
 * and before it reads the schema version, until the file `gate` exists. The process writes
 * `storeOpenGateMarker` to stderr as it starts to wait. Creating `gate` then
 * releases every such process at once, so they race to set up one store.
 *
 * @example
 * const runs = [1, 2].map(() => spawnCli(args, { cwd, env: { ...env, ...holdStoreOpen(gate) } }));
 */
export function holdStoreOpen(gate: string): Record<string, string> {
  return { NODE_OPTIONS: `--import=${JSON.stringify(storeTestHooksPath)}`, COMPLICITY_TEST_OPEN_GATE: gate };
}
