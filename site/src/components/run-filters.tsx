import type { RunListing, SiteIndex } from '../../../src/report/site/site-data.js';
import { hrefOf } from '../route.js';
import { newestFirst, panelKey } from '../run-text.js';
import { navigate } from '../use-route.js';

type Setting = 'mode' | 'system' | 'judges';

const settingOf: Record<Setting, (run: RunListing) => string> = {
  mode: (run) => run.mode,
  system: (run) => run.system,
  judges: panelKey,
};

/**
 * Finds the run to show when one setting changes: the newest run with the new value and the
 * current run's other settings, preferring the same suite; failing that, the newest run with
 * the new value.
 */
export function pickRun(runs: readonly RunListing[], current: RunListing, setting: Setting, value: string): RunListing | undefined {
  const ordered = newestFirst(runs).filter((run) => settingOf[setting](run) === value);
  const others = (Object.keys(settingOf) as Setting[]).filter((other) => other !== setting);
  const matchesOthers = (run: RunListing) => others.every((other) => settingOf[other](run) === settingOf[other](current));
  return (
    ordered.find((run) => matchesOthers(run) && run.suiteHash === current.suiteHash) ??
    ordered.find(matchesOthers) ??
    ordered.find((run) => run.suiteHash === current.suiteHash) ??
    ordered[0]
  );
}

/**
 * The leaderboard's filters: mode, system prompt and judges choose among the site's runs;
 * family narrows the current run to the scenarios of one family.
 */
export function RunFilters({
  index,
  run,
  family,
  families,
}: {
  index: SiteIndex;
  run: RunListing;
  family: string | undefined;
  families: string[];
}) {
  const choose = (setting: Setting, value: string) => {
    const next = pickRun(index.runs, run, setting, value);
    if (next) navigate(hrefOf({ view: 'leaderboard', runId: next.runId, ...(family && next.families.includes(family) ? { family } : {}) }));
  };
  const valuesOf = (setting: Setting) => [...new Set(index.runs.map(settingOf[setting]))].sort();

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
      <SettingSelect label="Mode" setting="mode" current={settingOf.mode(run)} values={valuesOf('mode')} onChoose={choose} />
      <SettingSelect label="System prompt" setting="system" current={settingOf.system(run)} values={valuesOf('system')} onChoose={choose} />
      <SettingSelect label="Judges" setting="judges" current={settingOf.judges(run)} values={valuesOf('judges')} onChoose={choose} />
    </form>
  );
}

function SettingSelect({
  label,
  setting,
  current,
  values,
  onChoose,
}: {
  label: string;
  setting: Setting;
  current: string;
  values: string[];
  onChoose: (setting: Setting, value: string) => void;
}) {
  return (
    <label>
      <span>{label}</span>
      <select value={current} onChange={(event) => onChoose(setting, event.currentTarget.value)} disabled={values.length < 2}>
        {values.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}
