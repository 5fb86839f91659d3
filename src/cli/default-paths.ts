import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { CliIo } from './cli-io.js';

/** The suite that ships with the package, two folders above both `src/cli/` and `dist/cli/`. */
export const bundledSuitePath = fileURLToPath(new URL('../../suites/', import.meta.url));

/** The store path: `--db`, then `COMPLICITY_DB`, then `.complicity/complicity.db` in the working directory. */
export function resolveStorePath(flag: string | undefined, io: CliIo): string {
  return resolve(io.cwd, flag ?? io.env['COMPLICITY_DB'] ?? '.complicity/complicity.db');
}
