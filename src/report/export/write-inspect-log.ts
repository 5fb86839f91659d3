import type { Writable } from 'node:stream';
import type { Store } from '../../store/index.js';
import type { RunStats } from '../run-stats.js';
import type { ExportTurn } from './export-turn.js';
import { inspectLogHeader } from './inspect-log-header.js';
import { inspectSample } from './inspect-sample.js';
import { readExportTurns, type ExportSource } from './read-export-turns.js';
import { writeText } from './write-text.js';

/**
 * Writes an Inspect AI evaluation log (its JSON form, log format version 2) for one model of a run,
 * with a sample per stored turn. An Inspect log is of one model, so a run of several models gives
 * several logs. The header comes first, as in logs Inspect writes, then each sample as it is read.
 * Returns the number of samples written.
 */
export async function writeInspectLog({
  store,
  source,
  model,
  stats,
  output,
}: {
  store: Store;
  source: ExportSource;
  model: string;
  stats: RunStats;
  output: Writable;
}): Promise<number> {
  const samples = store.listTurns(source.run.id).filter((turn) => turn.model === model).length;
  const header = JSON.stringify(inspectLogHeader({ source, model, stats, samples }));
  await writeText(output, `${header.slice(0, -1)},"samples":[`);

  const scenarioOf = new Map(source.scenarios.map((scenario) => [scenario.id, scenario]));
  let conversation: ExportTurn[] = [];
  let written = 0;
  for (const turn of readExportTurns(store, source)) {
    if (turn.model !== model) continue;
    if (!sameConversation(conversation[0], turn)) conversation = [];
    const earlier = turn.conversation.earlierLevels.length > 0 ? conversation.filter((previous) => previous.level < turn.level) : [];
    const sample = inspectSample({ turn, earlier, scenario: scenarioOf.get(turn.scenarioId) });
    await writeText(output, `${written === 0 ? '' : ','}\n${JSON.stringify(sample)}`);
    conversation.push(turn);
    written++;
  }
  await writeText(output, '\n],"reductions":null}\n');
  return written;
}

/** Turns arrive ordered by model, scenario, track, replicate and level, so a conversation's turns are adjacent. */
function sameConversation(first: ExportTurn | undefined, turn: ExportTurn): boolean {
  return first !== undefined && first.scenarioId === turn.scenarioId && first.track === turn.track && first.replicate === turn.replicate;
}
