import { describe, expect, it } from 'vitest';
import { formatHubReference, parseGgufTarget, type HubGgufSource } from './parse-gguf-target.js';

describe('parseGgufTarget', () => {
  it('resolves relative paths', () => {
    expect(parseGgufTarget('models/tiny.gguf', { cwd: '/work' })).toEqual({ kind: 'file', path: '/work/models/tiny.gguf' });
    expect(parseGgufTarget('/data/tiny.gguf', { cwd: '/work' })).toEqual({ kind: 'file', path: '/data/tiny.gguf' });
  });

  it('reads hub references', () => {
    expect(parseGgufTarget('hf:Org-1/Model.v2-GGUF/Model-Q4_K_M.gguf')).toEqual({
      kind: 'hub',
      owner: 'Org-1',
      repository: 'Model.v2-GGUF',
      file: 'Model-Q4_K_M.gguf',
    });
    expect(parseGgufTarget('hf:org/repo/quants/q8/model.GGUF')).toMatchObject({ file: 'quants/q8/model.GGUF' });
  });

  it('round-trips hub references', () => {
    const target = 'hf:org/repo/quants/model.gguf';
    const source = parseGgufTarget(target) as HubGgufSource;

    expect(source.kind).toBe('hub');
    expect(formatHubReference(source)).toBe(target);
  });

  it.each([
    ['hf:org/repo', 'it names no file'],
    ['hf:org', '"" is not a repository name'],
    ['hf:/repo/model.gguf', '"" is not a Hugging Face user or organisation name'],
    ['hf:org/repo/model.bin', '"model.bin" is not a .gguf file'],
    ['hf:org/repo/../../escape.gguf', '"../../escape.gguf" is not a file path inside the repository'],
    ['hf:org/repo/sub//model.gguf', '"sub//model.gguf" is not a file path inside the repository'],
    ['hf:org/repo/sub\\..\\model.gguf', 'is not a file path inside the repository'],
    ['hf:-org/repo/model.gguf', '"-org" is not a Hugging Face user or organisation name'],
  ])('rejects %s', (target, problem) => {
    expect(() => parseGgufTarget(target)).toThrow(problem);
    expect(() => parseGgufTarget(target)).toThrow('Use gguf:hf:OWNER/REPO/FILE.gguf or gguf:PATH.');
  });
});
