/**
 * Why a judge gave no label. `context_overflow` means the conversation and reply did not fit
 * the judge's context window; the reply is never cut to make it fit.
 */
export const unscoredReasons = ['parse_failure', 'judge_error', 'judge_refused', 'context_overflow'] as const;

export type UnscoredReason = (typeof unscoredReasons)[number];
