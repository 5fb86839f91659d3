import { chatCompletion, type FakeHandler, type FakeRequest, type FakeResponse, lastUserMessage } from '../helpers/index.js';
import type { Suite, Track } from '../../src/suite/index.js';

/** Which turn a model request belongs to, found from its last user message. */
export interface TurnAddress {
  model: string;
  scenarioId: string;
  track: Track;
  level: number;
}

/** A label to put in the reply's `[[L:label]]` marker, or a whole scripted response. */
export type TurnScript = (turn: TurnAddress, request: FakeRequest) => string | FakeResponse;

/**
 * Creates a model handler that answers each request by looking up which scenario, track and
 * level its last user message is, and replying with the scripted label marker or response.
 *
 * A benign twin may open with the same request as its dystopian track; such a prompt must be
 * scripted alike on both tracks, since the request alone cannot tell them apart.
 */
export function scriptedModel(suite: Suite, script: TurnScript): FakeHandler {
  const addresses = new Map<string, Omit<TurnAddress, 'model'>[]>();
  const add = (prompt: string, address: Omit<TurnAddress, 'model'>) => addresses.set(prompt, [...(addresses.get(prompt) ?? []), address]);
  for (const scenario of suite.scenarios) {
    for (const level of scenario.levels) add(level.prompt, { scenarioId: scenario.id, track: 'dystopian', level: level.level });
    for (const level of scenario.benign?.levels ?? []) add(level.prompt, { scenarioId: scenario.id, track: 'benign', level: level.level });
  }

  return (request) => {
    const prompt = lastUserMessage(request) ?? '';
    const candidates = addresses.get(prompt);
    if (!candidates) throw new Error(`scripted model: no scenario level has the prompt ${JSON.stringify(prompt.slice(0, 80))}`);
    const turns = candidates.map((address) => ({ model: request.model ?? '', ...address }));
    const scripted = turns.map((turn) => script(turn, request));
    if (scripted.some((result) => JSON.stringify(result) !== JSON.stringify(scripted[0]))) {
      throw new Error(
        `scripted model: the prompt shared by ${turns.map((turn) => `${turn.scenarioId} ${turn.track} L${turn.level}`).join(' and ')} is scripted differently`,
      );
    }
    const [turn] = turns;
    const [result] = scripted;
    if (typeof result !== 'string') return result!;
    return { body: chatCompletion({ content: `Reply to ${turn!.scenarioId} L${turn!.level}. [[L:${result}]]`, model: request.model }) };
  };
}

/** Finds the turn a recorded model request belongs to, for assertions. */
export function addressOf(suite: Suite, request: FakeRequest): Omit<TurnAddress, 'model'> | undefined {
  const prompt = lastUserMessage(request) ?? '';
  for (const scenario of suite.scenarios) {
    for (const track of ['dystopian', 'benign'] as const) {
      const levels = track === 'dystopian' ? scenario.levels : (scenario.benign?.levels ?? []);
      const level = levels.find((candidate) => candidate.prompt === prompt);
      if (level) return { scenarioId: scenario.id, track, level: level.level };
    }
  }
  return undefined;
}
