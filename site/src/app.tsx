import { useEffect, useRef } from 'preact/hooks';
import type { SiteIndex } from '../../src/report/site/site-data.js';
import { DataStatus } from './components/data-status.js';
import { Header } from './components/header.js';
import { RunPage } from './components/run-page.js';
import { dataPaths } from './data/data-paths.js';
import { useData } from './data/use-data.js';
import { formatTimestamp } from './format.js';
import { homeRun } from './home-run.js';
import { hrefOf, type Route } from './route.js';
import { useRoute } from './use-route.js';
import { CompareView } from './views/compare-view.js';
import { EscalationView } from './views/escalation-view.js';
import { FamiliesView } from './views/families-view.js';
import { JudgesView } from './views/judges-view.js';
import { LeaderboardView } from './views/leaderboard-view.js';
import { MethodologyView } from './views/methodology-view.js';
import { ScenarioView } from './views/scenario-view.js';
import { ScenariosView } from './views/scenarios-view.js';
import { TranscriptView } from './views/transcript-view.js';

/** The whole site: header, the view of the current hash route, and a footer on where the data came from. */
export function App() {
  const route = useRoute();
  const index = useData(dataPaths.index());
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${titleOf(route)} · Complicity`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // A transcript's level link scrolls to its level, which the transcript view does once the turns are drawn.
    if (route.view === 'transcript' && route.level !== undefined) return;
    // After following a link, start reading at the new page's heading, as a page load would.
    window.scrollTo(0, 0);
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus({ preventScroll: true });
  }, [hrefOf(route)]);

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash holds the route, so the skip link moves focus instead of changing it.
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Header route={route} index={index.status === 'ready' ? index.data : null} />
      <main id="main" ref={main} tabIndex={-1}>
        {index.status === 'ready' ? <View route={route} index={index.data} /> : <DataStatus state={index} />}
      </main>
      {index.status === 'ready' && (
        <footer class="site-footer">
          Written by Complicity {index.data.complicityVersion} on {formatTimestamp(index.data.generatedAt)}. Replies and judge rationales
          are shown as stored, as plain text: nothing in them is run or loaded. Charts download in the light theme (white background, dark
          text) for print, whatever the page’s theme.
        </footer>
      )}
    </>
  );
}

function View({ route, index }: { route: Route; index: SiteIndex }) {
  switch (route.view) {
    case 'home':
      return <Home index={index} />;
    case 'methodology':
      return <MethodologyView index={index} />;
    case 'compare':
      return (
        <>
          <h1 tabIndex={-1}>Compare runs</h1>
          <CompareView index={index} first={route.first} second={route.second} />
        </>
      );
    case 'not-found':
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p class="message message-error" role="alert">
            This site has no page at <code>{route.hash}</code>. <a href="#/">Go to the latest run’s leaderboard</a>.
          </p>
        </>
      );
    default:
      return (
        <RunPage index={index} runId={route.runId} title={titleOf(route)}>
          {(run) => {
            switch (route.view) {
              case 'leaderboard':
                return <LeaderboardView index={index} run={run} family={route.family} />;
              case 'families':
                return <FamiliesView run={run} figure={route.figure} />;
              case 'escalation':
                return <EscalationView run={run} />;
              case 'scenarios':
                return <ScenariosView run={run} />;
              case 'scenario':
                return <ScenarioView run={run} scenarioId={route.scenarioId} />;
              case 'transcript':
                return <TranscriptView run={run} route={route} />;
              case 'judges':
                return <JudgesView run={run} />;
            }
          }}
        </RunPage>
      );
  }
}

/** Sends the bare address to the newest complete run's leaderboard, replacing the history entry. */
function Home({ index }: { index: SiteIndex }) {
  const newest = homeRun(index.runs);
  useEffect(() => {
    if (newest) location.replace(hrefOf({ view: 'leaderboard', runId: newest.runId }));
  }, [newest]);
  return (
    <>
      <h1 tabIndex={-1}>Complicity results</h1>
      {newest ? (
        <p role="status">Opening the newest complete run…</p>
      ) : (
        <p class="message">
          This site has no runs. Write it with <code>complicity report RUN_ID … --out DIR</code> from a store that holds runs.
        </p>
      )}
    </>
  );
}

function titleOf(route: Route): string {
  switch (route.view) {
    case 'home':
      return 'Results';
    case 'leaderboard':
      return route.family ? `Leaderboard: ${route.family}` : 'Leaderboard';
    case 'families':
      return 'Families × models';
    case 'escalation':
      return 'Escalation';
    case 'scenarios':
      return 'Scenarios';
    case 'scenario':
      return `Scenario ${route.scenarioId}`;
    case 'transcript':
      return `Transcript: ${route.model}, ${route.scenarioId}`;
    case 'judges':
      return 'Judges';
    case 'compare':
      return 'Compare runs';
    case 'methodology':
      return 'Methodology';
    case 'not-found':
      return 'Page not found';
  }
}
