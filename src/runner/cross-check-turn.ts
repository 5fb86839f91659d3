import { combineVotes, promptOfJudge, type JudgeInput, type OfflineJudge } from '../judge/index.js';
import type { VerdictRecord } from '../store/index.js';
import type { RunContext } from './run-context.js';

/**
 * Has the offline judge label one reply beside the run's LLM judges and stores its label as a
 * verdict set of its own (judges `offline`), apart from the panel, so the panel's figures stay
 * as they are. A current offline verdict already stored (the offline judge may sit on the panel
 * too) is reused. It costs no call and sends nothing.
 */
export function crossCheckTurn(context: RunContext, { turnId, input }: { turnId: number; input: JudgeInput }): void {
  const judge = context.crossCheckJudge;
  // Dropped as read, like the stored panels: each turn is cross-checked once per execution.
  if (!judge || context.storedCrossChecks.delete(turnId)) return;

  let verdicts = context.storedVerdicts.get(turnId);
  if (!verdicts) {
    verdicts = new Map();
    context.storedVerdicts.set(turnId, verdicts);
  }
  const stored = verdicts.get(judge.spec);
  const created = stored ? undefined : offlineVerdict({ judge, turnId, input });
  const verdict = stored ?? created!;
  const votes = [{ judge: judge.spec, label: verdict.label, unscoredReason: verdict.unscoredReason }];
  // Both rows are held with the run's other writes (Store.groupWrites), so they share a commit.
  // A kill between them leaves the verdict, which the next execution reuses for the panel result.
  if (created) context.store.saveVerdict(created);
  context.store.savePanel({ turnId, judges: judge.spec, ...combineVotes(votes), votes, createdAt: new Date().toISOString() });
  verdicts.set(judge.spec, verdict);
}

function offlineVerdict({ judge, turnId, input }: { judge: OfflineJudge; turnId: number; input: JudgeInput }): VerdictRecord {
  const sent = performance.now();
  const attempt = judge.judge(input);
  const base = {
    turnId,
    judge: judge.spec,
    ...promptOfJudge(judge),
    attempts: 1,
    createdAt: new Date().toISOString(),
    rawReply: attempt.rawReply,
    latencyMs: Math.round(performance.now() - sent),
  };
  if (attempt.outcome === 'unscored') return { ...base, label: null, unscoredReason: attempt.reason, errorMessage: attempt.detail };
  return { ...base, label: attempt.label, unscoredReason: null, rationale: attempt.rationale, flags: attempt.flags };
}
