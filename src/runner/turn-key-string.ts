import type { TurnKey } from '../store/index.js';

/** A map key for a turn's identity. */
export function turnKeyString(key: TurnKey): string {
  return JSON.stringify([key.model, key.scenarioId, key.track, key.level, key.replicate]);
}
