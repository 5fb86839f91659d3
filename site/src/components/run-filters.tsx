import type { RunListing } from '../../../src/report/site/site-data.js';
import { hrefOf } from '../route.js';
import { navigate } from '../use-route.js';

/** Draws the leaderboard's filter, which narrows the current run to the scenarios of one family. */
export function RunFilters({ run, family, families }: { run: RunListing; family: string | undefined; families: string[] }) {
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        <span>Family</span>
        <select
          value={family ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            navigate(hrefOf({ view: 'leaderboard', runId: run.runId, ...(value ? { family: value } : {}) }));
          }}
        >
          <option value="">All families</option>
          {families.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
