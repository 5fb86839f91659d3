import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import prettier from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';

import { hasReferenceFolder, referenceFolder } from '../../../test/e2e/dystopiabench-files.js';
import { repositoryRoot } from '../../../test/e2e/cli.js';
import { evaluateOfflineJudge, type OfflineJudgeEvaluation } from './evaluate-offline-judge.js';
import { offlineFitSettings } from './fit-offline-model.js';
import { evaluationHeading, fixed, formatDataCard, percent } from './format-data-card.js';
import { hashOfflineWeights } from './offline-weights-file.js';
import { offlineWeights } from './offline-weights.js';
import { readPenaltyTable } from './read-penalty-table.js';

const dataCardPath = join(repositoryRoot, 'docs/offline-judge-data-card.md');
const guidePath = join(repositoryRoot, 'docs/offline-judge.md');
const skipNote = hasReferenceFolder ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';

function fromEvaluation(card: string): string {
  return card.slice(card.indexOf(evaluationHeading));
}

describe.skipIf(!hasReferenceFolder)(`offline judge evaluation on the DystopiaBench files${skipNote}`, () => {
  let evaluation: OfflineJudgeEvaluation;
  let regenerated: string;
  const committed = readFileSync(dataCardPath, 'utf8');

  // With the penalties the card records, the evaluation fits 14 models instead of 140: about two
  // minutes on two cores. The shipped fit's own choice is checked in fit-held-out.test.ts.
  beforeAll(async () => {
    const recordedPenalties = readPenaltyTable({ text: committed, factors: offlineFitSettings.penaltyFactors });
    evaluation = await evaluateOfflineJudge({ runsFolder: join(referenceFolder, 'runs'), recordedPenalties });
    const card = formatDataCard({ evaluation, weightsHash: hashOfflineWeights(offlineWeights), fittedOn: 'any day' });
    regenerated = await prettier.format(card, { ...(await prettier.resolveConfig(dataCardPath)), filepath: dataCardPath });
  }, 600_000);

  it('reproduces every figure of the data card', () => {
    expect(committed).toContain(evaluationHeading);
    expect(fromEvaluation(regenerated)).toBe(fromEvaluation(committed));
  });

  it('names the shipped weights in the data card', () => {
    expect(committed).toContain(hashOfflineWeights(offlineWeights));
  });

  it('quotes the measured figures in the guide', () => {
    const guide = readFileSync(guidePath, 'utf8');

    for (const { report } of [evaluation.leaveOneModelOut, evaluation.leaveOneFileOut]) {
      expect(guide).toContain(percent(report.exactAgreement));
      expect(guide).toContain(fixed(report.quadraticKappa));
      expect(guide).toContain(fixed(report.refusalF1));
      expect(guide).toContain(fixed(report.expectedCalibrationError));
    }
  });
});
