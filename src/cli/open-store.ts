import { existsSync } from 'node:fs';
import { UsageError } from '../error/index.js';
import { Store } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { resolveStorePath } from './default-paths.js';

/** Opens the store for a command; commands that only read refuse to create an empty one. */
export function openStore({ flag, io, create }: { flag: string | undefined; io: CliIo; create: boolean }): Store {
  const path = resolveStorePath(flag, io);
  if (!create && !existsSync(path)) {
    throw new UsageError({
      message: `No store at ${path}. Start a run with "complicity run", or point --db (or COMPLICITY_DB) at an existing store.`,
    });
  }
  return Store.open(path, { create });
}
