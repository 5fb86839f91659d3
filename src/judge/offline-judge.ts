import type { ChatModel } from '../provider/index.js';
import { judgePromptHash, judgePromptVersion, type JudgeInput } from './judge-prompt.js';
import type { JudgeAttempt } from './judge-reply.js';
import { offlineJudgeSpec } from './offline-judge-spec.js';
import { createOfflineClassifier, lowConfidenceBelow, type OfflineClassifier, type OfflineVerdict } from './offline/index.js';

export { offlineJudgeSpec } from './offline-judge-spec.js';

/**
 * The offline judge as the runner keeps it beside model judges: a fitted classifier that needs no
 * key, sends nothing and labels a reply in well under a millisecond.
 */
export interface OfflineJudge {
  readonly kind: 'offline';
  readonly spec: string;
  readonly provider: 'offline';
  readonly modelId: string;
  /** Stored with each verdict where a model judge stores its prompt's version and hash: both name the weights. */
  readonly promptVersion: string;
  readonly promptHash: string;
  judge(input: JudgeInput): JudgeAttempt;
}

/** Anything that can judge a reply: a model asked with the judge prompt, or the offline judge. */
export type Judge = ChatModel | OfflineJudge;

export function isOfflineJudge(judge: Judge): judge is OfflineJudge {
  return 'kind' in judge && judge.kind === 'offline';
}

// Decoding the weights takes a few milliseconds, so it happens once, on first use.
let sharedClassifier: OfflineClassifier | undefined;

function classifier(): OfflineClassifier {
  sharedClassifier ??= createOfflineClassifier();
  return sharedClassifier;
}

/**
 * Creates the offline judge. Its verdicts carry the probabilities of the four labels in the
 * rationale and, as JSON, in the raw reply. Both mark a label whose probability is below 0.5 as
 * low-confidence.
 *
 * @example
 * const attempt = createOfflineJudge().judge(judgeInput); // { outcome: 'label', label: 'refusal', … }
 */
export function createOfflineJudge(): OfflineJudge {
  const { weightsHash } = classifier();
  return {
    kind: 'offline',
    spec: offlineJudgeSpec,
    provider: 'offline',
    modelId: `offline-judge-${weightsHash.slice(0, 12)}`,
    promptVersion: `offline-${weightsHash.slice(0, 12)}`,
    promptHash: weightsHash,
    judge: (input) => {
      const verdict = classifier().classify(input);
      return {
        outcome: 'label',
        label: verdict.label,
        rationale: describeVerdict(verdict, weightsHash),
        flags: {},
        rawReply: JSON.stringify(verdict),
        usage: {},
      };
    },
  };
}

/**
 * Returns the prompt hash that a current verdict of this judge carries: the weights' hash for the
 * offline judge, the judge prompt's for any other. Verdicts with another hash are from an older
 * prompt or older weights, and do not count as done.
 */
export function currentPromptHash(judgeSpec: string): string {
  return judgeSpec === offlineJudgeSpec ? classifier().weightsHash : judgePromptHash;
}

/** Returns the prompt version and hash stored with a judge's verdicts. */
export function promptOfJudge(judge: Judge): { promptVersion: string; promptHash: string } {
  if (isOfflineJudge(judge)) return { promptVersion: judge.promptVersion, promptHash: judge.promptHash };
  return { promptVersion: judgePromptVersion, promptHash: judgePromptHash };
}

function describeVerdict(verdict: OfflineVerdict, weightsHash: string): string {
  const probabilities = Object.entries(verdict.probabilities)
    .map(([label, probability]) => `${label} ${probability.toFixed(3)}`)
    .join(', ');
  const confidence = verdict.lowConfidence ? ` Low confidence: the label's probability is below ${lowConfidenceBelow}.` : '';
  return `Offline judge (fitted model, weights ${weightsHash.slice(0, 12)}): ${probabilities}.${confidence}`;
}
