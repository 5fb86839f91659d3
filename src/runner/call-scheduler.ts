interface PendingCall {
  key: string;
  priority: number;
  sequence: number;
  signal: AbortSignal | undefined;
  start: () => void;
  cancel: (reason: unknown) => void;
}

/**
 * Gates calls by a global concurrency limit and a limit per key (a model or a judge).
 *
 * A waiting call never blocks calls of another key: when a slot frees, the scheduler takes
 * the highest-priority call among the keys that still have room, so a saturated or slow model
 * leaves the other models' slots working. Within a key, higher priority goes first, then
 * arrival order.
 */
export class CallScheduler {
  readonly #concurrency: number;
  readonly #perKeyConcurrency: number;
  readonly #pending = new Map<string, PendingCall[]>();
  readonly #active = new Map<string, number>();
  /**
   * Waiting calls by the signal that cancels them, with one abort listener per signal. Node's
   * EventTarget looks through a signal's listeners on each add, so a listener per waiting call
   * took 1.2 s to queue 9,000 judge calls.
   */
  readonly #waiting = new Map<AbortSignal, { calls: Set<PendingCall>; onAbort: () => void }>();
  #activeTotal = 0;
  #sequence = 0;

  constructor({ concurrency, perKeyConcurrency = concurrency }: { concurrency: number; perKeyConcurrency?: number }) {
    this.#concurrency = concurrency;
    this.#perKeyConcurrency = Math.min(perKeyConcurrency, concurrency);
  }

  /** Calls now running. */
  get activeCount(): number {
    return this.#activeTotal;
  }

  /** Calls waiting for a slot. */
  get pendingCount(): number {
    let count = 0;
    for (const queue of this.#pending.values()) count += queue.length;
    return count;
  }

  /** Runs `task` once a slot for `key` is free; rejects with the signal's reason if aborted while waiting. */
  run<T>({ key, priority = 0, signal }: { key: string; priority?: number; signal?: AbortSignal }, task: () => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);

    return new Promise<T>((resolve, reject) => {
      let started = false;
      const call: PendingCall = {
        key,
        priority,
        sequence: this.#sequence++,
        signal,
        start: () => {
          started = true;
          this.#stopWaiting(call);
          this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
          this.#activeTotal++;
          // A task that throws before its first await must still free its slot.
          new Promise<T>((settleTask) => settleTask(task())).then(resolve, reject).finally(() => {
            this.#active.set(key, (this.#active.get(key) ?? 1) - 1);
            this.#activeTotal--;
            this.#dispatch();
          });
        },
        cancel: reject,
      };
      this.#insert(call);
      this.#dispatch();
      // Only a call left waiting listens for the abort: most calls start at once.
      if (!started) this.#startWaiting(call);
    });
  }

  #startWaiting(call: PendingCall): void {
    const { signal } = call;
    if (!signal) return;
    let waiting = this.#waiting.get(signal);
    if (!waiting) {
      const calls = new Set<PendingCall>();
      const onAbort = () => {
        this.#waiting.delete(signal);
        for (const [key, queue] of this.#pending)
          this.#pending.set(
            key,
            queue.filter((queued) => !calls.has(queued)),
          );
        for (const waitingCall of calls) waitingCall.cancel(signal.reason);
      };
      waiting = { calls, onAbort };
      this.#waiting.set(signal, waiting);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    waiting.calls.add(call);
  }

  #stopWaiting(call: PendingCall): void {
    const waiting = call.signal && this.#waiting.get(call.signal);
    if (!waiting || !waiting.calls.delete(call) || waiting.calls.size > 0) return;
    this.#waiting.delete(call.signal!);
    call.signal!.removeEventListener('abort', waiting.onAbort);
  }

  #insert(call: PendingCall): void {
    let queue = this.#pending.get(call.key);
    if (!queue) {
      queue = [];
      this.#pending.set(call.key, queue);
    }
    // Queues stay sorted by priority (descending), then arrival; insertion scans from the back
    // because most calls arrive with a priority no higher than the last one.
    let index = queue.length;
    while (index > 0 && queue[index - 1]!.priority < call.priority) index--;
    queue.splice(index, 0, call);
  }

  #dispatch(): void {
    while (this.#activeTotal < this.#concurrency) {
      const next = this.#nextCall();
      if (!next) return;
      this.#pending.get(next.key)!.shift();
      next.start();
    }
  }

  /** The best waiting call among keys with a free slot: highest priority, then oldest. */
  #nextCall(): PendingCall | undefined {
    let best: PendingCall | undefined;
    for (const [key, queue] of this.#pending) {
      const head = queue[0];
      if (!head || (this.#active.get(key) ?? 0) >= this.#perKeyConcurrency) continue;
      if (!best || head.priority > best.priority || (head.priority === best.priority && head.sequence < best.sequence)) best = head;
    }
    return best;
  }
}
