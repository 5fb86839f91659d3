import { describe, expect, it } from 'vitest';
import { modelCacheDir } from './model-cache-dir.js';

describe('modelCacheDir', () => {
  it('honours COMPLICITY_CACHE_DIR', () => {
    expect(
      modelCacheDir({ env: { COMPLICITY_CACHE_DIR: ' /srv/cache ', XDG_CACHE_HOME: '/xdg' }, platform: 'linux', home: '/home/ada' }),
    ).toBe('/srv/cache/models');
  });

  it('follows XDG on Linux', () => {
    expect(modelCacheDir({ env: { XDG_CACHE_HOME: '/xdg' }, platform: 'linux', home: '/home/ada' })).toBe('/xdg/complicity/models');
    expect(modelCacheDir({ env: { XDG_CACHE_HOME: '  ' }, platform: 'linux', home: '/home/ada' })).toBe(
      '/home/ada/.cache/complicity/models',
    );
  });

  it('uses Library/Caches on macOS', () => {
    expect(modelCacheDir({ env: {}, platform: 'darwin', home: '/Users/ada' })).toBe('/Users/ada/Library/Caches/complicity/models');
  });
});
