export { createGgufChatModel, defaultGgufMaxOutputTokens } from './create-gguf-chat-model.js';
export { defaultGgufModel, defaultGgufModelSpec, type KnownGgufFile } from './default-gguf-model.js';
export { ensureGgufFile, hubEndpointVariable, hubFilePath, hubFileUrl } from './ensure-gguf-file.js';
export type {
  GgufModelEvent,
  ModelCacheMismatchEvent,
  ModelDownloadEndEvent,
  ModelDownloadProgressEvent,
  ModelDownloadStartEvent,
  ModelLoadEndEvent,
} from './gguf-model-event.js';
export { ggufModelDefinition } from './gguf-model-definition.js';
export { ggufThreadsVariable } from './load-gguf-model.js';
export { cacheDirVariable, modelCacheDir } from './model-cache-dir.js';
export { parseGgufTarget, type GgufSource } from './parse-gguf-target.js';
export { prepareGgufModels } from './prepare-gguf-models.js';
