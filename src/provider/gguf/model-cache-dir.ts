import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variable that moves Complicity's cache folder, model files included. */
export const cacheDirVariable = 'COMPLICITY_CACHE_DIR';

/**
 * Returns the folder downloaded model files are kept in: `models/` inside
 * `$COMPLICITY_CACHE_DIR` when set, otherwise inside the platform's user cache folder
 * (`$XDG_CACHE_HOME/complicity` or `~/.cache/complicity` on Linux,
 * `~/Library/Caches/complicity` on macOS, `%LOCALAPPDATA%\complicity\Cache` on Windows).
 */
export function modelCacheDir({
  env = process.env,
  platform = process.platform,
  home = homedir(),
}: { env?: Record<string, string | undefined>; platform?: NodeJS.Platform; home?: string } = {}): string {
  return join(cacheRoot({ env, platform, home }), 'models');
}

function cacheRoot({ env, platform, home }: { env: Record<string, string | undefined>; platform: NodeJS.Platform; home: string }): string {
  const configured = env[cacheDirVariable]?.trim();
  if (configured) return configured;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'complicity');
  if (platform === 'win32') return join(env['LOCALAPPDATA']?.trim() || join(home, 'AppData', 'Local'), 'complicity', 'Cache');
  return join(env['XDG_CACHE_HOME']?.trim() || join(home, '.cache'), 'complicity');
}
