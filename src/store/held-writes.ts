/** One write waiting in `HeldWrites`, with the callbacks to run once its group is written or has failed. */
export interface HeldWrite {
  write: () => void;
  written?: () => void;
  failed?: (error: unknown) => void;
}

/**
 * Holds writes for a short window, then hands them to `writeAll` together: after `windowMs` from
 * the first one held, or at once when `limit` are held. `flush` hands them over earlier, for a
 * reader or a write that must come after them. When a group fails, `flush` calls each write's
 * `failed` and throws. From the timer nothing is thrown, because `writeAll` records the failure.
 */
export class HeldWrites {
  readonly #windowMs: number;
  readonly #limit: number;
  readonly #writeAll: (writes: readonly HeldWrite[]) => void;
  #writes: HeldWrite[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor({ windowMs, limit, writeAll }: { windowMs: number; limit: number; writeAll: (writes: readonly HeldWrite[]) => void }) {
    this.#windowMs = windowMs;
    this.#limit = limit;
    this.#writeAll = writeAll;
  }

  get size(): number {
    return this.#writes.length;
  }

  add(write: HeldWrite): void {
    this.#writes.push(write);
    if (this.#writes.length >= this.#limit) {
      this.flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      try {
        this.flush();
      } catch {
        // writeAll has recorded it; the next write or the end of the group throws it.
      }
    }, this.#windowMs);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writes.length === 0) return;
    const writes = this.#writes;
    this.#writes = [];
    try {
      this.#writeAll(writes);
    } catch (error) {
      for (const write of writes) write.failed?.(error);
      throw error;
    }
    for (const write of writes) write.written?.();
  }
}
