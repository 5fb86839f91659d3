/**
 * Runs tasks one at a time in the order they were queued. A task whose signal aborts while it
 * waits leaves the queue with the signal's reason, and the tasks behind it keep their places.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));

    const result = waitOrAbort(previous, signal).then(task);
    // The next task starts only when this one has finished and the one before it too, even when
    // this one gave up waiting.
    void result.catch(() => {}).then(() => previous.then(release));
    return result;
  }
}

function waitOrAbort(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return turn;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
