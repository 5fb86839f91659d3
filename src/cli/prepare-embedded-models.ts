import { prepareGgufModels } from '../provider/index.js';
import type { CliIo } from './cli-io.js';
import { ModelFileDisplay } from './model-file-display.js';

/**
 * Downloads and loads the run's embedded (`gguf:`) models before it starts, with progress on
 * stderr. Ctrl-C or SIGTERM stops a download, whose partial file is deleted. Returns false when
 * interrupted, so the command ends with exit code 130; failures are thrown as they are.
 */
export async function prepareEmbeddedModels({
  io,
  specs,
  declaredNames,
}: {
  io: CliIo;
  specs: readonly string[];
  declaredNames: readonly string[];
}): Promise<boolean> {
  if (!specs.some((spec) => spec.startsWith('gguf:'))) return true;
  const display = new ModelFileDisplay({ stream: io.stderr });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted by the user'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await prepareGgufModels({ specs, declaredNames, env: io.env, onEvent: (event) => display.handle(event), signal: controller.signal });
    return true;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    io.stderr.write('\nInterrupted: the model was not prepared and no partial file was kept.\n');
    return false;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
