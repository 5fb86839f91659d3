import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { encodeDataFile, encodeDataFileInParts, toScriptSafeJson } from './encode-data-file.js';

/** Runs a data file as a browser would, and returns what it passed to the callback. */
function loadDataFile(text: string): { path: string; payload: unknown } {
  const calls: { path: string; payload: unknown }[] = [];
  runInNewContext(text, { complicitySiteData: (path: string, payload: unknown) => calls.push({ path, payload }) });
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe('toScriptSafeJson', () => {
  it('escapes characters that could end a script', () => {
    const json = toScriptSafeJson({ reply: '</script><script>alert(1)</script> <!-- & \u2028\u2029' });

    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).toContain('\\u0026');
    expect(json).toContain('\\u2028\\u2029');
  });

  it('parses back to the same value', () => {
    const value = { reply: 'a < b && c > d </script>', separators: '\u2028\u2029', nested: [{ text: '<img onerror=x>' }], n: 1.5 };

    expect(JSON.parse(toScriptSafeJson(value))).toEqual(value);
  });
});

describe('encodeDataFile', () => {
  it('calls the callback with path and payload', () => {
    const payload = { runs: [{ runId: 'run-1' }], text: 'Plain text.' };

    const loaded = loadDataFile(encodeDataFile('runs/run-1/summary', payload));

    expect(loaded.path).toBe('runs/run-1/summary');
    expect(loaded.payload).toEqual(payload);
  });

  it('keeps a script-ending reply inside the string', () => {
    const reply = 'Here it is:\n</script><script>globalThis.escaped = true</script>\u2028<!--';
    const text = encodeDataFile('runs/run-1/transcripts/scenario-1', { reply });

    expect(text).not.toContain('</script>');
    expect(text).not.toContain('<!--');
    expect(text.split('\n')).toHaveLength(2);
    expect(loadDataFile(text).payload).toEqual({ reply });
  });
});

describe('encodeDataFileInParts', () => {
  it('joins to the text of encodeDataFile', () => {
    const payload = {
      scenario: { id: 'scenario-1', title: 'A </script> title' },
      skipped: undefined,
      conversations: [{ model: 'openai:a', reply: 'x < y', missing: undefined }, { model: 'openai:b' }],
    };

    const parts = [...encodeDataFileInParts('runs/run-1/transcripts/scenario-1', payload, 'conversations')];

    expect(parts.join('')).toBe(encodeDataFile('runs/run-1/transcripts/scenario-1', payload));
    expect(parts.length).toBeGreaterThan(3);
  });

  it('encodes an empty array', () => {
    const payload = { scenario: { id: 'scenario-1' }, conversations: [] };

    expect([...encodeDataFileInParts('path', payload, 'conversations')].join('')).toBe(encodeDataFile('path', payload));
  });
});
