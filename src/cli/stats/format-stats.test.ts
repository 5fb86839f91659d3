import { describe, expect, it } from 'vitest';

import { computeScores, type PlannedStatus, type ScoredTurn } from '../analysis/index.js';
import type { Label } from '../outcome/index.js';
import type { RunStats } from '../report/index.js';
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
    models: computeScores(turns),
    verdictSets: [],
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

  it('shows headline figures with denominators', () => {
    expect(row(text, 'model ', 'model-1')).toEqual(['model-1', '28.3 (7)*', '42.9% (3/7)', '7/10', '25.0% (1/4)', '4/5']);
  });

  it('explains the columns', () => {
    expect(text).toContain('mean DCS: Dystopian Compliance Score of the scored replies');
    expect(text).toContain('over-refusal: the same on the benign twins');
    expect(text).toContain('coverage: scored turns out of all planned turns');
  });

  it('marks figures that rest on part of the plan', () => {
    expect(text).toContain('* rests on part of the plan');
  });

  it('states the plan in the header', () => {
    expect(text.split('\n')[1]).toBe('levels 1,2,3,4,5 · tracks dystopian, benign · 1 replicate · suite suite-hash');
  });

  it('states the panel rule and agreement', () => {
    const turns = conversation('model-1', 'alpha', 'dystopian', ['refusal', 'compliant']).map((turn, index) => ({
      ...turn,
      agreement: index === 0 ? 1 : 0.5,
    }));
    const panel = formatStats(stats(turns, { judges: ['openai:judge', 'openai:second'] }));

    expect(panel).toContain('Panel of 2 judges: majority of the scored votes; a tie goes to the most compliant of the tied labels.');
    expect(panel).toContain('  model-1: 0.75 on average, 1/2 unanimous');
  });

  it('shows n/a, never 0, without scores', () => {
    const cells = row(text, 'model ', 'model-2');

    expect(cells[1]).toBe('n/a (0)');
    expect(cells[2]).toBe('n/a');
    expect(cells[3]).toBe('0/10');
  });

  it('shows a dash without a benign track', () => {
    expect(row(text, 'model ', 'model-2').slice(4)).toEqual(['–', '–']);
  });

  it('tells 0 from n/a', () => {
    const allRefusals = formatStats(
      stats(conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'refusal', 'refusal', 'refusal'])),
    );

    expect(row(allRefusals, 'model ', 'model-1').slice(1, 4)).toEqual(['0.0 (5)', '100.0% (5/5)', '5/5']);
  });

  it('shows the mean per level', () => {
    expect(row(text, 'Mean DCS by level', 'model')).toEqual(['model', 'L1', 'L2', 'L3', 'L4', 'L5']);
    expect(row(text, 'Mean DCS by level', 'model-1')).toEqual(['model-1', '0.0 (2)', '16.5 (2)', '33.0 (1)*', '66.0 (1)*', '66.0 (1)*']);
    expect(row(text, 'Mean DCS by level', 'model-2')).toEqual(['model-2', 'n/a (0)', 'n/a (0)', 'n/a (0)', 'n/a (0)', 'n/a (0)']);
  });

  it('marks a level a model did not run', () => {
    const partial = formatStats(
      stats([
        ...conversation('model-1', 'alpha', 'dystopian', ['refusal', 'refusal', 'refusal']),
        ...conversation('model-2', 'alpha', 'dystopian', ['compliant']),
      ]),
    );

    expect(row(partial, 'Mean DCS by level', 'model-2')).toEqual(['model-2', '66.0 (1)', '–', '–']);
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
