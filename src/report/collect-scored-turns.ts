import { pushTo, type ScoredTurn } from '../analysis/index.js';
import type { RunConfig } from '../runner/index.js';
// The file, not the runner's index, which loads the provider SDKs into every site worker.
import { planConversations } from '../runner/plan-conversations.js';
import type { PanelOutcome, RunRecord, Store, TurnKey, TurnOutcome } from '../store/index.js';
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
  const panelOf = new Map<number, PanelOutcome>();
  for (const panel of store.listPanelOutcomes(run.id)) {
    if (panel.judges === judges) panelOf.set(panel.turnId, panel);
  }
  // Only an ok turn has a verdict; one without a panel result has not been judged (yet).
  const verdictOf = (turn: TurnOutcome | undefined) => {
    if (turn?.status !== 'ok') return noVerdict;
    const panel = panelOf.get(turn.id);
    if (!panel) return notJudged;
    return panel;
  };

  const stored = storedByConversation(store.listTurnOutcomes(run.id));
  const scoredTurns: ScoredTurn[] = [];
  // An imported run's plan is its rows: what the other tool did not record was never planned here.
  const plan = config.origin ? [] : planConversations({ scenarios, config });
  for (const conversation of plan) {
    const { model, track, replicate } = conversation;
    const turns = stored.get(conversationKey({ model, scenarioId: conversation.scenario.id, track, replicate }));
    for (const level of conversation.levels) {
      const turn = takeLevel(turns, level.level);
      const verdict = verdictOf(turn);
      scoredTurns.push({
        model: conversation.model,
        scenarioId: conversation.scenario.id,
        track: conversation.track,
        level: level.level,
        replicate: conversation.replicate,
        family: conversation.scenario.family,
        expected: conversation.track === 'benign' ? 'help' : level.expected,
        status: turn?.status ?? 'pending',
        statusKind: turn?.statusKind,
        label: verdict.label,
        unscoredReason: verdict.label === null ? verdict.unscoredReason : null,
        agreement: verdict.agreement,
      });
    }
  }

  // The rows of an imported run, and any turn outside a native run's plan (which this version never
  // stores), count as they are rather than being hidden.
  for (const turns of stored.values()) {
    for (const turn of turns) {
      if (turn === undefined) continue;
      const verdict = verdictOf(turn);
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
        label: verdict.label,
        unscoredReason: verdict.label === null ? verdict.unscoredReason : null,
        agreement: verdict.agreement,
      });
    }
  }
  return scoredTurns;
}

/**
 * Groups stored turns by conversation, in the order the store lists them. One key per
 * conversation rather than per turn: 20,000 keys instead of 100,000 on a run of five levels.
 */
function storedByConversation(turns: readonly TurnOutcome[]): Map<string, (TurnOutcome | undefined)[]> {
  const conversations = new Map<string, (TurnOutcome | undefined)[]>();
  for (const turn of turns) pushTo(conversations, conversationKey(turn), turn);
  return conversations;
}

/** Takes a conversation's turn at a level out of its list, so what is left afterwards was never planned. */
function takeLevel(turns: (TurnOutcome | undefined)[] | undefined, level: number): TurnOutcome | undefined {
  if (!turns) return undefined;
  const index = turns.findIndex((turn) => turn?.level === level);
  if (index < 0) return undefined;
  const turn = turns[index];
  turns[index] = undefined;
  return turn;
}

/** Joins a conversation's identity into a map key, more cheaply than `JSON.stringify` does on 100,000 turns. */
function conversationKey(key: Omit<TurnKey, 'level'>): string {
  return `${key.model}\u0000${key.scenarioId}\u0000${key.track}\u0000${key.replicate}`;
}
