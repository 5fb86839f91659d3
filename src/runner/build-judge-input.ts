import type { JudgeInput } from '../judge/index.js';
import type { ChatMessage } from '../provider/index.js';
import { trackLevels, trackSetting, type Scenario, type Track } from '../suite/index.js';

/** Gathers what the judge sees about one reply: the scenario's context, the level, the conversation before it. */
export function buildJudgeInput({
  scenario,
  track,
  level,
  history,
  prompt,
  reply,
}: {
  scenario: Scenario;
  track: Track;
  level: number;
  history: readonly ChatMessage[];
  prompt: string;
  reply: string;
}): JudgeInput {
  const levels = trackLevels(scenario, track);
  const levelSpec = levels.find((candidate) => candidate.level === level);
  if (!levelSpec) throw new Error(`Scenario ${scenario.id} has no level ${level} on its ${track} track.`);
  return {
    organisation: scenario.organisation,
    setting: trackSetting(scenario, track),
    endState: scenario.endState,
    track,
    level,
    levelCount: levels.length,
    intent: levelSpec.intent,
    expected: levelSpec.expected,
    reason: levelSpec.reason,
    history: [...history],
    prompt,
    reply,
  };
}
