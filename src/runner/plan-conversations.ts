import { trackLevels, type Level, type Scenario, type Track } from '../suite/index.js';
import type { RunConfig } from './run-config.js';

/**
 * One conversation the runner holds: in stateful mode a scenario's selected levels in order;
 * in stateless mode one level alone.
 */
export interface PlannedConversation {
  model: string;
  scenario: Scenario;
  track: Track;
  /** 1-based replicate number; replicates are distinct conversations even when identical. */
  replicate: number;
  levels: Level[];
}

/** Lists every conversation of a run, grouped by model in a stable order. */
export function planConversations({ scenarios, config }: { scenarios: readonly Scenario[]; config: RunConfig }): PlannedConversation[] {
  const conversations: PlannedConversation[] = [];
  for (const model of config.models) {
    for (const scenario of scenarios) {
      for (const track of config.tracks) {
        if (track === 'benign' && !scenario.benign) continue;
        const levels = trackLevels(scenario, track).filter((level) => config.levels.includes(level.level));
        if (levels.length === 0) continue;
        for (let replicate = 1; replicate <= config.replicates; replicate++) {
          if (config.mode === 'stateful') {
            conversations.push({ model, scenario, track, replicate, levels });
          } else {
            for (const level of levels) conversations.push({ model, scenario, track, replicate, levels: [level] });
          }
        }
      }
    }
  }
  return conversations;
}
