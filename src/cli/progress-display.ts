import { recordedJudgeSpec, replayPrefix } from '../interop/index.js';
import { offlineAgreement, offlineJudgeSpec } from '../judge/index.js';
import type { JudgeRunSummary, RunEvent, RunSummary, Spend } from '../runner/index.js';
import { describeOfflineJudging } from './describe-offline-judging.js';
import { formatCount } from './format-count.js';
import { formatDollars } from './format-dollars.js';
import { formatDuration } from './format-duration.js';
import { toOneLine } from './to-one-line.js';

// Off a TTY (CI logs, files), a progress line at most this often, and only after a change.
const plainIntervalMs = 5000;
// On a TTY, redraws at most this often, so a fast run does not spend its time drawing.
const ttyIntervalMs = 100;

/**
 * Renders run events on stderr: one progress line, updated in place on a TTY, and a new line at
 * most every 5 s elsewhere; warnings on lines of their own; a summary block at the end.
 */
export class ProgressDisplay {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly #isTTY: boolean;
  readonly #now: () => number;
  #runId = '';
  /** What the progress line counts: model turns during a run, verdicts during a judging pass. */
  #unit: 'turns' | 'verdicts' = 'turns';
  #planned = 0;
  #done = 0;
  #doneAtStart = 0;
  #inFlight = 0;
  #errors = 0;
  /** Turns in this execution that reused an earlier run's stored reply (`--cache`). */
  #cached = 0;
  #unscored = 0;
  #verdicts = 0;
  #retries = new Map<string, number>();
  #started = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #lastCounts = '';
  #lineShown = false;
  /** Whether the offline judge alone labels the replies, which the closing summary repeats. */
  #judgedOffline = false;
  /** Models and error kinds already reported on their own line; later ones are only counted. */
  #reportedErrors = new Set<string>();

