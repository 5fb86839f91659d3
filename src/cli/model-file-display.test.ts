import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { GgufModelEvent } from '../provider/index.js';
import { ModelFileDisplay } from './model-file-display.js';

/** A stream that keeps every write, as a terminal or a CI log would receive it. */
class CapturedStream extends Writable {
  readonly chunks: string[] = [];
  columns = 100;

  constructor() {
    super({
      write: (chunk, _encoding, callback) => {
        this.chunks.push(String(chunk));
        callback();
      },
    });
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/** Creates a display whose clock the test moves by hand. */
function display({ isTTY }: { isTTY: boolean }) {
  const stream = new CapturedStream();
  let now = 0;
  const rendered = new ModelFileDisplay({ stream, isTTY, now: () => now });
  const at = (milliseconds: number, event: GgufModelEvent) => {
    now = milliseconds;
    rendered.handle(event);
  };
  return { stream, at };
}

const total = 400_000_000;
const start: GgufModelEvent = {
  type: 'download-start',
  file: 'model.gguf',
  url: 'https://hub.test/model.gguf',
  path: '/cache/model.gguf',
  totalBytes: total,
};
const progress = (receivedBytes: number): GgufModelEvent => ({
  type: 'download-progress',
  file: 'model.gguf',
  receivedBytes,
  totalBytes: total,
});
const end: GgufModelEvent = {
  type: 'download-end',
  file: 'model.gguf',
  path: '/cache/model.gguf',
  bytes: total,
  sha256: 'ab'.repeat(32),
  durationMs: 40_000,
};

describe('ModelFileDisplay', () => {
  it('prints plain lines every 5 s', () => {
    const { stream, at } = display({ isTTY: false });

    at(0, start);
    at(1000, progress(10_000_000));
    at(5000, progress(50_000_000));
    at(6000, progress(60_000_000));
    at(10_000, progress(100_000_000));
    at(40_000, end);

    expect(stream.text.split('\n')).toEqual([
      'Downloading model.gguf (400.0 MB) from https://hub.test/model.gguf',
      'Downloading model.gguf: 12%, 50.0 MB of 400.0 MB, 10.0 MB/s',
      'Downloading model.gguf: 25%, 100.0 MB of 400.0 MB, 10.0 MB/s',
      `Downloaded model.gguf (400.0 MB) in 40s to /cache/model.gguf; SHA-256 ${'ab'.repeat(32)}`,
      '',
    ]);
  });

  it('redraws a bar on a TTY', () => {
    const { stream, at } = display({ isTTY: true });

    at(0, start);
    at(50, progress(1_000_000));
    at(200, progress(100_000_000));
    at(250, progress(101_000_000));
    at(400, progress(200_000_000));
    at(40_000, end);

    const redraws = stream.chunks.filter((chunk) => chunk.startsWith('\r\x1b[2Kmodel.gguf'));
    expect(redraws).toEqual([
      '\r\x1b[2Kmodel.gguf [######..................] 25% 100.0 MB of 400.0 MB 500.0 MB/s',
      '\r\x1b[2Kmodel.gguf [############............] 50% 200.0 MB of 400.0 MB 500.0 MB/s',
    ]);
    // The bar is cleared before the closing line, so the line starts at the left edge.
    expect(stream.chunks.at(-2)).toBe('\r\x1b[2K');
    expect(stream.chunks.at(-1)).toMatch(/^Downloaded model\.gguf/);
  });

  it('always draws the last bytes', () => {
    const { stream, at } = display({ isTTY: false });

    at(0, start);
    at(100, progress(total));

    expect(stream.text).toContain('Downloading model.gguf: 100%, 400.0 MB of 400.0 MB');
  });

  it('reports cache mismatch and load', () => {
    const { stream, at } = display({ isTTY: false });

    at(0, {
      type: 'cache-mismatch',
      file: 'model.gguf',
      path: '/cache/model.gguf',
      expectedSha256: 'a'.repeat(64),
      actualSha256: 'b'.repeat(64),
    });
    at(10, { type: 'model-load-end', spec: 'gguf:/m.gguf', path: '/m.gguf', name: 'Tiny', contextSize: 8192, durationMs: 1500 });

    expect(stream.text.split('\n')).toEqual([
      `Warning: the cached model file /cache/model.gguf has SHA-256 ${'b'.repeat(64)}, not ${'a'.repeat(64)}; it was removed and is downloaded again.`,
      'Loaded Tiny from /m.gguf in 2s (CPU, context of 8192 tokens)',
      '',
    ]);
  });
});
