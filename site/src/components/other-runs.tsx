import { Fragment } from 'preact';
import type { RunListing, SiteIndex } from '../../../src/report/site/site-data.js';
import { otherRunsOfSuite, type RunSetting } from '../other-runs-of-suite.js';
import { hrefOf } from '../route.js';

const settingNames: Record<RunSetting, string> = { mode: 'mode', system: 'system prompt', judges: 'judges' };

/**
 * Links to the other runs of the current run's suite that differ in mode, system prompt or
 * judges, each keeping the family filter when the other run has that family. Draws nothing
 * when the suite has no such run.
 */
export function OtherRuns({ index, run, family }: { index: SiteIndex; run: RunListing; family: string | undefined }) {
  const others = otherRunsOfSuite(index.runs, run);
  if (others.length === 0) return null;
  return (
    <nav class="other-runs" aria-label="Same suite, other runs">
      <span class="other-runs-label">Same suite, other runs:</span>{' '}
      {others.map((other, position) => (
        <Fragment key={`${other.setting}=${other.value}`}>
          {position > 0 && ' · '}
          <a
            href={hrefOf({
              view: 'leaderboard',
              runId: other.run.runId,
              ...(family && other.run.families.includes(family) ? { family } : {}),
            })}
            data-setting={other.setting}
            data-run={other.run.runId}
            title={`Run ${other.run.runId}, ${settingNames[other.setting]} ${other.value}`}
          >
            {other.setting === 'mode' ? other.value : `${settingNames[other.setting]} ${other.value}`}
          </a>
        </Fragment>
      ))}
    </nav>
  );
}
