import { followAbort } from '../provider/index.js';

interface PendingCall {
  key: string;
  priority: number;
  sequence: number;
  start: () => void;
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
      let unfollow = () => {};
      const call: PendingCall = {
        key,
        priority,
        sequence: this.#sequence++,
        start: () => {
          started = true;
          unfollow();
          this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
          this.#activeTotal++;
          // A task that throws before its first await must still free its slot.
          new Promise<T>((settleTask) => settleTask(task())).then(resolve, reject).finally(() => {
            this.#active.set(key, (this.#active.get(key) ?? 1) - 1);
            this.#activeTotal--;
            this.#dispatch();
          });
        },
      };
      this.#insert(call);
      this.#dispatch();
      // Only a call left waiting follows the abort: most calls start at once. The waiting calls
      // share one listener (`followAbort`): `complicity judge` queues thousands.
      if (!started && signal) {
        unfollow = followAbort(signal, () => {
          this.#remove(call);
          reject(signal.reason);
        });
      }
    });
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

  #remove(call: PendingCall): void {
    const queue = this.#pending.get(call.key);
    const index = queue?.indexOf(call) ?? -1;
    if (queue && index >= 0) queue.splice(index, 1);
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
