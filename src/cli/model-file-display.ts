import type { GgufModelEvent } from '../provider/index.js';
import { formatDuration } from './format-duration.js';
import { toOneLine } from './to-one-line.js';

// Off a TTY (CI logs, files), a progress line at most this often.
const plainIntervalMs = 5000;
// On a TTY, the bar is redrawn at most this often.
const ttyIntervalMs = 100;
const barWidth = 24;

/**
 * Renders the download and loading of embedded models on stderr: a progress bar redrawn in
 * place on a TTY, a plain line at most every 5 s elsewhere, and one line when a file is ready.
 */
export class ModelFileDisplay {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly #isTTY: boolean;
  readonly #now: () => number;
  #started = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #barShown = false;

  constructor({
    stream,
    isTTY = Boolean(stream.isTTY),
    now = Date.now,
  }: {
    stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    isTTY?: boolean;
    now?: () => number;
  }) {
    this.#stream = stream;
    this.#isTTY = isTTY;
    this.#now = now;
  }

  handle(event: GgufModelEvent): void {
    switch (event.type) {
      case 'download-start':
        this.#started = this.#now();
        this.#lastDraw = this.#now();
        this.#printLine(
          `Downloading ${event.file}${event.totalBytes === undefined ? '' : ` (${formatMegabytes(event.totalBytes)})`} from ${event.url}`,
        );
        break;
      case 'download-progress':
        this.#drawProgress(event.file, event.receivedBytes, event.totalBytes);
        break;
      case 'download-end':
        this.#printLine(
          `Downloaded ${event.file} (${formatMegabytes(event.bytes)}) in ${formatDuration(event.durationMs)} to ${event.path}; SHA-256 ${event.sha256}`,
        );
        break;
      case 'cache-mismatch':
        this.#printLine(
          `Warning: the cached model file ${event.path} has SHA-256 ${event.actualSha256}, not ${event.expectedSha256}; it was removed and is downloaded again.`,
        );
        break;
      case 'model-load-end':
        this.#printLine(
          `Loaded ${event.name ?? event.spec} from ${event.path} in ${formatDuration(event.durationMs)} (CPU, context of ${event.contextSize} tokens)`,
        );
        break;
    }
  }

  #drawProgress(file: string, receivedBytes: number, totalBytes: number | undefined): void {
    const now = this.#now();
    const complete = totalBytes !== undefined && receivedBytes >= totalBytes;
    if (!complete && now - this.#lastDraw < (this.#isTTY ? ttyIntervalMs : plainIntervalMs)) return;
    this.#lastDraw = now;

    const elapsedSeconds = Math.max((now - this.#started) / 1000, 0.001);
    const rate = `${formatMegabytes(receivedBytes / elapsedSeconds)}/s`;
    const amount =
      totalBytes === undefined ? formatMegabytes(receivedBytes) : `${formatMegabytes(receivedBytes)} of ${formatMegabytes(totalBytes)}`;
    if (!this.#isTTY) {
      const percent = totalBytes === undefined ? '' : `${Math.floor((100 * receivedBytes) / Math.max(totalBytes, 1))}%, `;
      this.#stream.write(`Downloading ${file}: ${percent}${amount}, ${rate}\n`);
      return;
    }
    const line = `${file} ${totalBytes === undefined ? '' : `${bar(receivedBytes / Math.max(totalBytes, 1))} `}${amount} ${rate}`;
    const width = this.#stream.columns ?? 120;
    this.#stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    this.#barShown = true;
  }

  #printLine(text: string): void {
    if (this.#barShown) {
      this.#stream.write('\r\x1b[2K');
      this.#barShown = false;
    }
    this.#stream.write(`${toOneLine(text)}\n`);
  }
}

/** Formats bytes in decimal megabytes, as Hugging Face shows file sizes: `398.0 MB`. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${Math.floor(Math.min(fraction, 1) * 100)}%`;
}
