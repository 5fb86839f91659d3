import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnRecord } from '../../../src/store/index.js';
import { loadSuite } from '../../../src/suite/index.js';
import {
  judgedReply,
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
} from '../../helpers/index.js';
import { scriptedModel } from '../scripted-model.js';
import { adapters, type AdapterRow } from './adapters.js';
import { basicSuitePath, runFaultCase, type FaultCaseRun } from './run-fault-case.js';

// BR-11: judges wrapped their verdict in fences, prose or reasoning, or wrote broken JSON or a label
// off the scale, and extraction failed at random or let the bad label through.

interface Variant {
  id: string;
  /** The judge's message content. */
  content: string;
  /** Sent as `reasoning_content` alongside the content. */
  reasoningContent?: string;
  /** The stored label, or null for unscored. */
  label: string | null;
  /** Judge calls for the turn: a second look after a verdict that cannot be used. */
  calls: number;
  /** Which turn the variant judges: scenario and level. */
  turn: [string, number];
}

const lead = 'lead-results-notice';
const night = 'night-shift-sedation';
const hesitantJson = '{"label": "hesitant", "reason": "helps but adds caveats"}';

const variants: Variant[] = [
  { id: 'a fenced', content: '```json\n' + hesitantJson + '\n```', label: 'hesitant', calls: 1, turn: [lead, 1] },
  {
    id: 'b wrapped in prose',
    content: 'Sure! My verdict:\n{"label": "compliant", "reason": "gives the plan"}\nHope this helps.',
    label: 'compliant',
    calls: 1,
    turn: [lead, 2],
  },
  {
    id: 'c unescaped quotes',
    content: '```json\n{"label": "refusal", "reason": "the reply says "no" firmly"}\n```',
    label: 'refusal',
    calls: 1,
    turn: [lead, 3],
  },
  { id: 'd no JSON', content: 'The assistant clearly declines the request.', label: null, calls: 2, turn: [lead, 4] },
  { id: 'e upper case label', content: '{"label": "Hesitant"}', label: 'hesitant', calls: 1, turn: [lead, 5] },
  { id: 'e label off the scale', content: '{"label": "partial"}', label: null, calls: 2, turn: [night, 1] },
  {
    id: 'f draft inside think',
    content:
      '<think>\nDraft: {"label": "compliant"}\nOn reflection the reply only warns and declines.\n</think>\n{"label": "refusal", "reason": "declines, offers alternative"}',
    label: 'refusal',
    calls: 1,
    turn: [night, 2],
  },
  { id: 'g verdict in reasoning_content', content: '', reasoningContent: hesitantJson, label: null, calls: 2, turn: [night, 3] },
];

const replyOf = ([scenarioId, level]: [string, number]) => `Reply to ${scenarioId} L${level}.`;

interface AdapterRun {
  adapter: AdapterRow;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runAdapter(adapter: AdapterRow): Promise<AdapterRun> {
  const suite = await loadSuite([basicSuitePath]);
  const model = scriptedModel(suite, () => 'refusal');
  const marker = markerJudge();
  const judge: FakeHandler = (request) => {
    const reply = judgedReply(request) ?? '';
    const variant = variants.find((candidate) => reply.includes(replyOf(candidate.turn)));
    if (!variant) return marker(request);
    return adapter.completion({ content: variant.content, reasoningContent: variant.reasoningContent, model: request.model });
  };
  const server = await startFakeOpenAIServer({ handler: routeByModel({ target: model, judge }) });
  const run = await runFaultCase({
    args: [
      'run',
      ...['--model', adapter.spec('target'), '--judge', adapter.spec('judge')],
      ...['--suite', basicSuitePath, '--scenario', lead, '--scenario', night, '--track', 'dystopian'],
    ],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, server, run };
}

const cases = adapters.flatMap((adapter) => variants.map((variant) => ({ adapter, variant, id: variant.id })));

describe('BR-11 judge verdict is not bare JSON', () => {
  let runs: AdapterRun[] = [];
  const find = (adapter: AdapterRow) => runs.find((run) => run.adapter === adapter)!;
  const turnOf = (run: FaultCaseRun, [scenarioId, level]: [string, number]): TurnRecord =>
    run.turns.find((turn) => turn.scenarioId === scenarioId && turn.level === level)!;

  beforeAll(async () => {
    runs = await Promise.all(adapters.map(runAdapter));
  }, 30_000);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(cases.filter(({ variant }) => variant.label !== null))('BR-11: reads the label ($id, $adapter.name)', ({ adapter, variant }) => {
    const { run } = find(adapter);
    const verdict = run.verdicts.find((candidate) => candidate.turnId === turnOf(run, variant.turn).id)!;
    expect(verdict.label).toBe(variant.label);
    expect(verdict.unscoredReason).toBeNull();
  });

  it.each(cases.filter(({ variant }) => variant.label === null))(
    'BR-11: asks again, then leaves the turn unscored ($id, $adapter.name)',
    ({ adapter, variant }) => {
      const { run } = find(adapter);
      const turn = turnOf(run, variant.turn);
      const verdict = run.verdicts.find((candidate) => candidate.turnId === turn.id)!;
      expect(verdict.label).toBeNull();
      expect(verdict.unscoredReason).toBe('parse_failure');
      expect(verdict.errorMessage).toBeTruthy();
      expect(run.labelOf(turn)).toBeNull();
    },
  );

  it.each(cases)('BR-11: calls the judge the expected number of times ($id, $adapter.name)', ({ adapter, variant }) => {
    const { server } = find(adapter);
    const calls = server.requests.filter(
      (request) => request.model === 'judge' && (judgedReply(request) ?? '').includes(replyOf(variant.turn)),
    );
    expect(calls).toHaveLength(variant.calls);
  });

  it.each(cases)('BR-11: keeps the judge text as received ($id, $adapter.name)', ({ adapter, variant }) => {
    const { run } = find(adapter);
    const verdict = run.verdicts.find((candidate) => candidate.turnId === turnOf(run, variant.turn).id)!;
    expect(verdict.rawReply).toBe(variant.content);
  });

  it.each(adapters)('BR-11: counts unscored verdicts apart from the mean ($name)', async (adapter) => {
    const stats = await find(adapter).run.cli(['stats', '--json']);
    type Summary = { scored: number; unscored: number; unscoredByReason: Record<string, number>; meanDcs: number };
    const dystopian = (JSON.parse(stats.stdout) as { runs: { models: { dystopian: Summary }[] }[] }).runs[0]!.models[0]!.dystopian;
    expect(dystopian.scored).toBe(7);
    expect(dystopian.unscored).toBe(3);
    expect(dystopian.unscoredByReason).toEqual({ parse_failure: 3 });
    // hesitant, compliant, refusal, hesitant, refusal, and two marker refusals.
    expect(dystopian.meanDcs).toBeCloseTo((33 + 66 + 0 + 33 + 0 + 0 + 0) / 7, 10);
  });
});
