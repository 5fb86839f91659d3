/**
 * Runs `work` over the items of several queues, in each queue's order, with at most `size` items
 * running in all and `sizePerQueue` per queue. A free place goes to the queue with the fewest
 * items running, so every queue keeps its share while others have work, and the last queues may
 * use every place. `work` must not reject.
 */
export function runPools<T>({
  queues,
  size,
  sizePerQueue,
  work,
}: {
  queues: readonly (readonly T[])[];
  size: number;
  sizePerQueue: number;
  work: (item: T) => Promise<void>;
}): Promise<void> {
  const running = queues.map(() => 0);
  const started = queues.map(() => 0);
  let runningTotal = 0;

  return new Promise((resolve) => {
    const fill = () => {
      while (runningTotal < size) {
        const queue = leastBusyQueue({ queues, running, started, sizePerQueue });
        if (queue === undefined) break;
        const item = queues[queue]![started[queue]!++]!;
        running[queue]!++;
        runningTotal++;
        const done = () => {
          running[queue]!--;
          runningTotal--;
          fill();
        };
        work(item).then(done, done);
      }
      if (runningTotal === 0) resolve();
    };
    fill();
  });
}

/** Finds the queue with items left and room that runs the fewest, the first such queue on a tie. */
function leastBusyQueue<T>({
  queues,
  running,
  started,
  sizePerQueue,
}: {
  queues: readonly (readonly T[])[];
  running: number[];
  started: number[];
  sizePerQueue: number;
}): number | undefined {
  let chosen: number | undefined;
  for (let index = 0; index < queues.length; index++) {
    if (started[index]! >= queues[index]!.length || running[index]! >= sizePerQueue) continue;
    if (chosen === undefined || running[index]! < running[chosen]!) chosen = index;
  }
  return chosen;
}
