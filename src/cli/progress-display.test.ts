import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import type { TurnStatus } from '../outcome/index.js';
import type { RunEvent, RunSummary } from '../runner/index.js';
import { offlineAgreement } from '../judge/index.js';
import { describeOfflineJudging } from './describe-offline-judging.js';
import { ProgressDisplay } from './progress-display.js';

/** A stream that keeps every write, as a terminal or a CI log would receive it. */
class CapturedStream extends Writable {
  readonly chunks: string[] = [];
  columns?: number;

  constructor({ columns }: { columns?: number } = {}) {
    super({
      write: (chunk, _encoding, callback) => {
        this.chunks.push(String(chunk));
        callback();
      },
    });
    this.columns = columns;
  }

  get text(): string {
    return this.chunks.join('');
  }

  /** Lines written off a TTY, without the final newline. */
  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }
}

/** Creates a display whose clock the test moves by hand. */
function display({ isTTY = false, columns }: { isTTY?: boolean; columns?: number } = {}) {
  const stream = new CapturedStream({ columns });
  let now = 0;
  const progress = new ProgressDisplay({ stream, isTTY, now: () => now });
  const at = (milliseconds: number, ...events: RunEvent[]) => {
    now = milliseconds;
    for (const event of events) progress.handle(event);
  };
  return { stream, progress, at };
}

const key = { model: 'openai:a', scenarioId: 'alpha', track: 'dystopian', level: 1, replicate: 1 } as const;

function runStart(overrides: Partial<Extract<RunEvent, { type: 'run-start' }>> = {}): RunEvent {
  return {
    type: 'run-start',
    runId: 'r1',
    resumed: false,
    models: ['openai:a'],
    judges: ['openai:judge'],
    plannedTurns: 10,
    storedTurns: 0,
    ...overrides,
  };
}

/** A model call taking its slot: what the "in flight" count counts. */
const turnStart: RunEvent = { type: 'call-start', runId: 'r1', model: 'openai:a' };

/** A turn's end; one that made a call frees its slot first. */
function turnEnd(status: TurnStatus = 'ok', attempts = 1): RunEvent[] {
  const end: RunEvent = { type: 'turn-end', runId: 'r1', key, status, attempts };
  return attempts > 0 ? [{ type: 'call-end', runId: 'r1', model: 'openai:a' }, end] : [end];
}

function retry(reason: string): RunEvent {
  return { type: 'retry-scheduled', runId: 'r1', caller: 'model', model: 'openai:a', key, attempt: 1, delayMs: 1000, reason };
}

function verdictEnd(labelled: boolean): RunEvent {
  return {
    type: 'verdict-end',
    runId: 'r1',
    key,
    judge: 'openai:judge',
    label: labelled ? 'refusal' : null,
    unscoredReason: labelled ? null : 'parse_failure',
  };
}

const warning = (message: string): RunEvent => ({ type: 'warning', message });

function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 'r1',
    status: 'complete',
    turns: { planned: 10, byStatus: { ok: 8, blocked: 1, empty: 0, truncated: 0, error: 0, skipped: 1 } },
    verdicts: { expected: 8, labelled: 7, unscored: 1, failed: 0, missing: 0 },
    failures: { models: [], judges: [] },
    retries: 2,
    spend: { tokens: 12_400, costUsd: 0.0321, unpriced: [] },
    durationMs: 372_000,
    ...overrides,
  };
}

const progressLines = (lines: string[]) => lines.filter((line) => line.startsWith('run r1 · '));

