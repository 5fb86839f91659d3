import { resolve } from 'node:path';
import type { CliIo } from './cli-io.js';

export { bundledSuitePath } from '../suite/index.js';

/** The store path: `--db`, then `COMPLICITY_DB`, then `.complicity/complicity.db` in the working directory. */
export function resolveStorePath(flag: string | undefined, io: CliIo): string {
  return resolve(io.cwd, flag ?? io.env['COMPLICITY_DB'] ?? '.complicity/complicity.db');
}
