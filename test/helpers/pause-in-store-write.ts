import { fileURLToPath } from 'node:url';

/** Path of the preload module with the store test hooks, which environment variables turn on one by one. */
export const storeTestHooksPath = fileURLToPath(new URL('./store-test-hooks.mjs', import.meta.url));

/** The start of the line `store-test-hooks.mjs` writes to stderr once it has paused. */
export const storeWritePauseMarker = 'complicity-test: paused in store write';

/**
 * Returns the environment that makes a CLI process pause inside its `ordinal`th store write
 * (INSERT, UPDATE or DELETE, counted from 1), with the change made and not committed, so a
 * test can SIGKILL it there. The process writes `storeWritePauseMarker` to stderr when paused.
 *
 * @example
 * const cli = spawnCli(args, { cwd, env: { ...env, ...pauseInStoreWrite(3) } });
 */
export function pauseInStoreWrite(ordinal: number): Record<string, string> {
  if (!Number.isInteger(ordinal) || ordinal < 1) throw new Error(`pauseInStoreWrite: ordinal must be an integer from 1, got ${ordinal}`);
  return { NODE_OPTIONS: `--import=${JSON.stringify(storeTestHooksPath)}`, COMPLICITY_TEST_PAUSE_AT_WRITE: String(ordinal) };
}