describe('ProgressDisplay off a TTY', () => {
  it('shows nothing before the run starts', () => {
    const { stream, at } = display();

    at(0, warning('a judge shares a family with a model'));

    expect(stream.lines).toEqual(['Warning: a judge shares a family with a model']);
  });

  it('prints the first failure of each kind once', () => {
    const { stream, at } = display();
    const failure = (message: string): RunEvent => ({
      type: 'turn-end',
      runId: 'r1',
      key,
      status: 'error',
      statusKind: 'server',
      statusMessage: message,
      attempts: 1,
    });

    at(0, runStart(), failure('openai:a: HTTP 500: internal error'), failure('openai:a: HTTP 500: internal error again'));

    const reported = stream.lines.filter((line) => line.startsWith('Failed turn'));
    expect(reported).toEqual(['Failed turn on openai:a (server; later ones are only counted): HTTP 500: internal error']);
  });

  it('prints the first failed judge call of each kind', () => {
    const { stream, at } = display();
    const failure = (message: string): RunEvent => ({
      type: 'verdict-end',
      runId: 'r1',
      key,
      judge: 'openai:judge',
      label: null,
      unscoredReason: 'judge_error',
      errorKind: 'server',
      detail: message,
    });

    at(0, runStart(), failure('openai:judge: HTTP 500: internal error'), failure('openai:judge: HTTP 500: internal error again'));

    const reported = stream.lines.filter((line) => line.startsWith('Failed judge call'));
    expect(reported).toEqual(['Failed judge call on openai:judge (server; later ones are only counted): HTTP 500: internal error']);
  });

  it('leaves verdicts of a stopped judge to its stop line', () => {
    const { stream, at } = display();

    at(0, runStart(), {
      type: 'verdict-end',
      runId: 'r1',
      key,
      judge: 'openai:judge',
      label: null,
      unscoredReason: 'judge_error',
      detail: 'not asked: openai:judge: HTTP 401',
    });

    expect(stream.lines.filter((line) => line.startsWith('Failed'))).toEqual([]);
  });

  it('announces the run', () => {
    const { stream, at } = display();

    at(0, runStart());

    expect(stream.lines[0]).toBe('Starting run r1: 10 turns, 1 model, 1 judge');
  });

  it('announces a resumed run', () => {
    const { stream, at } = display();

    at(0, runStart({ resumed: true, models: ['openai:a', 'openai:b'], judges: ['j1', 'j2', 'j3'], storedTurns: 4 }));

    expect(stream.lines[0]).toBe('Resuming run r1: 10 turns, 2 models, 3 judges (4 turns already stored)');
    expect(stream.lines[1]).toContain('4/10 turns (40%)');
  });

  it('prints progress at most every 5 s', () => {
    const { stream, at } = display();

    at(0, runStart());
    at(1000, turnStart);
    at(4999, ...turnEnd());

    expect(progressLines(stream.lines)).toHaveLength(1);

    at(5000, turnStart);

    expect(progressLines(stream.lines)).toHaveLength(2);
    expect(progressLines(stream.lines)[1]).toContain('1/10 turns (10%)');
  });

  it('prints progress only on change', () => {
    const { stream, at } = display();

    at(0, runStart());
    at(6000, warning('a judge shares a family with a model'));

    expect(stream.lines.slice(1)).toEqual([progressLines(stream.lines)[0], 'Warning: a judge shares a family with a model']);

    at(7000, turnStart);

    expect(progressLines(stream.lines)).toHaveLength(2);
  });

  it('writes whole lines only', () => {
    const { stream, at } = display();

    at(0, runStart(), turnStart);
    at(6000, ...turnEnd(), warning('slow judge'));

    expect(stream.text).not.toContain('\r');
    expect(stream.text).not.toContain('\x1b');
    expect(stream.chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
  });

  it('shows every counter', () => {
    const { stream, at } = display();

    at(0, runStart(), turnStart, turnStart, turnStart, turnStart, ...turnEnd(), ...turnEnd(), ...turnEnd('error'));
    at(0, retry('rate_limit'), retry('rate_limit'), retry('empty'), verdictEnd(true), verdictEnd(false));
    at(60_000, turnStart);

    expect(progressLines(stream.lines).at(-1)).toBe(
      'run r1 · 3/10 turns (30%) · 2 in flight · retries 3 (rate_limit 2, empty 1) · errors 1 · judged 2 · unscored 1 · 1m00s, ~2m20s left',
    );
  });

  it('counts skipped levels as done', () => {
    const { stream, at } = display();

    at(0, runStart(), turnStart, ...turnEnd('blocked'), ...turnEnd('skipped', 0), ...turnEnd('skipped', 0));
    at(5000, turnStart);

    expect(progressLines(stream.lines).at(-1)).toContain('3/10 turns (30%) · 1 in flight');
  });

  it('omits the estimate at first', () => {
    const { stream, at } = display();

    at(0, runStart());
    at(5000, turnStart);

    expect(progressLines(stream.lines).at(-1)).toMatch(/ · 5s$/);
  });

  it('prints a stopped model', () => {
    const { stream, at } = display();

    at(0, runStart(), { type: 'model-stop', runId: 'r1', model: 'openai:a', reason: 'key-rejected', message: 'openai:a: HTTP 401' });

    expect(stream.lines).toContain('Stopped openai:a, whose remaining turns are skipped: HTTP 401');
  });
});

describe('ProgressDisplay on a TTY', () => {
  it('rewrites one line', () => {
    const { stream, at } = display({ isTTY: true });

    at(0, runStart());
    at(200, turnStart);
    const [callEnd, end] = turnEnd();
    at(300, callEnd!);
    at(400, end!);

    expect(stream.chunks[0]).toBe('Starting run r1: 10 turns, 1 model, 1 judge\n');
    const redraws = stream.chunks.slice(1);
    expect(redraws).toHaveLength(4);
    for (const chunk of redraws) {
      expect(chunk.startsWith('\r\x1b[2Krun r1 · ')).toBe(true);
      expect(chunk).not.toContain('\n');
    }
    expect(redraws[3]).toContain('1/10 turns (10%)');
  });

  it('redraws at most every 100 ms', () => {
    const { stream, at } = display({ isTTY: true });

    at(0, runStart());
    at(50, turnStart);
    at(99, ...turnEnd());

    expect(stream.chunks).toHaveLength(2);

    at(100, turnStart);

    expect(stream.chunks).toHaveLength(3);
  });

  it('cuts the line to the terminal width', () => {
    const { stream, at } = display({ isTTY: true, columns: 30 });

    at(0, runStart());

    expect(stream.chunks[1]).toBe(`\r\x1b[2K${'run r1 · 0/10 turns (0%) · 0 in flight'.slice(0, 29)}`);
  });

  it('prints a warning on its own line', () => {
    const { stream, at } = display({ isTTY: true });

    at(0, runStart());
    at(10, warning('no judge given'));

    expect(stream.chunks.slice(2, 4)).toEqual(['\r\x1b[2K', 'Warning: no judge given\n']);
    expect(stream.chunks[4]?.startsWith('\r\x1b[2Krun r1 · ')).toBe(true);
    expect(stream.chunks).toHaveLength(5);
  });

  it('clears the line at the end', () => {
    const { stream, at } = display({ isTTY: true });

    at(0, runStart());
    at(500, { type: 'run-end', summary: summary() });

    expect(stream.chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('ProgressDisplay judging', () => {
  it('says a run is judged offline', () => {
    const { stream, progress, at } = display();

    at(0, runStart({ judges: ['offline'] }));
    progress.finish(summary());

    const stated = describeOfflineJudging(offlineAgreement);
    expect(stream.lines[1]).toBe(`J${stated.slice(1)}. For figures to publish, name an LLM judge with --judge SPEC.`);
    expect(stream.lines.at(-1)).toBe(`  judge     ${stated}`);
  });

  it('says the offline judge cross-checks', () => {
    const { stream, at } = display();

    at(0, runStart({ crossCheck: true }));

    expect(stream.lines[1]).toMatch(/^The offline judge also labels every reply, apart from the figures;/);
  });

  it('says nothing more for an LLM judge alone', () => {
    const { stream, progress, at } = display();

    at(0, runStart({ crossCheck: false }));
    progress.finish(summary());

    expect(stream.text).not.toMatch(/offline/);
  });
});

describe('ProgressDisplay.finish', () => {
  it('summarises a complete run', () => {
    const { stream, progress } = display();

    progress.finish(summary());

    expect(stream.lines).toEqual([
      'Run r1 complete after 6m12s',
      '  turns     10 planned · ok 8 · blocked 1 · skipped 1',
      '  verdicts  7 labelled · 1 unscored · 0 failed judge calls · 0 missing',
      '  retries   2',
      "  spent     12400 tokens · an estimated $0.0321 at the price table's rates",
    ]);
  });

  it.each(['incomplete', 'interrupted'] as const)('tells how to continue an %s run', (status) => {
    const { stream, progress } = display();

    progress.finish(summary({ status }));

    expect(stream.lines[0]).toBe(`Run r1 ${status} after 6m12s`);
    expect(stream.lines.at(-1)).toBe('Continue it with: complicity resume r1');
  });

  it('tells how to continue after a failed live call', () => {
    const { stream, progress } = display();

    progress.finish(summary({ status: 'incomplete', failures: { models: ['replay:run.json#m', 'openai:a'], judges: [] } }));

    expect(stream.lines.at(-1)).toBe('Continue it with: complicity resume r1');
  });

  it('blames the recording when only replays failed', () => {
    const { stream, progress } = display();

    progress.finish(summary({ status: 'incomplete', failures: { models: ['replay:run.json#m'], judges: ['recorded'] } }));

    expect(stream.lines.at(-1)).toBe(
      'The recording holds no reply for the failed turns of replay:run.json#m, and no label for the replies the recorded judge failed on, so resuming would fail them again; the run stays incomplete.',
    );
    expect(stream.text).not.toContain('complicity resume');
  });

  it('says when nothing is stored', () => {
    const { stream, progress } = display();

    progress.finish(
      summary({
        status: 'interrupted',
        turns: { planned: 10, byStatus: { ok: 0, blocked: 0, empty: 0, truncated: 0, error: 0, skipped: 0 } },
      }),
    );

    expect(stream.lines[1]).toBe('  turns     10 planned · none stored');
  });

  it('clears the progress line first', () => {
    const { stream, progress, at } = display({ isTTY: true });

    at(0, runStart());
    progress.finish(summary());

    expect(stream.chunks.slice(2, 4)).toEqual(['\r\x1b[2K', expect.stringMatching(/^Run r1 complete after 6m12s\n/)]);
  });
});
