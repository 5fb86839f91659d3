/**
 * Agreement of the offline judge with the LLM judge it imitates, measured by leave-one-model-out
 * cross-validation on the replies it was fitted on, as docs/offline-judge-data-card.md reports it.
 * Outputs that show figures judged offline print these numbers. Written by `npm run fit:offline-judge`
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
  weightsHash: '2fbc33ab1d00c5fcb2ca450e5307dcaa51488b97b184580c4180af113d379bdd',
  evaluation: 'leave one model out, on 1060 DystopiaBench replies of 10 models',
  replies: 1060,
  exactAgreement: 0.7,
  quadraticKappa: 0.807,
};
