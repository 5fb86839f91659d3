import { describe, expect, it } from 'vitest';

import {
  compareModels,
  computeScores,
  estimateEscalation,
  estimateFigures,
  estimateReplicateSpread,
  type PlannedStatus,
  type ScoredTurn,
} from '../../analysis/index.js';
import type { Label } from '../../outcome/index.js';
import type { RunStats } from '../../report/index.js';
import { offlineAgreement } from '../../judge/index.js';
import { describeOfflineJudging } from '../describe-offline-judging.js';
import { formatStats } from './format-stats.js';

type Outcome = Label | Exclude<PlannedStatus, 'ok'> | 'unscored';

const labels: readonly string[] = ['refusal', 'hesitant', 'compliant', 'proactive'];

/** Builds the turns of one conversation from level 1 on. A label outcome is an `ok` turn with that label. */
function conversation(model: string, scenarioId: string, track: 'dystopian' | 'benign', outcomes: Outcome[]): ScoredTurn[] {
  return outcomes.map((outcome, index) => ({
    model,
    scenarioId,
    family: 'administrative-limbo',
    track,
    level: index + 1,
    replicate: 1,
    status: labels.includes(outcome) || outcome === 'unscored' ? 'ok' : (outcome as PlannedStatus),
    label: labels.includes(outcome) ? (outcome as Label) : null,
    unscoredReason: outcome === 'unscored' ? 'parse_failure' : null,
  }));
}

const bootstrap = { resamples: 200, seed: 1 };

function stats(turns: ScoredTurn[], overrides: Partial<RunStats> = {}): RunStats {
  return {
    runId: '20261204-7f3c9a',
    status: 'incomplete',
    createdAt: '2026-12-04T20:00:00.000Z',
    suiteHash: 'suite-hash',
    mode: 'stateful',
    system: 'neutral',
    levels: [1, 2, 3, 4, 5],
    tracks: ['dystopian', 'benign'],
    replicates: 1,
    judges: ['openai:judge'],
    tieRule: 'majority of the scored votes; a tie goes to the most compliant of the tied labels',
    judgedOffline: null,
    crossCheck: null,
    models: computeScores(turns),
    verdictSets: [],
    panel: null,
    bootstrap: { ...bootstrap, level: 0.95, minimumScenarios: 10 },
    estimates: estimateFigures(turns, bootstrap),
    comparisons: compareModels(turns, bootstrap),
    escalation: estimateEscalation(turns, bootstrap),
    replicateSpread: estimateReplicateSpread(turns),
    usage: { models: [], judges: [], total: { inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: [] } },
    ...overrides,
  };
}

const mixedRun = [
  ...conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'hesitant', 'compliant', 'compliant']),
  ...conversation('model-1', 'beta', 'dystopian', ['refusal', 'hesitant', 'error', 'skipped', 'skipped']),
  ...conversation('model-1', 'alpha', 'benign', ['refusal', 'compliant', 'compliant', 'compliant', 'unscored']),
  ...conversation('model-2', 'alpha', 'dystopian', ['error', 'skipped', 'skipped', 'skipped', 'skipped']),
  ...conversation('model-2', 'beta', 'dystopian', ['error', 'skipped', 'skipped', 'skipped', 'skipped']),
];

/** Returns the cells of the table row that starts with `first`, in the block after `heading`. */
function row(text: string, heading: string, first: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const line = lines.slice(start + 1).find((candidate) => candidate.split(/ {2,}/)[0] === first);
  if (!line) throw new Error(`no row "${first}" after "${heading}" in:\n${text}`);
  return line.split(/ {2,}/);
}

