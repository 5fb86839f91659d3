/** A download of a model file began. */
export interface ModelDownloadStartEvent {
  type: 'download-start';
  /** The file's name, for display. */
  file: string;
  url: string;
  /** Destination of the complete file. */
  path: string;
  /** Size from the response's Content-Length, when the server sent one. */
  totalBytes: number | undefined;
}

/** Bytes of a download arrived; sent at most every 200 ms, and once at the end. */
export interface ModelDownloadProgressEvent {
  type: 'download-progress';
  file: string;
  receivedBytes: number;
  totalBytes: number | undefined;
}

/** A download completed, passed its checksum and was moved into place. */
export interface ModelDownloadEndEvent {
  type: 'download-end';
  file: string;
  path: string;
  bytes: number;
  sha256: string;
  durationMs: number;
}

/** A cached file did not match its checksum, so it was removed and is downloaded again. */
export interface ModelCacheMismatchEvent {
  type: 'cache-mismatch';
  file: string;
  path: string;
  expectedSha256: string;
  actualSha256: string;
}

/** A model was loaded into memory and is ready for calls. */
export interface ModelLoadEndEvent {
  type: 'model-load-end';
  spec: string;
  path: string;
  /** The model's own name from its GGUF metadata, when it has one. */
  name: string | undefined;
  /** Tokens the context holds: the prompt and the reply together. */
  contextSize: number;
  durationMs: number;
}

/** Progress of preparing embedded models, for the CLI to render, since core code never prints. */
export type GgufModelEvent =
  ModelDownloadStartEvent | ModelDownloadProgressEvent | ModelDownloadEndEvent | ModelCacheMismatchEvent | ModelLoadEndEvent;
