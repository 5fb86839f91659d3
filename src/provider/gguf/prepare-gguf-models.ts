import { ensureGgufFile } from './ensure-gguf-file.js';
import type { GgufModelEvent } from './gguf-model-event.js';
import { loadGgufModel } from './load-gguf-model.js';
import { parseGgufTarget } from './parse-gguf-target.js';

const ggufPrefix = 'gguf:';

/**
 * Fetches and loads every embedded model among the specs before a run starts, so a missing
 * file, a failed download or a file llama.cpp cannot load stops the command with one message
 * instead of failing each turn. Specs of other kinds, and names declared in the config file,
 * are skipped. The first call of each model then finds it in memory.
 */
export async function prepareGgufModels({
  specs,
  declaredNames = [],
  env = process.env,
  onEvent,
  signal,
}: {
  specs: readonly string[];
  /** Names declared under `models:` in the config file, which win over the `gguf:` form. */
  declaredNames?: readonly string[];
  env?: Record<string, string | undefined>;
  onEvent?: (event: GgufModelEvent) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const ggufSpecs = [...new Set(specs)].filter((spec) => spec.startsWith(ggufPrefix) && !declaredNames.includes(spec));
  for (const spec of ggufSpecs) {
    const source = parseGgufTarget(spec.slice(ggufPrefix.length).trim());
    const path = await ensureGgufFile({ source, spec, env, onEvent, signal });
    signal?.throwIfAborted();
    const started = performance.now();
    const loaded = await loadGgufModel({ path, env });
    onEvent?.({
      type: 'model-load-end',
      spec,
      path,
      name: loaded.name,
      contextSize: loaded.contextSize,
      durationMs: Math.round(performance.now() - started),
    });
  }
}
