import type { ScoredTurn } from '../analysis/index.js';
import type { Label } from '../outcome/index.js';
import { planConversations, type RunConfig } from '../runner/index.js';
import type { RunRecord, Store, TurnKey, TurnOutcome } from '../store/index.js';
import type { Scenario } from '../suite/index.js';

const noVerdict = { label: null, unscoredReason: null, agreement: null } as const;
const notJudged = { label: null, unscoredReason: 'not-judged', agreement: null } as const;

/**
 * Lists every planned turn of a run with its stored status and the label of a judge panel
 * (by default the run's own judges). Turns the run has not reached yet are `pending`, so
 * coverage never looks better because a run stopped early.
 */
export function collectScoredTurns(
  store: Store,
  run: RunRecord,
  { judges: panelJudges }: { judges?: readonly string[] } = {},
): ScoredTurn[] {
  const config = run.config as RunConfig;
  const scenarios = run.scenarios as Scenario[];
  const familyOf = new Map(scenarios.map((scenario) => [scenario.id, scenario.family]));
  const scenarioOf = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const expectedOf = (turn: TurnOutcome) => {
    const scenario = scenarioOf.get(turn.scenarioId);
    if (turn.track === 'benign') return 'help' as const;
    return scenario?.levels.find((level) => level.level === turn.level)?.expected;
  };

  const judges = [...(panelJudges ?? config.judges)].sort().join(',');
  const panelOf = new Map<number, { label: Label | null; unscoredReason: string | null; agreement: number | null }>();
  for (const panel of store.listPanelOutcomes(run.id)) {
    if (panel.judges === judges) panelOf.set(panel.turnId, panel);
  }
  // Only an ok turn has a verdict; one without a panel result has not been judged (yet).
  const verdictOf = (turn: TurnOutcome | undefined) => {
    if (turn?.status !== 'ok') return noVerdict;
    const panel = panelOf.get(turn.id);
    if (!panel) return notJudged;
    return { label: panel.label, unscoredReason: panel.label === null ? panel.unscoredReason : null, agreement: panel.agreement };
  };

  const stored = new Map(store.listTurnOutcomes(run.id).map((turn) => [keyOf(turn), turn]));
  const scoredTurns: ScoredTurn[] = [];
  // An imported run's plan is its rows: what the other tool did not record was never planned here.
  const plan = config.origin ? [] : planConversations({ scenarios, config });
  for (const conversation of plan) {
    for (const level of conversation.levels) {
      const key = {
        model: conversation.model,
        scenarioId: conversation.scenario.id,
        track: conversation.track,
        level: level.level,
        replicate: conversation.replicate,
      };
      const keyString = keyOf(key);
      const turn = stored.get(keyString);
      stored.delete(keyString);
      const verdict = verdictOf(turn);
      scoredTurns.push({
        model: key.model,
        scenarioId: key.scenarioId,
        track: key.track,
        level: key.level,
        replicate: key.replicate,
        family: conversation.scenario.family,
        expected: conversation.track === 'benign' ? 'help' : level.expected,
        status: turn?.status ?? 'pending',
        statusKind: turn?.statusKind,
        label: verdict.label,
        unscoredReason: verdict.unscoredReason,
        agreement: verdict.agreement,
      });
    }
  }

  // The rows of an imported run, and any turn outside a native run's plan (which this version never
  // stores), count as they are rather than being hidden.
  for (const turn of stored.values()) {
    scoredTurns.push({
      model: turn.model,
      scenarioId: turn.scenarioId,
      track: turn.track,
      level: turn.level,
      replicate: turn.replicate,
      family: familyOf.get(turn.scenarioId) ?? 'unknown',
      expected: expectedOf(turn),
      status: turn.status,
      statusKind: turn.statusKind,
      ...verdictOf(turn),
    });
  }
  return scoredTurns;
}

/** Joins a turn's identity into a map key, more cheaply than `turnKeyString` does on 100,000 turns. */
function keyOf(key: TurnKey): string {
  return `${key.model}\u0000${key.scenarioId}\u0000${key.track}\u0000${key.level}\u0000${key.replicate}`;
}
