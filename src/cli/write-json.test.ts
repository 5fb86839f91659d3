import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { writeJson } from './write-json.js';

/** Writes `value` through `writeJson` and returns the text and the pieces it wrote. */
async function written(value: unknown): Promise<{ text: string; pieces: string[] }> {
  const pieces: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pieces.push(chunk.toString());
      done();
    },
  });
  await writeJson(stream, value);
  return { text: pieces.join(''), pieces };
}

const cases: Record<string, unknown> = {
  'a number': 4.25,
  'a string with quotes and a line break': 'a "b"\nc',
  null: null,
  'empty containers': { list: [], object: {}, nested: [[], {}] },
  'undefined, functions and symbols': { kept: 1, gone: undefined, call: () => 1, tag: Symbol('x'), list: [undefined, () => 1, 2] },
  'non-finite numbers': [Number.NaN, Number.POSITIVE_INFINITY, -0],
  'a date and a toJSON': { at: new Date('2026-12-05T10:00:00.000Z'), custom: { toJSON: (key: string) => `key ${key}` } },
  'nested rows': {
    summary: { runId: 'run-1', turns: { planned: 3, byStatus: { ok: 2, error: 1 } } },
    stats: {
      flagged: [
        { model: 'openai:a', level: 2, tiers: 2 },
        { model: 'openai:b', level: 5, tiers: 3 },
      ],
    },
  },
};

describe('writeJson', () => {
  it.each(Object.entries(cases))('writes %s as JSON.stringify does', async (_name, value) => {
    expect((await written(value)).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a large value in pieces', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({ model: `openai:m${index % 7}`, level: index % 5, flagged: true }));
    const { text, pieces } = await written({ rows });

    expect(text).toBe(`${JSON.stringify({ rows }, null, 2)}\n`);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(70 * 1024);
  });

  it('waits for a slow stream to drain', async () => {
    const rows = Array.from({ length: 40_000 }, (_, index) => ({ model: `openai:m${index % 7}`, level: index % 5, flagged: true }));
    const pieces: string[] = [];
    let maxBuffered = 0;
    // Takes each piece on a later turn of the event loop, as a pipe to another process does.
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        pieces.push(chunk.toString());
        setImmediate(done);
      },
    });
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string) => {
      const ready = write(chunk);
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
      return ready;
    }) as typeof stream.write;

    await writeJson(stream, { rows });

    expect(pieces.join('')).toBe(`${JSON.stringify({ rows }, null, 2)}\n`);
    expect(pieces.join('').length).toBeGreaterThan(2_000_000);
    expect(maxBuffered).toBeLessThan(200 * 1024);
  });
});
