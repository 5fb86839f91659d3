/** The views of a run, each at `#/runs/RUN/…`. */
export type RunView = 'leaderboard' | 'families' | 'escalation' | 'scenarios' | 'judges';

/** A view and its parameters, as read from and written to the URL's hash. */
export type Route =
  | { view: 'home' }
  | { view: 'leaderboard'; runId: string; family?: string }
  | { view: 'families'; runId: string; figure?: 'meanDcs' | 'refusalRate' }
  | { view: 'escalation'; runId: string }
  | { view: 'scenarios'; runId: string }
  | { view: 'scenario'; runId: string; scenarioId: string }
  | {
      view: 'transcript';
      runId: string;
      scenarioId: string;
      model: string;
      track: 'dystopian' | 'benign';
      replicate: number;
      /** The level to scroll to. */
      level?: number;
    }
  | { view: 'judges'; runId: string }
  | { view: 'compare'; first?: string; second?: string }
  | { view: 'methodology' }
  | { view: 'not-found'; hash: string };

/**
 * Reads a route from a URL hash such as `#/runs/RUN/scenarios/SCENARIO`. Segments are
 * percent-encoded, so run ids and models may contain `/`. An empty hash is the home route.
 */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#/, '');
  if (body === '' || body === '/') return { view: 'home' };
  if (!body.startsWith('/')) return { view: 'not-found', hash };
  const [pathPart = '', queryPart = ''] = body.split('?', 2);
  const query = new URLSearchParams(queryPart);
  let segments: string[];
  try {
    segments = pathPart
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    return { view: 'not-found', hash };
  }
  const [first, runId, view, ...rest] = segments;
  if (first === 'methodology' && segments.length === 1) return { view: 'methodology' };
  if (first === 'compare') {
    if (segments.length === 1) return { view: 'compare' };
    if (segments.length === 3) return { view: 'compare', first: segments[1]!, second: segments[2]! };
    return { view: 'not-found', hash };
  }
  if (first !== 'runs' || runId === undefined) return { view: 'not-found', hash };
  if (view === undefined) {
    const family = query.get('family');
    return family ? { view: 'leaderboard', runId, family } : { view: 'leaderboard', runId };
  }
  if (view === 'families' && rest.length === 0) {
    const figure = query.get('figure');
    return figure === 'refusalRate' ? { view: 'families', runId, figure } : { view: 'families', runId };
  }
  if ((view === 'escalation' || view === 'judges') && rest.length === 0) return { view, runId };
  if (view === 'scenarios' && rest.length === 0) return { view: 'scenarios', runId };
  if (view === 'scenarios' && rest.length === 1) return { view: 'scenario', runId, scenarioId: rest[0]! };
  if (view === 'transcripts' && rest.length === 4) {
    const [scenarioId, model, track, replicateText] = rest as [string, string, string, string];
    const replicate = Number(replicateText);
    if ((track !== 'dystopian' && track !== 'benign') || !Number.isInteger(replicate) || replicate < 1) return { view: 'not-found', hash };
    const level = Number(query.get('level'));
    return {
      view: 'transcript',
      runId,
      scenarioId,
      model,
      track,
      replicate,
      ...(Number.isInteger(level) && level >= 1 ? { level } : {}),
    };
  }
  return { view: 'not-found', hash };
}

/** Writes a route as a URL hash, the inverse of `parseRoute`. */
export function hrefOf(route: Route): string {
  const path = (...segments: (string | number)[]) => `#/${segments.map((segment) => encodeURIComponent(String(segment))).join('/')}`;
  switch (route.view) {
    case 'home':
      return '#/';
    case 'methodology':
      return path('methodology');
    case 'compare':
      return route.first !== undefined && route.second !== undefined ? path('compare', route.first, route.second) : path('compare');
    case 'leaderboard':
      return path('runs', route.runId) + (route.family ? `?family=${encodeURIComponent(route.family)}` : '');
    case 'families':
      return path('runs', route.runId, 'families') + (route.figure === 'refusalRate' ? '?figure=refusalRate' : '');
    case 'escalation':
    case 'judges':
    case 'scenarios':
      return path('runs', route.runId, route.view);
    case 'scenario':
      return path('runs', route.runId, 'scenarios', route.scenarioId);
    case 'transcript':
      return (
        path('runs', route.runId, 'transcripts', route.scenarioId, route.model, route.track, route.replicate) +
        (route.level !== undefined ? `?level=${route.level}` : '')
      );
    case 'not-found':
      return route.hash;
  }
}

/** The run a route belongs to, if any. */
export function runIdOf(route: Route): string | undefined {
  return 'runId' in route ? route.runId : undefined;
}
