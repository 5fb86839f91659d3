import type { Store } from '../store/index.js';

/** Runs whose reads a `cacheRunReads` store keeps: a stateful and a stateless run compared. */
const cachedRuns = 2;

/**
 * Wraps a store so that the turn outcomes and panel outcomes of the last runs read are read from
 * SQLite once: `computeRunStats` and the functions it calls each list them. Every other call
 * goes to the store, `listPanels` too, because its votes would be most of what the cache holds.
 * The rows are shared, so no caller may change them.
 */
export function cacheRunReads(store: Store): Store {
  const cache = new Map<string, Map<string, unknown>>();
  const cached = (method: 'listTurnOutcomes' | 'listPanelOutcomes') => (runId: string) => {
    let reads = cache.get(runId);
    if (!reads) {
      reads = new Map();
      cache.set(runId, reads);
      // Maps keep insertion order, so the first key is the run read longest ago.
      if (cache.size > cachedRuns) cache.delete(cache.keys().next().value!);
    }
    if (!reads.has(method)) reads.set(method, store[method](runId));
    return reads.get(method);
  };
  const methods: Record<string, (runId: string) => unknown> = {
    listTurnOutcomes: cached('listTurnOutcomes'),
    listPanelOutcomes: cached('listPanelOutcomes'),
  };
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in methods) return methods[property];
      const value: unknown = Reflect.get(target, property, target);
      // The store keeps its connection in private fields, so its methods must run with the store itself as `this`.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
