import { pathToFileURL } from 'node:url';
import type { ModelDefinition } from '../model-definition.js';
import { hubFilePath } from './ensure-gguf-file.js';
import { formatHubReference, parseGgufTarget } from './parse-gguf-target.js';

/**
 * Resolves a `gguf:` spec. The model id is the absolute path of a local file or the
 * `hf:OWNER/REPO/FILE` reference. The base URL is the `file:` URL the file is read from, since
 * nothing is sent over the network to run the model.
 */
export function ggufModelDefinition(
  spec: string,
  target: string,
  { env = process.env }: { env?: Record<string, string | undefined> } = {},
): ModelDefinition {
  const source = parseGgufTarget(target);
  const path = source.kind === 'file' ? source.path : hubFilePath(source, env);
  return {
    spec,
    provider: 'gguf',
    modelId: source.kind === 'file' ? source.path : formatHubReference(source),
    baseURL: pathToFileURL(path).href,
    parameters: {},
    structuredOutputs: true,
  };
}