  constructor({
    stream,
    isTTY = Boolean(stream.isTTY),
    now = Date.now,
  }: {
    stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    isTTY?: boolean;
    now?: () => number;
  }) {
    this.#stream = stream;
    this.#isTTY = isTTY;
    this.#now = now;
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.#runId = event.runId;
        this.#planned = event.plannedTurns;
        this.#done = event.storedTurns;
        this.#doneAtStart = event.storedTurns;
        this.#started = this.#now();
        this.#printLine(
          `${event.resumed ? 'Resuming' : 'Starting'} run ${event.runId}: ${formatCount(event.plannedTurns, 'turn')}, ${formatCount(event.models.length, 'model')}, ${formatCount(event.judges.length, 'judge')}${event.storedTurns > 0 ? ` (${formatCount(event.storedTurns, 'turn')} already stored)` : ''}`,
        );
        this.#describeJudging(event);
        break;
      case 'judge-start':
        this.#runId = event.runId;
        this.#unit = 'verdicts';
        this.#planned = event.plannedVerdicts;
        this.#started = this.#now();
        this.#printLine(
          `Judging run ${event.runId} with ${event.judges.join(', ')}: ${formatCount(event.plannedVerdicts, 'verdict')} to ask for`,
        );
        this.#describeJudging(event);
        break;
      case 'call-start':
        this.#inFlight++;
        break;
      case 'call-end':
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        break;
      case 'turn-end':
        this.#done++;
        if (event.cached) this.#cached++;
        if (event.status === 'error') {
          this.#errors++;
          this.#reportError({ subject: 'turn', model: event.key.model, kind: event.statusKind, message: event.statusMessage });
        }
        break;
      case 'retry-scheduled':
        this.#retries.set(event.reason, (this.#retries.get(event.reason) ?? 0) + 1);
        break;
      case 'verdict-end':
        this.#verdicts++;
        if (this.#unit === 'verdicts') this.#done++;
        if (event.label === null) this.#unscored++;
        // A judge stopped by a rejected key has its own line already, and its verdicts carry no kind.
        if (event.unscoredReason === 'judge_error' && event.errorKind !== undefined) {
          this.#reportError({ subject: 'judge call', model: event.judge, kind: event.errorKind, message: event.detail });
        }
        break;
      case 'model-stop':
        this.#reportedErrors.add(`${event.model}\u0000auth`);
        this.#printLine(`Stopped ${event.model}, whose remaining turns are skipped: ${withoutModel(event.model, event.message)}`);
        break;
      case 'budget-reached':
        this.#printLine(`Budget reached: ${event.message}. No new call starts; the calls in flight finish and are stored.`);
        break;
      case 'warning':
        this.#printLine(`Warning: ${event.message}`);
        break;
      case 'run-end':
        this.#clearLine();
        return;
    }
    this.#draw();
  }

  /** Writes the closing summary of a judging pass. */
  finishJudging(summary: JudgeRunSummary): void {
    this.#clearLine();
    const state = summary.interrupted ? 'interrupted' : 'done';
    this.#stream.write(
      `Judging run ${summary.runId} ${state}: ${summary.labelled} of ${formatCount(summary.replies, 'reply', 'replies')} labelled by the panel of ${summary.judges.join(', ')}, ${summary.unscored} unscored, ${summary.failed} left by failed judge calls.\n`,
    );
  }

  /** Writes the closing summary of an execution. */
  finish(summary: RunSummary): void {
    this.#clearLine();
    const statuses = Object.entries(summary.turns.byStatus)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${status} ${count}`)
      .join(' · ');
    const lines = [
      `Run ${summary.runId} ${summary.status} after ${formatDuration(summary.durationMs)}`,
      `  turns     ${summary.turns.planned} planned · ${statuses || 'none stored'}${this.#cached > 0 ? ` · ${this.#cached} answered from the cache` : ''}`,
      `  verdicts  ${summary.verdicts.labelled} labelled · ${summary.verdicts.unscored} unscored · ${formatCount(summary.verdicts.failed, 'failed judge call')} · ${summary.verdicts.missing} missing`,
      `  retries   ${summary.retries}`,
      `  spent     ${formatSpend(summary.spend)}`,
    ];
    if (this.#judgedOffline) lines.push(`  judge     ${describeOfflineJudging(offlineAgreement)}`);
    if (summary.status !== 'complete') lines.push(nextStep(summary));
    this.#stream.write(`${lines.join('\n')}\n`);
  }

  /** Says when the offline judge labels the replies alone, or cross-checks the LLM judges. */
  #describeJudging({ judges, crossCheck }: { judges: readonly string[]; crossCheck?: boolean }): void {
    this.#judgedOffline = judges.length === 1 && judges[0] === offlineJudgeSpec;
    if (this.#judgedOffline) {
      const advice = 'For figures to publish, name an LLM judge with --judge SPEC.';
      this.#printLine(`${capitalise(describeOfflineJudging(offlineAgreement))}. ${advice}`);
    }
    if (crossCheck) {
      this.#printLine(
        'The offline judge also labels every reply, apart from the figures; replies it labels two tiers or more from the panel are flagged in complicity stats.',
      );
    }
  }

  /** The counters of the progress line, without the times that change on their own. */
  #counts(): string {
    const percent = this.#planned === 0 ? 100 : Math.floor((100 * this.#done) / this.#planned);
    const parts = [`run ${this.#runId}`, `${this.#done}/${this.#planned} ${this.#unit} (${percent}%)`];
    if (this.#unit === 'turns') parts.push(`${this.#inFlight} in flight`);
    const retryTotal = [...this.#retries.values()].reduce((sum, count) => sum + count, 0);
    if (retryTotal > 0)
      parts.push(`retries ${retryTotal} (${[...this.#retries].map(([reason, count]) => `${reason} ${count}`).join(', ')})`);
    if (this.#unit === 'turns') parts.push(`errors ${this.#errors}`, `judged ${this.#verdicts}`);
    if (this.#cached > 0) parts.push(`cached ${this.#cached}`);
    parts.push(`unscored ${this.#unscored}`);
    return parts.join(' · ');
  }

  /** Elapsed time and, once a turn has ended, the estimated time left. */
  #timing(now: number): string {
    const elapsed = now - this.#started;
    const doneNow = this.#done - this.#doneAtStart;
    const left = this.#planned - this.#done;
    const estimate = doneNow > 0 && left > 0 ? `, ~${formatDuration((elapsed / doneNow) * left)} left` : '';
    return `${formatDuration(elapsed)}${estimate}`;
  }

  /**
   * Prints the first failure of each kind per model or judge, so the reason is on screen, not
   * only in the store.
   */
  #reportError({
    subject,
    model,
    kind,
    message,
  }: {
    subject: 'turn' | 'judge call';
    model: string;
    kind: string | undefined;
    message: string | undefined;
  }): void {
    const key = `${model}\u0000${kind}`;
    if (this.#reportedErrors.has(key) || message === undefined) return;
    this.#reportedErrors.add(key);
    this.#printLine(`Failed ${subject} on ${model} (${kind ?? 'error'}; later ones are only counted): ${withoutModel(model, message)}`);
  }

  #draw(): void {
    // Warnings can arrive before the run starts; there is no progress to show yet.
    if (this.#runId === '') return;
    const now = this.#now();
    if (now - this.#lastDraw < (this.#isTTY ? ttyIntervalMs : plainIntervalMs)) return;
    const counts = this.#counts();
    // Off a TTY, a new line only when a counter moved: the elapsed time alone is no progress.
    if (!this.#isTTY && counts === this.#lastCounts) return;
    this.#lastDraw = now;
    this.#lastCounts = counts;
    const line = `${counts} · ${this.#timing(now)}`;
    if (this.#isTTY) {
      const width = this.#stream.columns ?? 120;
      this.#stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
      this.#lineShown = true;
    } else {
      this.#stream.write(`${line}\n`);
    }
  }

  #printLine(text: string): void {
    this.#clearLine();
    this.#stream.write(`${toOneLine(text)}\n`);
  }

  #clearLine(): void {
    if (this.#isTTY && this.#lineShown) {
      this.#stream.write('\r\x1b[2K');
      this.#lineShown = false;
      this.#lastDraw = Number.NEGATIVE_INFINITY;
    }
  }
}

