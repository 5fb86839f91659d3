import { dataCallbackName, type DataPath } from './data-paths.js';

declare global {
  interface Window {
    complicitySiteData?: (path: string, payload: unknown) => void;
  }
}

/** Why a data file gave no payload: the file could not be loaded, or it loaded without calling back for its path. */
export type DataFileProblem = 'missing' | 'no-payload';

/** A data file that could not be read, with the path and file involved. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  readonly path: string;
  readonly file: string;
  readonly problem: DataFileProblem;

  constructor({ path, file, problem }: { path: string; file: string; problem: DataFileProblem }) {
    super(
      problem === 'missing'
        ? `The data file ${file} could not be loaded.`
        : `The data file ${file} loaded but did not call ${dataCallbackName}("${path}", …).`,
    );
    this.path = path;
    this.file = file;
    this.problem = problem;
  }
}

/** Payloads handed to the callback, by path, until the load that asked for them picks them up. */
const delivered = new Map<string, unknown>();
const inFlight = new Map<string, Promise<unknown>>();
/** Payloads already loaded, by path, oldest first. */
const loaded = new Map<string, unknown>();

/**
 * Paths kept in memory after loading, newest last. Transcript files can be large, so only the
 * most recent few stay; the index and run summaries are small and every view needs them.
 */
const maxCachedFiles = 12;

/** Defines the global function every data file calls with its path and payload. */
export function installDataCallback(): void {
  window[dataCallbackName] = (path: string, payload: unknown) => {
    delivered.set(path, payload);
  };
}

/** Returns the payload of a path that has already loaded, without loading anything. */
export function peekData<Payload>(dataPath: DataPath<Payload>): { data: Payload } | undefined {
  return loaded.has(dataPath.path) ? { data: loaded.get(dataPath.path) as Payload } : undefined;
}

/**
 * Loads a data file by inserting a `<script>` for it, because a page opened from `file://` may
 * load scripts but not fetch files. Resolves with the payload the file passes to the callback;
 * rejects with a `DataFileError` when the file is missing or calls back for another path.
 */
export function loadData<Payload>(dataPath: DataPath<Payload>): Promise<Payload> {
  const { path, file } = dataPath;
  const running = inFlight.get(path);
  if (running) return running as Promise<Payload>;
  const loading = new Promise<unknown>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = file;
    script.async = true;
    // A classic script's load event fires after it has run, so its call has arrived by then.
    script.onload = () => {
      script.remove();
      if (delivered.has(path)) {
        resolve(delivered.get(path));
        delivered.delete(path);
      } else {
        reject(new DataFileError({ path, file, problem: 'no-payload' }));
      }
    };
    script.onerror = () => {
      script.remove();
      reject(new DataFileError({ path, file, problem: 'missing' }));
    };
    document.head.append(script);
  });
  inFlight.set(path, loading);
  loading.then(
    (data) => remember(path, data),
    // Forget a failure, so that a later visit tries again, for example after `complicity report` has run.
    () => inFlight.delete(path),
  );
  return loading as Promise<Payload>;
}

function remember(path: string, data: unknown): void {
  loaded.set(path, data);
  for (const old of loaded.keys()) {
    if (loaded.size <= maxCachedFiles) break;
    if (old === 'index') continue;
    loaded.delete(old);
    inFlight.delete(old);
  }
}
