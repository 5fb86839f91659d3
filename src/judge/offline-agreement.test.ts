import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashOfflineWeights } from './offline/index.js';
import { offlineWeights } from './offline/offline-weights.js';
import { offlineAgreement } from './offline-agreement.js';

const dataCard = readFileSync(new URL('../../docs/offline-judge-data-card.md', import.meta.url), 'utf8');

/** The first figure column (leave one model out) of a row of the data card's evaluation table. */
function leaveOneModelOut(figure: string): string {
  const row = dataCard.split('\n').find((line) => line.startsWith(`| ${figure} `));
  if (!row) throw new Error(`The data card has no row "${figure}".`);
  return row.split('|')[2]!.trim();
}

describe('offlineAgreement', () => {
  it('names the shipped weights', () => {
    expect(offlineAgreement.weightsHash).toBe(hashOfflineWeights(offlineWeights));
  });

  it('matches the data card', () => {
    expect(dataCard).toContain(offlineAgreement.weightsHash);
    expect(leaveOneModelOut('replies')).toBe(String(offlineAgreement.replies));
    expect(leaveOneModelOut('exact agreement')).toBe(`${(offlineAgreement.exactAgreement * 100).toFixed(1)} %`);
    expect(leaveOneModelOut('quadratic-weighted kappa')).toBe(offlineAgreement.quadraticKappa.toFixed(3));
  });
});
