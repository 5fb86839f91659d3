import type { ComponentChildren } from 'preact';
import type { RunListing, SiteIndex } from '../../../src/report/site/site-data.js';
import { formatTimestamp } from '../format.js';
import { hrefOf } from '../route.js';
import { judgesOf, newestFirst, runLabel, suitesOf } from '../run-text.js';
import { RunConfigurationSection } from './run-configuration.js';

/**
 * The frame of every run page: the heading, a line on the run's settings, the view, and the
 * run's full configuration at the foot. `children` receives the run's listing from the index.
 */
export function RunPage({
  index,
  runId,
  title,
  children,
}: {
  index: SiteIndex;
  runId: string;
  title: string;
  children: (run: RunListing) => ComponentChildren;
}) {
  const run = index.runs.find((candidate) => candidate.runId === runId);
  if (!run) return <UnknownRun index={index} runId={runId} title={title} />;
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>{title}</h1>
        <p class="run-line" data-run={run.runId}>
          Run <code>{run.runId}</code> · {formatTimestamp(run.createdAt)} · {run.status} · {run.mode} · system prompt {run.system} ·{' '}
          {judgesOf(run)} · suite {suitesOf(run)}
          {run.importedFrom && <> · imported from {run.importedFrom}</>}
        </p>
      </div>
      {run.status !== 'complete' && (
        <p class="message" data-run-status={run.status}>
          This run is {run.status}: some planned turns are missing, failed or have no verdict, so its figures rest on part of its plan.
        </p>
      )}
      {children(run)}
      <RunConfigurationSection runId={run.runId} importedFrom={run.importedFrom} />
    </>
  );
}

function UnknownRun({ index, runId, title }: { index: SiteIndex; runId: string; title: string }) {
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      <div class="message message-error" role="alert">
        <p>
          <strong>
            This site has no run <code>{runId}</code>.
          </strong>{' '}
          It holds the runs given to <code>complicity report</code> when it was written.
        </p>
        {index.runs.length > 0 && (
          <>
            <p>Runs in this site:</p>
            <ul>
              {newestFirst(index.runs).map((run) => (
                <li key={run.runId}>
                  <a href={hrefOf({ view: 'leaderboard', runId: run.runId })}>{runLabel(run)}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </>
  );
}
