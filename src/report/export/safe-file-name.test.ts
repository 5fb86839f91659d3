import { describe, expect, it } from 'vitest';
import { hostileModel } from '../../../test/helpers/store-export-run.js';
import { safeFileName } from './safe-file-name.js';

const allowed = /^[A-Za-z0-9._-]+$/;

describe('safeFileName', () => {
  it('keeps a safe name as it is', () => {
    expect(safeFileName('20261204-7f3c9a')).toBe('20261204-7f3c9a');
    expect(safeFileName('gpt-4o_mini.v2')).toBe('gpt-4o_mini.v2');
  });

  it.each([
    ['hostile model', hostileModel],
    ['path traversal', '../../etc/passwd'],
    ['dot names', '..'],
    ['windows separators', 'C:\\models\\x'],
    ['spec with vendor', 'openrouter:meta-llama/llama-3.1-70b'],
    ['control characters', 'a\u0000b\nc\td'],
    ['only emoji', '😀😀'],
    ['empty', ''],
    ['very long', 'm'.repeat(500)],
  ])('cleans %s', (_, input) => {
    const name = safeFileName(input);
    expect(name).toMatch(allowed);
    expect(name.startsWith('.')).toBe(false);
    expect(name.length).toBeLessThanOrEqual(89);
  });

  it('keeps distinct specs distinct', () => {
    expect(safeFileName('vendor/model')).not.toBe(safeFileName('vendor:model'));
  });
});