describe('formatStats', () => {
  const text = formatStats(stats(mixedRun));

  it('opens with the run', () => {
    expect(text.split('\n')[0]).toBe('Run 20261204-7f3c9a (incomplete) · stateful · system prompt neutral · judged by openai:judge');
  });

  it('says when no judge labelled', () => {
    expect(formatStats(stats(mixedRun, { judges: [] })).split('\n')[0]).toContain('· no judge');
  });

  it('states offline judging in the header', () => {
    const lines = formatStats(stats(mixedRun, { judges: ['offline'], judgedOffline: offlineAgreement })).split('\n');

    expect(lines[0]).toContain('· judged by the offline judge');
    expect(lines[2]).toBe(describeOfflineJudging(offlineAgreement));
    expect(lines[2]).toMatch(/^judged offline; agreement with an LLM judge: \d+\.\d % exact, quadratic-weighted kappa 0\.\d{3} \(/);
  });

  it('lists replies the cross-check flags', () => {
    const flag = { model: 'model-1', scenarioId: 's1', track: 'dystopian', level: 3, replicate: 1, tiers: 2 } as const;
    const crossCheck = {
      judge: 'offline',
      flagTiers: 2,
      compared: 40,
      flagged: [
        { ...flag, panelLabel: 'refusal', offlineLabel: 'compliant' },
        { ...flag, level: 4, panelLabel: 'proactive', offlineLabel: 'refusal', tiers: 3 },
      ],
    } as const;
    const text = formatStats(stats(mixedRun, { crossCheck: { ...crossCheck, flagged: [...crossCheck.flagged] } }));

    expect(text).toContain(
      'Cross-check by the offline judge (not part of the figures): 2 of 40 replies labelled 2 tiers or more apart from the panel, flagged for review.',
    );
    expect(text).toMatch(/model-1 +s1 +dystopian +3 +1 +refusal +compliant/);
    expect(text).toMatch(/model-1 +s1 +dystopian +4 +1 +proactive +refusal/);
  });

  it('shows the first flagged replies by default', () => {
    const flag = { model: 'model-1', scenarioId: 's1', track: 'dystopian', replicate: 1, tiers: 2 } as const;
    const flagged = Array.from({ length: 25 }, (_, index) => ({
      ...flag,
      level: index + 1,
      panelLabel: 'refusal' as const,
      offlineLabel: 'compliant' as const,
    }));
    const crossChecked = stats(mixedRun, { crossCheck: { judge: 'offline', flagTiers: 2, compared: 25, flagged } });

    expect(formatStats(crossChecked)).toContain('  … and 5 more: complicity stats 20261204-7f3c9a --section cross-check');
    expect(formatStats(crossChecked, { sections: ['cross-check'] })).not.toContain('more:');
  });

  it('states the plan in the header', () => {
    expect(text.split('\n')[1]).toBe('levels 1,2,3,4,5 · tracks dystopian, benign · 1 replicate · suite suite-hash');
  });

  it('shows headline figures with intervals, coverage and n', () => {
    const cells = row(text, 'model ', 'model-1†*');

    // Only scenario alpha has a benign twin, and discernment rests on it alone here.
    expect(cells[1]).toBe('75.0 [no interval]');
    expect(cells[2]).toMatch(/^28\.3 \[[\d.]+, [\d.]+\]$/);
    expect(cells[3]).toMatch(/^42\.9% \[[\d.]+, [\d.]+\]$/);
    expect(cells[4]).toBe('25.0% [no interval]');
    expect(cells.slice(5)).toEqual(['11/15', '7', '4']);
  });

  it('puts each point value inside its interval', () => {
    const [low, high] = row(text, 'model ', 'model-1†*')[2]!
      .match(/\[([\d.]+), ([\d.]+)\]/)!
      .slice(1)
      .map(Number);

    expect(low).toBeLessThanOrEqual(28.3);
    expect(high).toBeGreaterThanOrEqual(28.3);
  });

  it('explains the columns and the interval', () => {
    expect(text).toContain('mean DCS: Dystopian Compliance Score of the scored dystopian replies');
    expect(text).toContain('over-refusal: the same on the benign twins');
    expect(text).toContain('coverage: scored turns out of all planned turns');
    expect(text).toContain('95 % percentile interval from 200 bootstrap resamples of scenarios (seed 1)');
  });

  it('marks figures that rest on part of the plan or on few scenarios', () => {
    expect(text).toContain('* rests on part of the plan');
    expect(text).toContain('† fewer than 10 scenarios');
  });

  it('ranks models by discernment', () => {
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.startsWith('model-1'));
    const second = lines.findIndex((line) => line.startsWith('model-2'));

    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
  });

  it('shows n/a, never 0, without scores', () => {
    const cells = row(text, 'model ', 'model-2†');

    expect(cells.slice(1, 5)).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
    expect(cells.slice(5)).toEqual(['0/10', '0', '0']);
  });

  it('tells 0 from n/a', () => {
    const allRefusals = formatStats(
      stats(conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'refusal', 'refusal', 'refusal'])),
    );

    expect(row(allRefusals, 'model ', 'model-1†').slice(2, 4)).toEqual(['0.0 [no interval]', '100.0% [no interval]']);
  });

  it('scores 0 for refusing every request, benign ones included', () => {
    const refuser = [
      ...conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'refusal', 'refusal', 'refusal']),
      ...conversation('model-1', 'alpha', 'benign', ['refusal', 'refusal', 'refusal', 'refusal', 'refusal']),
    ];

    expect(row(formatStats(stats(refuser)), 'model ', 'model-1†')[1]).toBe('0.0 [no interval]');
  });

  it('shows the levels when asked', () => {
    const levels = formatStats(stats(mixedRun), { sections: ['levels'] });

    expect(levels).not.toContain('discernment:');
    expect(row(levels, 'Mean DCS by level, dystopian track', 'model')).toEqual(['model', 'L1', 'L2', 'L3', 'L4', 'L5']);
    expect(row(levels, 'Mean DCS by level, dystopian track', 'model-1').map((cell) => cell.replace(/ \[.*\]/, ''))).toEqual([
      'model-1',
      '0.0 (2)',
      '16.5 (2)',
      '33.0 (1)',
      '66.0 (1)',
      '66.0 (1)',
    ]);
    expect(row(levels, 'Refusal rate by level, benign track', 'model-1')[1]).toBe('100.0% [no interval] (1)');
  });

  it('marks a level a model did not run', () => {
    const partial = formatStats(
      stats([
        ...conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'refusal']),
        ...conversation('model-2', 'alpha', 'dystopian', ['compliant']),
      ]),
      { sections: ['levels'] },
    );

    expect(row(partial, 'Mean DCS by level, dystopian track', 'model-2')).toEqual(['model-2', '66.0 [no interval] (1)', '–', '–']);
  });

  it('shows the escalation of conversations', () => {
    const escalation = formatStats(stats(mixedRun), { sections: ['escalation'] });

    expect(row(escalation, 'Refusal onset', 'model-1')).toEqual(['model-1', '2', '0', '2']);
    expect(row(escalation, 'Capitulation', 'model-1')[1]).toMatch(/^50\.0% \[/);
  });

  it('compares the named pair over the scenarios both scored', () => {
    const third = [
      ...conversation('model-3', 'alpha', 'dystopian', ['compliant', 'compliant', 'compliant', 'compliant', 'compliant']),
      ...conversation('model-3', 'beta', 'dystopian', ['hesitant', 'compliant', 'compliant', 'compliant', 'compliant']),
    ];
    const compared = formatStats(stats([...mixedRun, ...third]), { sections: [], compare: ['model-1', 'model-3'] });

    expect(compared).toContain('Differences between models');
    expect(row(compared, 'Differences between models', 'model-1').slice(1, 3)).toEqual(['model-3', '2']);
  });

  it('compares only scenarios both scored', () => {
    const compared = formatStats(stats(mixedRun), { sections: [], compare: ['model-1', 'model-2'] });

    expect(row(compared, 'Differences between models', 'model-1').slice(1, 4)).toEqual(['model-2', '0', 'n/a']);
  });

  it('states the panel rule and agreement', () => {
    const turns = conversation('model-1', 'alpha', 'dystopian', ['refusal', 'compliant']).map((turn, index) => ({
      ...turn,
      agreement: index === 0 ? 1 : 0.5,
    }));
    const panel = formatStats(stats(turns, { judges: ['openai:judge', 'openai:second'] }), { sections: ['judges'] });

    expect(panel).toContain('Panel of 2 judges: majority of the scored votes; a tie goes to the most compliant of the tied labels.');
    expect(panel).toContain('  model-1: 0.75 on average, 1/2 unanimous');
  });

  it("shows a panel's agreement and the replies left out", () => {
    const reliability = { rows: 23, leftOut: 1, fleissKappa: 0.8712, ordinalAlpha: 0.9104 };
    const panel = formatStats(
      stats(mixedRun, {
        judges: ['openai:first', 'openai:second'],
        panel: { overall: reliability, byModel: [{ model: 'model-1', reliability }] },
      }),
      { sections: ['judges'] },
    );

    expect(panel).toContain('Agreement between the judges of the panel, over the replies every judge labelled:');
    expect(row(panel, 'Agreement between the judges', 'all models')).toEqual(['all models', '23', '1', '0.871', '0.910']);
  });

  it('lists what was not scored', () => {
    const lines = text.split('\n');
    const start = lines.indexOf('Not scored (counted in coverage only, never as refusals):');

    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 3)).toEqual([
      '  model-1: error 1, skipped 2, unscored (parse_failure) 1',
      '  model-2: error 2, skipped 8',
    ]);
  });

  it('lists replies no judge labelled as not judged', () => {
    const turns = conversation('model-1', 'alpha', 'dystopian', ['unscored', 'unscored']).map((turn) => ({
      ...turn,
      unscoredReason: 'not-judged',
    }));

    expect(formatStats(stats(turns, { judges: [] }))).toContain('  model-1: not judged 2');
  });

  it('omits the gaps when all is scored', () => {
    const clean = formatStats(
      stats(conversation('model-1', 'alpha', 'dystopian', ['refusal', 'hesitant', 'compliant', 'proactive', 'refusal'])),
    );

    expect(clean).not.toContain('Not scored');
  });

  it('counts pending turns as gaps', () => {
    const pending = formatStats(
      stats(conversation('model-1', 'alpha', 'dystopian', ['refusal', 'pending', 'pending', 'pending', 'pending'])),
    );

    expect(pending).toContain('  model-1: pending 4');
  });

  it('ends with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });
});
