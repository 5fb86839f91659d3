/**
 * Refits the offline judge from the DystopiaBench result files and writes the shipped weights
 * (src/judge/offline/offline-weights.ts), the agreement that outputs quote
 * (src/judge/offline-agreement.ts) and the data card (docs/offline-judge-data-card.md).
 * Every fit, the 13 of the cross-validations and the shipped one, chooses its penalty by nested
 * cross-validation, so the script fits 140 models. They run in child processes, one fit of the
 * evaluation at a time in each. The fit is deterministic: the same files give the same weights
 * and figures, whatever the number of processes.
 *
 * Usage: npm run fit:offline-judge [-- [--runs FOLDER] [--processes N]]
 * FOLDER contains the result files. The default is ../shared/reference/dystopiabench/runs beside the repository.
 * N is the number of child processes, by default the number of CPUs Node reports; 1 fits in this process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import { evaluateOfflineJudge, type EvaluationProgress, type HeldOutRunner } from '../src/judge/offline/evaluate-offline-judge.js';
import { fitHeldOut, type HeldOutFit, type HeldOutTask } from '../src/judge/offline/fit-held-out.js';
import { formatDataCard, percent, fixed } from '../src/judge/offline/format-data-card.js';
import { formatPenaltyFactor } from '../src/judge/offline/format-penalty-table.js';
import { loadEvaluationData, type EvaluationData } from '../src/judge/offline/load-evaluation-data.js';
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

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    processes: { type: 'string' },
    // Set by the script on the child processes it starts.
    child: { type: 'boolean' },
  },
});
const runsFolder = resolve(values.runs ?? join(repositoryRoot, '../shared/reference/dystopiabench/runs'));
if (!existsSync(runsFolder)) {
  console.error(`Error: the folder of DystopiaBench result files was not found: ${runsFolder}. Give it with --runs FOLDER.`);
  process.exit(2);
}
if (values.child) {
  serveFits(runsFolder);
} else {
  await fitAndWrite({ runsFolder, processes: parseProcesses(values.processes) });
}

async function fitAndWrite({ runsFolder, processes }: { runsFolder: string; processes: number }): Promise<void> {
  const started = performance.now();
  const pool = processes > 1 ? createChildPool({ size: processes, runsFolder }) : undefined;
  console.error(`Fitting in ${pool ? `${processes} child processes` : 'this process'}.`);
  const evaluation = await evaluateOfflineJudge({ runsFolder, runFit: pool?.runFit, onProgress: printProgress }).finally(() =>
    pool?.close(),
  );
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
}

function parseProcesses(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const processes = Number(text);
  if (!Number.isInteger(processes) || processes < 1) {
    console.error(`Error: --processes must be an integer from 1 up, got "${text}".`);
    process.exit(2);
  }
  return processes;
}

function printProgress(progress: EvaluationProgress): void {
  if (progress.stage === 'features') {
    console.error(`Read ${progress.replies} labelled replies.`);
    return;
  }
  const { fit, done, count } = progress;
  const description = fit.heldOut === null ? 'the shipped fit' : `without ${fit.heldOut.groupBy} ${fit.heldOut.name}`;
  const losses = fit.penalty.innerLogLoss.map((loss) => loss.toFixed(4)).join(', ');
  console.error(
    `Fit ${done}/${count}, ${description}, on ${fit.trainingReplies} replies: f = ${formatPenaltyFactor(fit.penalty.factor)} (inner log loss ${losses}).`,
  );
}

/** A fit a child process was asked for, and what to call when it returns. */
interface Job {
  task: HeldOutTask;
  resolve: (fit: HeldOutFit) => void;
  reject: (error: Error) => void;
}

type ChildReply = { fit: HeldOutFit } | { error: string };

/**
 * Starts `size` child processes that run this script with --child, and hands each one fit at a
 * time. The V8 serialiser carries the typed arrays of tasks and fits between the processes.
 */
function createChildPool({ size, runsFolder }: { size: number; runsFolder: string }): { runFit: HeldOutRunner; close: () => void } {
  const waiting: Job[] = [];
  const idle: ChildProcess[] = [];
  const running = new Map<ChildProcess, Job>();
  const children: ChildProcess[] = [];

  const dispatch = () => {
    while (idle.length > 0 && waiting.length > 0) {
      const child = idle.shift()!;
      const job = waiting.shift()!;
      running.set(child, job);
      child.send({ task: job.task });
    }
  };
  const failAll = (error: Error) => {
    for (const job of waiting.splice(0)) job.reject(error);
  };

  for (let index = 0; index < size; index++) {
    const child = fork(fileURLToPath(import.meta.url), ['--child', '--runs', runsFolder], { serialization: 'advanced' });
    child.on('message', (reply: ChildReply) => {
      const job = running.get(child)!;
      running.delete(child);
      idle.push(child);
      if ('error' in reply) job.reject(new Error(`A fit failed in child process ${child.pid}: ${reply.error}`));
      else job.resolve(reply.fit);
      dispatch();
    });
    child.on('exit', (code, signal) => {
      const error = new Error(`Child process ${child.pid} exited with ${signal ?? `code ${code}`} before its fits were done.`);
      running.get(child)?.reject(error);
      running.delete(child);
      children.splice(children.indexOf(child), 1);
      if (idle.includes(child)) idle.splice(idle.indexOf(child), 1);
      if (children.length === 0) failAll(error);
    });
    children.push(child);
    idle.push(child);
  }

  return {
    runFit: (task) =>
      new Promise((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        dispatch();
      }),
    close: () => {
      for (const child of children) child.disconnect();
    },
  };
}

/** Runs in a child process: fits what the parent sends, one task at a time, until the parent disconnects. */
function serveFits(runsFolder: string): void {
  let data: EvaluationData | undefined;
  process.on('message', ({ task }: { task: HeldOutTask }) => {
    let reply: ChildReply;
    try {
      data ??= loadEvaluationData({ runsFolder });
      reply = { fit: fitHeldOut({ data, task }) };
    } catch (error) {
      reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.send!(reply);
  });
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
