import type { Writable } from 'node:stream';
import type { Store } from '../../store/index.js';
import type { RunStats } from '../run-stats.js';
import type { ExportTurn } from './export-turn.js';
import { inspectLogHeader } from './inspect-log-header.js';
import { inspectSample } from './inspect-sample.js';
import { readExportTurns, type ExportSource } from './read-export-turns.js';
import { writeText } from './write-text.js';

/**
 * Writes an Inspect AI evaluation log (its JSON form, log format version 2) per model of a run, each
 * to its own output, with a sample per stored turn. An Inspect log is of one model, so a run of
 * several models gives several logs, all written in one pass over the run. The header comes first,
 * as in logs Inspect writes, then each sample as it is read. Returns the samples written per model.
 */
export async function writeInspectLogs({
  store,
  source,
  stats,
  outputs,
}: {
  store: Store;
  source: ExportSource;
  stats: RunStats;
  /** The output of each model's log; turns of models not listed are left out. */
  outputs: ReadonlyMap<string, Writable>;
}): Promise<Map<string, number>> {
  for (const [model, output] of outputs) {
    const header = JSON.stringify(inspectLogHeader({ source, model, stats, samples: storedTurns(stats, model) }));
    await writeText(output, `${header.slice(0, -1)},"samples":[`);
  }

  const scenarioOf = new Map(source.scenarios.map((scenario) => [scenario.id, scenario]));
  const written = new Map([...outputs.keys()].map((model) => [model, 0]));
  let conversation: ExportTurn[] = [];
  for (const turn of readExportTurns(store, source)) {
    const output = outputs.get(turn.model);
    if (!output) continue;
    if (!sameConversation(conversation[0], turn)) conversation = [];
    const earlier = turn.conversation.earlierLevels.length > 0 ? conversation.filter((previous) => previous.level < turn.level) : [];
    const sample = inspectSample({ turn, earlier, scenario: scenarioOf.get(turn.scenarioId) });
    const count = written.get(turn.model)!;
    await writeText(output, `${count === 0 ? '' : ','}\n${JSON.stringify(sample)}`);
    conversation.push(turn);
    written.set(turn.model, count + 1);
  }
  for (const output of outputs.values()) await writeText(output, '\n],"reductions":null}\n');
  return written;
}

/** Counts the model's stored turns, one sample each: those planned, less those the run has not reached. */
function storedTurns(stats: RunStats, model: string): number {
  const counts = stats.models.find((entry) => entry.model === model);
  if (!counts) return 0;
  return [counts.dystopian, counts.benign].reduce((sum, track) => sum + track.planned - (track.byStatus.pending ?? 0), 0);
}

/** Turns arrive ordered by model, scenario, track, replicate and level, so a conversation's turns are adjacent. */
function sameConversation(first: ExportTurn | undefined, turn: ExportTurn): boolean {
  return (
    first !== undefined &&
    first.model === turn.model &&
    first.scenarioId === turn.scenarioId &&
    first.track === turn.track &&
    first.replicate === turn.replicate
  );
}
