import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The data files of a results site, read back as the browser would. */
export interface SiteData {
  /** Each data file's text, by its path relative to the site folder. */
  files: Map<string, string>;
  /** Each data file's payload, by the data path the file passes to the site's callback. */
  payloads: Map<string, unknown>;
  /** Every string anywhere in any payload, keys included. */
  strings: Set<string>;
}

/**
 * Reads every file under `data/` of a site written by `complicity report` and runs it with a
 * stand-in for the site's callback, which is how the browser reads it. Throws when a file does
 * not parse or does not call the callback exactly once.
 */
export function readSiteData(siteDir: string): SiteData {
  const files = new Map<string, string>();
  const payloads = new Map<string, unknown>();
  for (const path of listFiles(join(siteDir, 'data'))) {
    const text = readFileSync(path, 'utf8');
    const name = relative(siteDir, path);
    files.set(name, text);
    const calls: [string, unknown][] = [];
    // The file is our own output under test, run with nothing in scope but the callback.
    new Function('complicitySiteData', text)((dataPath: string, payload: unknown) => calls.push([dataPath, payload]));
    if (calls.length !== 1) throw new Error(`${name} called the site's callback ${calls.length} times, expected once.`);
    payloads.set(calls[0]![0], calls[0]![1]);
  }
  const strings = new Set<string>();
  for (const payload of payloads.values()) collectStrings(payload, strings);
  return { files, payloads, strings };
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function collectStrings(value: unknown, strings: Set<string>): void {
  if (typeof value === 'string') {
    strings.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, strings);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      strings.add(key);
      collectStrings(item, strings);
    }
  }
}
