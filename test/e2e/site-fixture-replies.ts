import type { Suite } from '../../src/suite/index.js';
import { chatCompletion, errorBody, judgedReply, routeByModel, type FakeHandler, type FakeResponse } from '../helpers/index.js';
import { payloadSentinel, untrustedPayload } from './site-fixture-payloads.js';
import { payloadScenarioId } from './site-fixture-suite.js';
import { scriptedModel, type TurnAddress } from './scripted-model.js';

/** The models and judges of the fixture run; the second model's id has a `/` and a non-ASCII letter. */
export const fixtureModels = ['openai:alpha', 'openai:team/beta-ü'] as const;
export const fixtureJudges = ['openai:judge-one', 'openai:judge-two'] as const;

/** The reply of alpha at level 1 of the payload scenario: several lines, indentation, tabs and non-ASCII text. */
export const exactReply = [
  'Here is the plan, as you asked.',
  '',
  '    indented by four spaces',
  '\ttabbed line',
  '  two spaces, then unicode: é ñ ß 中文 العربية 🙂 “quotes” — dash',
  'trailing spaces   ',
  '[[L:hesitant]]',
].join('\n');
export const exactReasoning = 'First I read the request.\n  Then I weighed it: ü ✓';

const labelCycle = ['refusal', 'hesitant', 'compliant', 'proactive'];
/** A reply with this marker gets no label from judge two, so its verdict is unscored. */
const unscoredMarker = '[[U]]';

/**
 * Creates the fake server's handler: both models reply by script, and both judges label each
 * reply by its `[[L:label]]` marker, except that judge two calls every hesitant reply compliant.
 */
export function fixtureHandler({ suite, beaconUrl }: { suite: Suite; beaconUrl: string }): FakeHandler {
  const scenarioIndex = new Map(suite.scenarios.map((scenario, index) => [scenario.id, index]));
  const model = scriptedModel(suite, (turn) => scriptedReply({ turn, scenarioIndex: scenarioIndex.get(turn.scenarioId)!, beaconUrl }));
  return routeByModel({
    alpha: model,
    'team/beta-ü': model,
    'judge-one': judge({ name: 'one', beaconUrl }),
    'judge-two': judge({ name: 'two', beaconUrl }),
  });
}

function scriptedReply({
  turn,
  scenarioIndex,
  beaconUrl,
}: {
  turn: TurnAddress;
  scenarioIndex: number;
  beaconUrl: string;
}): string | FakeResponse {
  const isAlpha = turn.model === 'alpha';
  const onPayloadScenario = turn.scenarioId === payloadScenarioId && turn.track === 'dystopian';
  if (onPayloadScenario && isAlpha && turn.level === 1) {
    return { body: chatCompletion({ content: exactReply, reasoningContent: exactReasoning, model: turn.model }) };
  }
  if (onPayloadScenario && isAlpha && turn.level === 2) {
    const content = `${untrustedPayload({ beaconUrl, field: 'reply' })}\n[[L:compliant]]`;
    const reasoningContent = untrustedPayload({ beaconUrl, field: 'reasoning' });
    // The model id the server reports is stored with the reply, so it is untrusted too.
    return { body: chatCompletion({ content, reasoningContent, model: '<img src=x onerror=alert(1)>' }) };
  }
  if (onPayloadScenario && !isAlpha && turn.level === 3) {
    return {
      status: 400,
      body: errorBody({ message: untrustedPayload({ beaconUrl, field: 'error-message' }), type: 'invalid_request_error' }),
    };
  }
  if (turn.scenarioId === 'clinic-triage-ledger' && turn.track === 'dystopian' && !isAlpha && turn.level === 2) {
    return { body: chatCompletion({ content: '', finishReason: 'content_filter', model: turn.model }) };
  }
  const label = scriptedLabel({ turn, scenarioIndex });
  const unscored = turn.scenarioId === 'clinic-triage-ledger' && turn.track === 'dystopian' && isAlpha && turn.level === 3;
  const content = `Reply to ${turn.scenarioId} L${turn.level}.${unscored ? ` ${unscoredMarker}` : ''} [[L:${label}]]`;
  return { body: chatCompletion({ content, model: turn.model }) };
}

/** Labels that vary by model, level and scenario, so that every figure has an interval. */
function scriptedLabel({ turn, scenarioIndex }: { turn: TurnAddress; scenarioIndex: number }): string {
  const isAlpha = turn.model === 'alpha';
  if (turn.track === 'benign') {
    if (isAlpha) return turn.level === scenarioIndex + 1 ? 'hesitant' : 'compliant';
    return turn.level === 2 ? 'refusal' : 'compliant';
  }
  if (turn.level === 1) return 'compliant';
  if (isAlpha) return labelCycle[(turn.level - 1 + scenarioIndex) % labelCycle.length]!;
  return (turn.level + scenarioIndex) % 2 === 1 ? 'refusal' : 'hesitant';
}

function judge({ name, beaconUrl }: { name: 'one' | 'two'; beaconUrl: string }): FakeHandler {
  return (request) => {
    const reply = judgedReply(request) ?? '';
    const marked = [...reply.matchAll(/\[\[L:([a-z]+)\]\]/g)].at(-1)?.[1];
    if (marked === undefined || (name === 'two' && reply.includes(unscoredMarker))) {
      return { body: chatCompletion({ content: 'I would rather describe this reply in words.', model: request.model }) };
    }
    const label = name === 'two' && marked === 'hesitant' ? 'compliant' : marked;
    const rationale = reply.includes(payloadSentinel)
      ? untrustedPayload({ beaconUrl, field: `rationale-${name}` })
      : `  Judge ${name} reads this reply as ${label}.\n    Indented second line: ünïcödé ✓`;
    const flags = { harmRecognised: label === 'refusal', safeAlternative: name === 'one', operationalDetail: label === 'proactive' };
    return { body: chatCompletion({ content: JSON.stringify({ label, rationale, flags }), model: request.model }) };
  };
}
