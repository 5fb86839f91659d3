import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';

import { locateYamlPath } from './locate-yaml-path.js';

const source = [
  '# comment',
  'id: port',
  'organisation:',
  '  name: Port',
  'levels:',
  '  - level: 1',
  '    intent: legit',
  '  - level: 2',
  '    intent:',
  '',
].join('\n');

function locate(path: PropertyKey[], target?: 'key' | 'value') {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  return locateYamlPath({ document, lineCounter, path, target });
}

describe('locateYamlPath', () => {
  it('points at a value', () => {
    expect(locate(['id'])).toEqual({ line: 2, column: 5 });
  });

  it('points at a value inside a list', () => {
    expect(locate(['levels', 0, 'intent'])).toEqual({ line: 7, column: 13 });
  });

  it('points at a key when asked', () => {
    expect(locate(['levels', 0, 'intent'], 'key')).toEqual({ line: 7, column: 5 });
  });

  it('points at the key of an empty value', () => {
    expect(locate(['levels', 1, 'intent'])).toEqual({ line: 9, column: 5 });
  });

  it('points at the parent map of a missing key', () => {
    expect(locate(['organisation', 'country'])).toEqual({ line: 4, column: 3 });
  });

  it('points at the list when an index is missing', () => {
    expect(locate(['levels', 4, 'prompt'])).toEqual({ line: 6, column: 3 });
  });

  it('points at the root map for the empty path', () => {
    expect(locate([])).toEqual({ line: 2, column: 1 });
  });

  it('returns undefined for an empty document', () => {
    const lineCounter = new LineCounter();
    const document = parseDocument('', { lineCounter });
    expect(locateYamlPath({ document, lineCounter, path: ['id'] })).toBeUndefined();
  });
});
