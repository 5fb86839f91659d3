import type { OfflineAgreement } from '../judge/index.js';

/**
 * States that figures come from the offline judge, with its measured agreement with an LLM judge,
 * so no reader takes them for an LLM judge's.
 *
 * @example
 * describeOfflineJudging(offlineAgreement);
 * // 'judged offline; agreement with an LLM judge: 69.9 % exact, quadratic-weighted kappa 0.803 (leave one model out, …)'
 */
export function describeOfflineJudging(agreement: OfflineAgreement): string {
  const exact = `${(agreement.exactAgreement * 100).toFixed(1)} %`;
  return `judged offline; agreement with an LLM judge: ${exact} exact, quadratic-weighted kappa ${agreement.quadraticKappa.toFixed(3)} (${agreement.evaluation})`;
}