/**
 * Tells how to go on with a run that did not complete: resume it, unless every failure came from
 * a replayed recording (`replay:` models, the `recorded` judge), where resuming would only ask the
 * same recording again.
 */
function nextStep(summary: RunSummary): string {
  if (summary.status === 'budget-reached') {
    const flag = summary.budgetReached === 'tokens' ? '--max-tokens' : '--max-cost';
    return `Continue it with a higher budget: complicity resume ${summary.runId} ${flag} N`;
  }
  const { models, judges } = summary.failures;
  const stored = Object.values(summary.turns.byStatus).reduce((sum, count) => sum + count, 0);
  const onlyRecordingFailed =
    summary.status === 'incomplete' &&
    models.length + judges.length > 0 &&
    models.every((model) => model.startsWith(replayPrefix)) &&
    judges.every((judge) => judge === recordedJudgeSpec) &&
    summary.verdicts.missing === 0 &&
    stored === summary.turns.planned;
  if (!onlyRecordingFailed) return `Continue it with: complicity resume ${summary.runId}`;

  const gaps = [
    ...(models.length > 0 ? [`no reply for the failed turns of ${models.join(', ')}`] : []),
    ...(judges.length > 0 ? ['no label for the replies the recorded judge failed on'] : []),
  ];
  return `The recording holds ${gaps.join(', and ')}, so resuming would fail them again; the run stays incomplete.`;
}

/** Describes a run's spend: its tokens, and its cost when every model and judge has a price. */
function formatSpend(spend: Spend): string {
  const tokens = formatCount(spend.tokens, 'token');
  if (spend.unpriced.length > 0) return `${tokens} · cost unknown: no price for ${spend.unpriced.join(', ')} (docs/budgets.md)`;
  return `${tokens} · an estimated ${formatDollars(spend.costUsd)} at the price table's rates`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Drops the `spec: ` prefix that provider messages start with, since the line names the model already. */
function withoutModel(model: string, message: string): string {
  return message.startsWith(`${model}: `) ? message.slice(model.length + 2) : message;
}
