import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeDataFile, encodeDataFileInParts } from './encode-data-file.js';
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
    const path = this.#prepare(segments);
    const text = encodeDataFile(segments.join('/'), payload);
    const bytes = Buffer.byteLength(text);
    writeFileSync(path, text);
    this.files++;
    this.bytes += bytes;
    return bytes;
  }

  /**
   * Writes the same file as `write`, encoding and writing the array under `arrayKey` one item at
   * a time, so a large file is never one string in memory. Returns its size in bytes.
   */
  writeInParts<T extends object>(segments: readonly string[], payload: T, arrayKey: keyof T & string): number {
    const path = this.#prepare(segments);
    const descriptor = openSync(path, 'w');
    let bytes = 0;
    try {
      for (const part of encodeDataFileInParts(segments.join('/'), payload, arrayKey)) bytes += writeSync(descriptor, part);
    } finally {
      closeSync(descriptor);
    }
    this.files++;
    this.bytes += bytes;
    return bytes;
  }

  /** Returns the file path of `segments`, creating its folder the first time. */
  #prepare(segments: readonly string[]): string {
    const path = join(this.folder, dataFilePath(segments));
    const parent = dirname(path);
    if (!this.#createdFolders.has(parent)) {
      mkdirSync(parent, { recursive: true });
      this.#createdFolders.add(parent);
    }
    return path;
  }
}
