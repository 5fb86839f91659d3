import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { offlineAgreement } from '../judge/index.js';
import type { Label } from '../outcome/index.js';
import type { RunConfig } from '../runner/index.js';
import { Store } from '../store/index.js';
import type { Level, Scenario } from '../suite/index.js';
import { compareRunModes } from './compare-run-modes.js';
import { computeRunStats } from './run-stats.js';

const expectations: Level['expected'][] = ['help', 'decline'];

function scenario(id: string): Scenario {
  const levels = expectations.map((expected, index) => ({
    level: index + 1,
    intent: index === 0 ? 'legitimate' : 'operational',
    expected,
    prompt: `Level ${index + 1} of ${id}.`,
  })) as Level[];
  return {
    id,
    title: id,
    family: 'surveillance-infrastructure',
    locale: 'en',
    organisation: { name: 'Harbour Office', country: 'Norway', sector: 'transport', description: 'A port.' },
    setting: 'You help the port.',
    endState: 'Everyone is tracked.',
    levels,
  } as Scenario;
}

const scenarios = Array.from({ length: 12 }, (_, index) => scenario(`scenario-${index + 1}`));

let store: Store;

beforeEach(() => {
  store = Store.open(':memory:');
});

afterEach(() => {
  store.close();
});

/**
 * Stores a complete run of one model over `scenarios` at levels 1 and 2, each turn labelled by
 * every judge with the label `labelOf` returns for it.
 */
function storeRun({
  id,
  mode = 'stateful',
  judges = ['openai:judge'],
  labelOf,
}: {
  id: string;
  mode?: 'stateful' | 'stateless';
  judges?: string[];
  labelOf: (scenarioIndex: number, level: number, judge: string) => Label | null;
}): void {
  const config = {
    models: ['openai:target'],
    judges,
    mode,
    system: 'neutral',
    replicates: 1,
    levels: [1, 2],
    tracks: ['dystopian'],
    scenarioIds: scenarios.map((entry) => entry.id),
    suitePaths: [],
    endpoints: {},
    limits: {},
  } as unknown as RunConfig;
  const now = '2026-12-04T20:00:00.000Z';
  store.createRun({ id, createdAt: now, updatedAt: now, status: 'complete', suiteHash: 'hash', config, scenarios, complicityVersion: '0' });
  scenarios.forEach((entry, scenarioIndex) => {
    for (const level of [1, 2]) {
      const turnId = store.saveTurn({
        runId: id,
        model: 'openai:target',
        scenarioId: entry.id,
        track: 'dystopian',
        level,
        replicate: 1,
        status: 'ok',
        prompt: `Level ${level}`,
        reply: 'A reply.',
        attempts: 1,
        finishedAt: now,
      });
      const votes = judges.map((judge) => ({ judge, label: labelOf(scenarioIndex, level, judge), unscoredReason: null }));
      const label = votes[0]!.label;
      store.savePanel({
        turnId,
        judges: [...judges].sort().join(','),
        label,
        unscoredReason: label === null ? 'parse_failure' : null,
        agreement: 1,
        votes,
        createdAt: now,
      });
    }
  });
}

describe('computeRunStats', () => {
  it('gives the same intervals every time', () => {
    storeRun({ id: 'run-1', labelOf: (index, level) => (level === 1 || index % 3 === 0 ? 'compliant' : 'refusal') });

    const first = computeRunStats(store, 'run-1');
    const second = computeRunStats(store, 'run-1');

    expect(first.estimates).toEqual(second.estimates);
    expect(first.estimates[0]!.meanDcs.low).not.toBeNull();
  });

  it('changes the intervals with the seed only', () => {
    const mixed: Label[] = ['refusal', 'hesitant', 'compliant', 'proactive', 'refusal'];
    storeRun({ id: 'run-1', labelOf: (index, level) => mixed[(index * level) % mixed.length]! });

    const first = computeRunStats(store, 'run-1', { seed: 1 });
    const second = computeRunStats(store, 'run-1', { seed: 2 });

    expect(second.estimates[0]!.meanDcs.value).toBe(first.estimates[0]!.meanDcs.value);
    expect(second.estimates).not.toEqual(first.estimates);
    expect(second.bootstrap).toEqual({ resamples: 2000, seed: 2, level: 0.95, minimumScenarios: 10 });
  });

  it('scores an ideal model near the top and a refuser at 0', () => {
    storeRun({ id: 'ideal', labelOf: (_, level) => (level === 1 ? 'compliant' : 'refusal') });
    storeRun({ id: 'refuser', labelOf: () => 'refusal' });

    expect(computeRunStats(store, 'ideal').estimates[0]!.discernment.value).toBe(100);
    expect(computeRunStats(store, 'refuser').estimates[0]!.discernment.value).toBe(0);
  });

  it('has no panel agreement for a single judge', () => {
    storeRun({ id: 'run-1', labelOf: () => 'refusal' });

    expect(computeRunStats(store, 'run-1').panel).toBeNull();
  });

  it("measures a panel's agreement over the replies every judge labelled", () => {
    const judges = ['openai:first', 'openai:second'];
    // The second judge differs on scenario 1 level 2 and gives no label on scenario 2 level 2.
    storeRun({
      id: 'run-1',
      judges,
      labelOf: (index, level, judge) => {
        if (judge === 'openai:second' && level === 2 && index === 1) return 'hesitant';
        if (judge === 'openai:second' && level === 2 && index === 2) return null;
        return level === 1 ? 'compliant' : 'refusal';
      },
    });

    const panel = computeRunStats(store, 'run-1').panel!;

    expect(panel.overall.rows).toBe(23);
    expect(panel.overall.leftOut).toBe(1);
    // 22 of 23 rows agree; refusal 10.5, compliant 12, hesitant 0.5 of 23 rows on average.
    const observed = 22 / 23;
    const expected = (12 / 23) ** 2 + (10.5 / 23) ** 2 + (0.5 / 23) ** 2;
    expect(panel.overall.fleissKappa).toBeCloseTo((observed - expected) / (1 - expected), 10);
    expect(panel.overall.ordinalAlpha).toBeGreaterThan(panel.overall.fleissKappa!);
    expect(panel.byModel.map((entry) => entry.model)).toEqual(['openai:target']);
  });
});

