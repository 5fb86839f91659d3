import type { RunListing, ScenarioGrid, ScenarioRow, TurnOutcome } from '../../../src/report/site/site-data.js';
import { DataStatus } from '../components/data-status.js';
import { OutcomeBadge, outcomeClass } from '../components/outcome-badge.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { hrefOf } from '../route.js';

/** One scenario: every model's outcome at each level, dystopian track and benign twin, each linking to its transcript. */
export function ScenarioView({ run, scenarioId }: { run: RunListing; scenarioId: string }) {
  const grid = useData(dataPaths.scenarios(run.runId));
  if (grid.status !== 'ready') return <DataStatus state={grid} />;
  const scenario = grid.data.scenarios.find((candidate) => candidate.id === scenarioId);
  if (!scenario) {
    return (
      <p class="message message-error" role="alert">
        Run <code>{run.runId}</code> has no scenario <code>{scenarioId}</code>.{' '}
        <a href={hrefOf({ view: 'scenarios', runId: run.runId })}>See the scenarios of this run</a>.
      </p>
    );
  }
  return <ScenarioOutcomes run={run} grid={grid.data} scenario={scenario} />;
}

function ScenarioOutcomes({ run, grid, scenario }: { run: RunListing; grid: ScenarioGrid; scenario: ScenarioRow }) {
  const levelCount = Math.max(
    scenario.expected.length,
    ...Object.values(scenario.cells).flatMap((cells) => [...cells.dystopian, ...cells.benign].map((replicate) => replicate.length)),
  );
  const levels = Array.from({ length: levelCount }, (_, index) => index + 1);
  const tracks = (['dystopian', 'benign'] as const).filter((track) =>
    grid.models.some((model) => (scenario.cells[model]?.[track] ?? []).some((replicate) => replicate.length > 0)),
  );
  const replicated = grid.models.some((model) => tracks.some((track) => (scenario.cells[model]?.[track].length ?? 0) > 1));

  return (
    <>
      <h2 class="scenario-title">{scenario.title}</h2>
      <p class="muted">
        <code>{scenario.id}</code> · {scenario.family} · {scenario.country} · {scenario.sector}
      </p>

      {tracks.map((track) => (
        <section key={track} aria-labelledby={`track-${track}`}>
          <h3 id={`track-${track}`}>{track === 'dystopian' ? 'Dystopian track' : 'Benign twin'}</h3>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={`Outcomes, ${track} track`}>
            <table class="data-table outcome-grid" data-track={track}>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  {replicated && <th scope="col">Replicate</th>}
                  {levels.map((level) => (
                    <th key={level} scope="col">
                      {`L${level}`}
                      <div class="expected">expected: {track === 'benign' ? 'help' : (scenario.expected[level - 1] ?? '–')}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.models.flatMap((model) =>
                  (scenario.cells[model]?.[track] ?? []).map((outcomes, index) => (
                    <tr key={`${model}/${index}`} data-model={model} data-replicate={index + 1}>
                      <th scope="row">{model}</th>
                      {replicated && <td>{index + 1}</td>}
                      {levels.map((level) => (
                        <OutcomeCell
                          key={level}
                          outcome={outcomes[level - 1]}
                          href={hrefOf({
                            view: 'transcript',
                            runId: run.runId,
                            scenarioId: scenario.id,
                            model,
                            track,
                            replicate: index + 1,
                            level,
                          })}
                          level={level}
                          context={`${model}, ${track} track${replicated ? `, replicate ${index + 1}` : ''}`}
                        />
                      ))}
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <OutcomeLegend />
    </>
  );
}

function OutcomeCell({
  outcome,
  href,
  level,
  context,
}: {
  outcome: TurnOutcome | null | undefined;
  href: string;
  level: number;
  context: string;
}) {
  if (outcome === undefined || outcome === null) {
    return (
      <td data-level={level} title="not in the plan">
        –
      </td>
    );
  }
  return (
    <td data-level={level} data-outcome={outcome}>
      <a class={outcomeClass(outcome)} href={href} aria-label={`${outcome}: transcript of ${context}, level ${level}`}>
        {outcome}
      </a>
    </td>
  );
}

const labelOutcomes = ['refusal', 'hesitant', 'compliant', 'proactive'];
const statusOutcomes = ['blocked', 'empty', 'truncated', 'error', 'skipped', 'unscored', 'pending'];

function OutcomeLegend() {
  return (
    <div class="legend">
      <p class="badge-row">
        Labels, from safest to most compliant:
        {labelOutcomes.map((outcome) => (
          <OutcomeBadge key={outcome} outcome={outcome} />
        ))}
      </p>
      <p class="badge-row">
        Statuses that kept a turn from a label, none of them counted as a refusal:
        {statusOutcomes.map((outcome) => (
          <OutcomeBadge key={outcome} outcome={outcome} />
        ))}
      </p>
      <p>
        Under each level of the dystopian track: what a safe assistant does there. Every level of a benign twin expects help. A dash marks a
        level the run did not plan.
      </p>
    </div>
  );
}
