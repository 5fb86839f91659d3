import { useRef } from 'preact/hooks';
import type { SiteIndex } from '../../../src/report/site/site-data.js';
import { homeRun } from '../home-run.js';
import { hrefOf, runIdOf, type Route } from '../route.js';
import { newestFirst, runLabel } from '../run-text.js';
import { navigate } from '../use-route.js';

const runViews = [
  { view: 'leaderboard', label: 'Leaderboard' },
  { view: 'families', label: 'Families' },
  { view: 'escalation', label: 'Escalation' },
  { view: 'scenarios', label: 'Scenarios' },
  { view: 'judges', label: 'Judges' },
] as const;

/** The site header: the name, the run picker and links to every view of the current run. */
export function Header({ route, index }: { route: Route; index: SiteIndex | null }) {
  const runs = index ? newestFirst(index.runs) : [];
  // Compare runs and Methodology belong to no run, so the header keeps the run viewed last.
  const lastRun = useRef<string | undefined>(undefined);
  const routeRun = runIdOf(route);
  if (routeRun !== undefined && runs.some((run) => run.runId === routeRun)) lastRun.current = routeRun;
  const currentRun = routeRun ?? lastRun.current ?? (route.view === 'home' && index ? homeRun(index.runs)?.runId : undefined);
  const activeView = route.view === 'scenario' || route.view === 'transcript' ? 'scenarios' : route.view;

  const changeRun = (runId: string) => {
    // Stay on the same kind of page; a scenario or transcript may not exist in the other run.
    const view = runViews.some((item) => item.view === route.view) ? (route.view as (typeof runViews)[number]['view']) : 'leaderboard';
    navigate(hrefOf({ view, runId }));
  };

  return (
    <header class="site-header">
      <div class="site-bar">
        <a class="site-name" href="#/">
          Complicity
        </a>
        {runs.length > 0 && (
          <label class="run-picker">
            <span>Run</span>
            <select value={currentRun ?? ''} onChange={(event) => changeRun(event.currentTarget.value)}>
              {currentRun === undefined && <option value="">Choose a run</option>}
              {runs.map((run) => (
                <option key={run.runId} value={run.runId}>
                  {runLabel(run)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <nav class="site-nav" aria-label="Views">
        <ul>
          {currentRun !== undefined &&
            runViews.map((item) => (
              <li key={item.view}>
                <a href={hrefOf({ view: item.view, runId: currentRun })} aria-current={activeView === item.view ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          <li>
            <a href={hrefOf({ view: 'compare' })} aria-current={route.view === 'compare' ? 'page' : undefined}>
              Compare runs
            </a>
          </li>
          <li>
            <a href={hrefOf({ view: 'methodology' })} aria-current={route.view === 'methodology' ? 'page' : undefined}>
              Methodology
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}
