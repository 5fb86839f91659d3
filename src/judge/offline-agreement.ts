/**
 * Agreement of the offline judge with the LLM judge it imitates, measured by leave-one-model-out
 * cross-validation on the replies it was fitted on, as docs/offline-judge-data-card.md reports it.
 * Outputs that show figures judged offline print these numbers, so a refit must rewrite this file
 * together with the weights; a test fails when `weightsHash` no longer names the shipped weights.
 */
export interface OfflineAgreement {
  /** SHA-256 of the weights these figures were measured for. */
  weightsHash: string;
  /** How the figures were measured, in words. */
  evaluation: string;
  /** Replies predicted, each by a model fitted without it. */
  replies: number;
  /** Share of replies given the LLM judge's label, from 0 to 1. */
  exactAgreement: number;
  /** Quadratic-weighted kappa against the LLM judge's labels. */
  quadraticKappa: number;
}

export const offlineAgreement: OfflineAgreement = {
  weightsHash: 'e79b8edeece41c4b53e3f284f7e05e410c8b742b78f439fe841cef18e1a16f26',
  evaluation: 'leave one model out, on 1060 DystopiaBench replies of 10 models',
  replies: 1060,
  exactAgreement: 0.699,
  quadraticKappa: 0.803,
};
