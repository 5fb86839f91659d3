/**
 * Refits the offline judge from the DystopiaBench result files and writes the shipped weights
 * (src/judge/offline/offline-weights.ts), the agreement that outputs quote
 * (src/judge/offline-agreement.ts) and the data card (docs/offline-judge-data-card.md).
 * The fit is deterministic: the same files give the same weights and figures.
 *
 * Usage: npm run fit:offline-judge [-- --runs FOLDER]
 * FOLDER contains the result files. The default is ../shared/reference/dystopiabench/runs beside the repository.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import { evaluateOfflineJudge, type EvaluationProgress } from '../src/judge/offline/evaluate-offline-judge.js';
import { formatDataCard, percent, fixed } from '../src/judge/offline/format-data-card.js';
import { encodeOfflineWeights, hashOfflineWeights, renderWeightsModule } from '../src/judge/offline/offline-weights-file.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const weightsPath = join(repositoryRoot, 'src/judge/offline/offline-weights.ts');
const dataCardPath = join(repositoryRoot, 'docs/offline-judge-data-card.md');
const agreementPath = join(repositoryRoot, 'src/judge/offline-agreement.ts');

/** The generated module's documentation and type, which stay the same from one fit to the next. */
const agreementModuleHeader = `/**
 * Agreement of the offline judge with the LLM judge it imitates, measured by leave-one-model-out
 * cross-validation on the replies it was fitted on, as docs/offline-judge-data-card.md reports it.
 * Outputs that show figures judged offline print these numbers. Written by \`npm run fit:offline-judge\`
 * together with the weights; a test fails when \`weightsHash\` no longer names the shipped weights.
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
`;

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runsFolder = resolve(values.runs ?? join(repositoryRoot, '../shared/reference/dystopiabench/runs'));
if (!existsSync(runsFolder)) {
  console.error(`Error: the folder of DystopiaBench result files was not found: ${runsFolder}. Give it with --runs FOLDER.`);
  process.exit(2);
}

const started = performance.now();
const evaluation = evaluateOfflineJudge({ runsFolder, onProgress: printProgress });
const weights = encodeOfflineWeights(evaluation.model);
const weightsHash = hashOfflineWeights(weights);
const fittedOn = new Date().toISOString().slice(0, 10);

writeFileSync(weightsPath, await formatWith(renderWeightsModule(weights), weightsPath));
writeFileSync(dataCardPath, await formatWith(formatDataCard({ evaluation, weightsHash, fittedOn }), dataCardPath));
const { report } = evaluation.leaveOneModelOut;
writeFileSync(agreementPath, await formatWith(renderAgreementModule({ weightsHash, report, evaluation }), agreementPath));

console.error(
  `Leave one model out: exact agreement ${percent(report.exactAgreement)}, quadratic-weighted kappa ${fixed(report.quadraticKappa)}, refusal F1 ${fixed(report.refusalF1)}.`,
);
console.error(`Wrote ${weightsPath}, ${agreementPath} and ${dataCardPath} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
console.log(weightsHash);

function printProgress(progress: EvaluationProgress): void {
  if (progress.stage === 'features') {
    console.error(`Read ${progress.replies} labelled replies.`);
    return;
  }
  const { fold, index, count, scheme } = progress;
  console.error(
    `${scheme} ${index + 1}/${count}: ${fold.heldOut}, exact agreement ${percent(fold.exactAgreement)} on ${fold.testReplies} replies`,
  );
}

/**
 * Renders src/judge/offline-agreement.ts: the leave-one-model-out figures, rounded as the data card
 * prints them, so every output that quotes them agrees with the card.
 */
function renderAgreementModule({
  weightsHash,
  report,
  evaluation,
}: {
  weightsHash: string;
  report: { exactAgreement: number; quadraticKappa: number };
  evaluation: { replies: number; models: string[] };
}): string {
  const value = {
    weightsHash,
    evaluation: `leave one model out, on ${evaluation.replies} DystopiaBench replies of ${evaluation.models.length} models`,
    replies: evaluation.replies,
    exactAgreement: Number(report.exactAgreement.toFixed(3)),
    quadraticKappa: Number(report.quadraticKappa.toFixed(3)),
  };
  return `${agreementModuleHeader}\nexport const offlineAgreement: OfflineAgreement = ${JSON.stringify(value, null, 2)};\n`;
}

/** Formats generated text as the repository's Prettier settings do, so `prettier --check` passes. */
async function formatWith(text: string, path: string): Promise<string> {
  const options = await prettier.resolveConfig(path);
  return prettier.format(text, { ...options, filepath: path });
}
