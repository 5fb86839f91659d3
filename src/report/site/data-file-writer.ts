import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeDataFile } from './encode-data-file.js';
import { dataFilePath } from './site-data.js';

/** Writes data files under a site's folder and counts them. */
export class DataFileWriter {
  readonly folder: string;
  files = 0;
  bytes = 0;
  readonly #createdFolders = new Set<string>();

  constructor(folder: string) {
    this.folder = folder;
  }

  /** Writes the data file of `segments` with `payload`; returns its size in bytes. */
  write(segments: readonly string[], payload: unknown): number {
    const path = join(this.folder, dataFilePath(segments));
    const parent = dirname(path);
    if (!this.#createdFolders.has(parent)) {
      mkdirSync(parent, { recursive: true });
      this.#createdFolders.add(parent);
    }
    const text = encodeDataFile(segments.join('/'), payload);
    const bytes = Buffer.byteLength(text);
    writeFileSync(path, text);
    this.files++;
    this.bytes += bytes;
    return bytes;
  }
}
