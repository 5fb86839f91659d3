import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tmpfs mounted for a test: a small disk that can be filled or made read-only. */
export interface TmpfsMount {
  /** The mount point. */
  readonly path: string;
  /** Remounts the disk read-only; even root then cannot write to it. */
  remountReadOnly(): void;
  /** Fills the disk's free space with one file and returns that file's path. */
  fill(): string;
  /** Unmounts the disk and removes the mount point. */
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeBytes` on a new folder. Needs root and a system that allows mounts,
 * which a CI container may not: check `tmpfsUnavailableReason()` first and skip without it.
 *
 * @example
 * const disk = mountTmpfs({ sizeBytes: 1024 * 1024 });
 * afterAll(() => disk.unmount());
 */
export function mountTmpfs({ sizeBytes }: { sizeBytes: number }): TmpfsMount {
  const path = mkdtempSync(join(tmpdir(), 'complicity-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path], { stdio: 'pipe' });
  return {
    path,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', path], { stdio: 'pipe' }),
    fill: () => fillFolder(path),
    unmount: () => {
      execFileSync('umount', [path], { stdio: 'pipe' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Returns why a tmpfs cannot be mounted here (not root, no permission), or undefined when it can. */
export function tmpfsUnavailableReason(): string | undefined {
  try {
    mountTmpfs({ sizeBytes: 64 * 1024 }).unmount();
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `mounting a tmpfs failed (${stderr || (error as Error).message}); these tests need root and a system that allows mounts`;
  }
}

function fillFolder(folder: string): string {
  const path = join(folder, 'filler');
  const descriptor = openSync(path, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) writeSync(descriptor, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(descriptor);
  }
  return path;
}
