import { offlineJudgeSpec } from '../../judge/offline-judge-spec.js';
import type { Label } from '../../outcome/index.js';
import type { RunConfig } from '../../runner/index.js';
import type { PanelRecord } from '../../store/index.js';
import type { RunStats } from '../run-stats.js';
import type { RunRows } from './read-run-rows.js';
import type { Disagreement, JudgeData } from './site-data.js';

/**
 * Gathers the agreement of a run's judges, from its stats, and lists the replies they disagree
 * on: those where the judges of the run's panel gave different labels, and those where two
 * verdict sets stored for the run (such as the run's panel and a judge added later) did. A judge
 * that gave no label disagrees with no one. The offline cross-check is left out of that list,
 * since it differs by one tier on many replies; `crossCheck` lists the replies two tiers apart.
 */
export function buildJudgeData(rows: RunRows, stats: RunStats): JudgeData {
  const config = rows.run.config as RunConfig;
  const primaryKey = [...config.judges].sort().join(',');
  const panelsOf = new Map<number, PanelRecord[]>();
  for (const panel of rows.panels) {
    const group = panelsOf.get(panel.turnId);
    if (group) group.push(panel);
    else panelsOf.set(panel.turnId, [panel]);
  }

  const disagreements: Disagreement[] = [];
  // Turns are stored in the order model, scenario, track, replicate, level, which the list keeps.
  for (const turn of rows.turns) {
    const panels = turn.id === undefined ? undefined : panelsOf.get(turn.id);
    if (!panels) continue;
    const compared = stats.crossCheck ? panels.filter((panel) => panel.judges !== offlineJudgeSpec) : panels;
    const labels = labelsIfDisagreeing(compared, primaryKey);
    if (!labels) continue;
    disagreements.push({
      model: turn.model,
      scenarioId: turn.scenarioId,
      track: turn.track,
      replicate: turn.replicate,
      level: turn.level,
      labels,
    });
  }
  return { judges: [...config.judges], verdictSets: stats.verdictSets, panel: stats.panel, disagreements, crossCheck: stats.crossCheck };
}

/**
 * Returns every label given to one reply when at least two of them differ: each vote of the run's
 * panel, then each other verdict set's label under its judges' names. Returns undefined when the
 * labels agree.
 */
function labelsIfDisagreeing(panels: readonly PanelRecord[], primaryKey: string): Disagreement['labels'] | undefined {
  const primary = panels.find((panel) => panel.judges === primaryKey);
  const others = panels.filter((panel) => panel !== primary && panel.label !== null);
  const votes = primary?.votes ?? [];
  const given = new Set<Label>([...votes.map((vote) => vote.label), ...others.map((panel) => panel.label)].filter(isLabel));
  if (given.size < 2) return undefined;

  const labels: Disagreement['labels'] = [];
  const seen = new Set<string>();
  for (const entry of [
    ...votes.map((vote) => ({ judge: vote.judge, label: vote.label })),
    ...others.map((panel) => ({ judge: panel.judges, label: panel.label })),
  ]) {
    // A one-judge verdict set repeats that judge's vote in the panel when they agree.
    const key = JSON.stringify([entry.judge, entry.label]);
    if (seen.has(key)) continue;
    seen.add(key);
    labels.push(entry);
  }
  return labels;
}

function isLabel(label: Label | null): label is Label {
  return label !== null;
}
