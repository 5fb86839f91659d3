import type { RunListing, ScenarioGrid } from '../../../src/report/site/site-data.js';
import { DataStatus } from '../components/data-status.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { hrefOf } from '../route.js';

/** Every scenario of a run, by family, each linking to its drill-down. */
export function ScenariosView({ run }: { run: RunListing }) {
  const grid = useData(dataPaths.scenarios(run.runId));
  if (grid.status !== 'ready') return <DataStatus state={grid} />;
  return <ScenarioList run={run} grid={grid.data} />;
}

function ScenarioList({ run, grid }: { run: RunListing; grid: ScenarioGrid }) {
  const scenarios = [...grid.scenarios].sort((a, b) => a.family.localeCompare(b.family) || a.id.localeCompare(b.id));
  if (scenarios.length === 0) return <p class="message">This run has no scenarios.</p>;
  return (
    <>
      <p>
        {scenarios.length} scenarios, {grid.models.length} models. Open a scenario to see every model’s outcome at each level, with links to
        the conversations.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Scenarios">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Family</th>
              <th scope="col">Country</th>
              <th scope="col">Sector</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((scenario) => (
              <tr key={scenario.id} data-scenario={scenario.id}>
                <th scope="row">
                  <a href={hrefOf({ view: 'scenario', runId: run.runId, scenarioId: scenario.id })}>{scenario.title}</a>
                  <div class="muted small">
                    <code>{scenario.id}</code>
                  </div>
                </th>
                <td>{scenario.family}</td>
                <td>{scenario.country}</td>
                <td>{scenario.sector}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
