import { useEffect, useState } from 'preact/hooks';
import type { DataPath } from './data-paths.js';
import { loadData, peekData } from './load-data.js';

/** The state of one data file as a view sees it. */
export type DataState<Payload> =
  { status: 'loading'; file: string } | { status: 'ready'; data: Payload } | { status: 'error'; file: string; error: Error };

/**
 * Loads a data file for a component and re-renders when it arrives. A path already loaded is
 * returned at once, without a loading state; `null` loads nothing and stays loading.
 */
export function useData<Payload>(dataPath: DataPath<Payload> | null): DataState<Payload> {
  const path = dataPath?.path ?? null;
  const file = dataPath?.file ?? '';
  const initial = (): DataState<Payload> => {
    const found = dataPath ? peekData(dataPath) : undefined;
    return found ? { status: 'ready', data: found.data } : { status: 'loading', file };
  };
  const [state, setState] = useState<{ path: string | null; data: DataState<Payload> }>(() => ({ path, data: initial() }));

  useEffect(() => {
    if (!dataPath) return;
    let current = true;
    if (!peekData(dataPath)) setState({ path, data: { status: 'loading', file } });
    loadData(dataPath).then(
      (data) => current && setState({ path, data: { status: 'ready', data } }),
      (error: unknown) =>
        current && setState({ path, data: { status: 'error', file, error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => {
      current = false;
    };
    // The path identifies the file; the object itself is rebuilt on every render.
  }, [path]);

  // Until the effect runs for a new path, the stored state belongs to the old one.
  return state.path === path ? state.data : initial();
}
