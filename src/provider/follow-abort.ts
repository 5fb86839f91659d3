/** The callbacks that follow each signal, and the one listener that calls them. */
const followersBySignal = new WeakMap<AbortSignal, { callbacks: Set<() => void>; onAbort: () => void }>();

/**
 * Calls `onAbort` once `signal` aborts, through one listener per signal that every follower
 * shares. Node's EventTarget looks through a signal's listeners on every add, so a listener per
 * call slowed a run that keeps hundreds of calls on one signal, and `complicity judge`, which
 * queues thousands. Returns the function that stops following; the listener goes with the last
 * follower.
 *
 * @example
 * const unfollow = followAbort(runSignal, () => controller.abort(runSignal.reason));
 * try { await call() } finally { unfollow() }
 */
export function followAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let followers = followersBySignal.get(signal);
  if (!followers) {
    const callbacks = new Set<() => void>();
    const callAll = () => {
      followersBySignal.delete(signal);
      for (const callback of callbacks) callback();
    };
    followers = { callbacks, onAbort: callAll };
    followersBySignal.set(signal, followers);
    signal.addEventListener('abort', callAll, { once: true });
  }
  // A wrapper per follower, so one function may follow twice and each unfollow removes its own.
  const callback = () => onAbort();
  const { callbacks } = followers;
  callbacks.add(callback);

  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    if (followersBySignal.get(signal)?.callbacks !== callbacks) return;
    followersBySignal.delete(signal);
    signal.removeEventListener('abort', followers.onAbort);
  };
}
