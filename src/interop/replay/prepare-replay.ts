import { resolve } from 'node:path';
import { UsageError } from '../../error/index.js';
import type { DeclaredModel } from '../../provider/index.js';
import { loadRecording, type Recording } from './load-recording.js';
import { recordedJudgeModel, startReplayServer } from './start-replay-server.js';

/** The prefix of a model spec that replays a recorded result file. */
export const replayPrefix = 'replay:';
/** The judge spec that takes the recorded labels of replayed replies. */
export const recordedJudgeSpec = 'recorded';

/** Replay specs made callable: expanded specs, and declarations that point them at the loopback server. */
export interface PreparedReplay {
  /** The model specs, with each `replay:FILE` expanded to `replay:FILE#MODEL` for every recorded model. */
  models: string[];
  judges: string[];
  /** Declarations of the replay models and the recorded judge, to merge with the config file's. */
  declaredModels: Record<string, DeclaredModel>;
  close: () => Promise<void>;
}

/**
 * Prepares `replay:FILE` and `replay:FILE#MODEL_ID` models and the `recorded` judge: reads each
 * recording once and serves them all from one loopback server. Specs of other kinds pass
 * through unchanged; with no replay spec, nothing is started.
 */
export async function prepareReplay({
  models,
  judges,
  cwd = process.cwd(),
}: {
  models: readonly string[];
  judges: readonly string[];
  cwd?: string;
}): Promise<PreparedReplay> {
  const files = [...new Set(models.filter((spec) => spec.startsWith(replayPrefix)).map((spec) => fileOf(spec)))];
  if (files.length === 0) {
    if (judges.includes(recordedJudgeSpec)) {
      throw new UsageError({ message: '--judge recorded takes the labels recorded with replayed replies: add a --model replay:FILE.' });
    }
    return { models: [...models], judges: [...judges], declaredModels: {}, close: async () => {} };
  }

  const recordings = new Map<string, Recording>();
  for (const file of files) recordings.set(file, await loadRecording({ path: file, resolvedPath: resolve(cwd, file) }));
  const expanded = models.flatMap((spec) => (spec.startsWith(replayPrefix) ? expandSpec(spec, recordings.get(fileOf(spec))!) : [spec]));

  const server = await startReplayServer([...recordings.values()]);
  const declaredModels: Record<string, DeclaredModel> = {};
  for (const spec of expanded.filter((candidate) => candidate.startsWith(replayPrefix))) {
    const recording = recordings.get(fileOf(spec))!;
    declaredModels[spec] = {
      model: `${recording.key}#${spec.slice(spec.lastIndexOf('#') + 1)}`,
      baseURL: server.url,
      structuredOutputs: false,
    };
  }
  if (judges.includes(recordedJudgeSpec))
    declaredModels[recordedJudgeSpec] = { model: recordedJudgeModel, baseURL: server.url, structuredOutputs: false };
  return { models: expanded, judges: [...judges], declaredModels, close: server.close };
}

/** The file of a replay spec: everything after `replay:` up to a `#MODEL_ID`. */
function fileOf(spec: string): string {
  const rest = spec.slice(replayPrefix.length);
  const hash = rest.lastIndexOf('#');
  return hash < 0 ? rest : rest.slice(0, hash);
}

function expandSpec(spec: string, recording: Recording): string[] {
  const rest = spec.slice(replayPrefix.length);
  const hash = rest.lastIndexOf('#');
  if (hash < 0) return recording.models.map((model) => `${spec}#${model}`);
  const model = rest.slice(hash + 1);
  if (!recording.models.includes(model)) {
    throw new UsageError({ message: `${recording.path} records no model "${model}". Recorded models: ${recording.models.join(', ')}.` });
  }
  return [spec];
}