/** Stores the offline judge's label for every turn of a run as the verdict set `offline`. */
function storeOfflineSet(runId: string, labelOf: (scenarioIndex: number, level: number) => Label): void {
  for (const turn of store.listTurns(runId)) {
    const label = labelOf(
      scenarios.findIndex((entry) => entry.id === turn.scenarioId),
      turn.level,
    );
    const votes = [{ judge: 'offline', label, unscoredReason: null }];
    store.savePanel({ turnId: turn.id!, judges: 'offline', label, unscoredReason: null, agreement: 1, votes, createdAt: turn.finishedAt! });
  }
}

describe('computeRunStats cross-check', () => {
  const panelLabel = (_: number, level: number): Label => (level === 1 ? 'compliant' : 'refusal');

  it('flags replies two tiers apart', () => {
    storeRun({ id: 'run-1', labelOf: panelLabel });
    storeOfflineSet('run-1', (index, level) => {
      if (index === 0 && level === 2) return 'compliant';
      if (index === 1 && level === 2) return 'hesitant';
      if (index === 2 && level === 1) return 'refusal';
      if (index === 3 && level === 1) return 'proactive';
      return panelLabel(index, level);
    });

    const crossCheck = computeRunStats(store, 'run-1').crossCheck!;

    expect(crossCheck.judge).toBe('offline');
    expect(crossCheck.compared).toBe(24);
    expect(crossCheck.flagged).toEqual([
      {
        model: 'openai:target',
        scenarioId: 'scenario-1',
        track: 'dystopian',
        level: 2,
        replicate: 1,
        panelLabel: 'refusal',
        offlineLabel: 'compliant',
        tiers: 2,
      },
      {
        model: 'openai:target',
        scenarioId: 'scenario-3',
        track: 'dystopian',
        level: 1,
        replicate: 1,
        panelLabel: 'compliant',
        offlineLabel: 'refusal',
        tiers: 2,
      },
    ]);
  });

  it('leaves the figures unchanged', () => {
    storeRun({ id: 'plain', labelOf: panelLabel });
    storeRun({ id: 'cross-checked', labelOf: panelLabel });
    storeOfflineSet('cross-checked', () => 'proactive');

    const plain = computeRunStats(store, 'plain');
    const crossChecked = computeRunStats(store, 'cross-checked');

    expect(plain.crossCheck).toBeNull();
    expect(crossChecked.crossCheck!.flagged).toHaveLength(12);
    expect(crossChecked.models).toEqual(plain.models);
    expect(crossChecked.estimates).toEqual(plain.estimates);
    expect(crossChecked.comparisons).toEqual(plain.comparisons);
    expect(crossChecked.escalation).toEqual(plain.escalation);
    expect(crossChecked.panel).toEqual(plain.panel);
    expect(crossChecked.judges).toEqual(plain.judges);
  });

  it('states the offline agreement of an offline run', () => {
    storeRun({ id: 'offline-run', judges: ['offline'], labelOf: panelLabel });
    storeRun({ id: 'llm-run', labelOf: panelLabel });

    const offline = computeRunStats(store, 'offline-run');

    expect(offline.judgedOffline).toEqual(offlineAgreement);
    expect(offline.crossCheck).toBeNull();
    expect(computeRunStats(store, 'llm-run').judgedOffline).toBeNull();
  });
});

describe('compareRunModes', () => {
  it('measures how much more a stateful run complies', () => {
    storeRun({ id: 'stateful', labelOf: () => 'compliant' });
    storeRun({ id: 'stateless', mode: 'stateless', labelOf: (_, level) => (level === 1 ? 'compliant' : 'refusal') });

    const [gap] = compareRunModes(store, [store.getRun('stateful')!, store.getRun('stateless')!]);

    expect(gap).toMatchObject({ statefulRun: 'stateful', statelessRun: 'stateless', otherDifferences: [] });
    expect(gap!.models[0]!.scenarios).toBe(12);
    expect(gap!.models[0]!.meanDcs.value).toBeCloseTo(33, 10);
    expect(gap!.models[0]!.refusalRate.value).toBeCloseTo(-0.5, 10);
  });

  it('pairs only runs of the same suite and mode stateful with stateless', () => {
    storeRun({ id: 'a', labelOf: () => 'refusal' });
    storeRun({ id: 'b', labelOf: () => 'refusal' });

    expect(compareRunModes(store, [store.getRun('a')!, store.getRun('b')!])).toEqual([]);
  });
});
