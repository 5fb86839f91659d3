import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isBuildStale, repositoryRoot } from './e2e/cli.js';

/** Rebuilds `dist/` before the tests when a source file is newer, since end-to-end tests run the built CLI. */
export default function setup(): void {
  if (!isBuildStale()) return;
  execFileSync(
    process.execPath,
    [join(repositoryRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repositoryRoot, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}
