export type { ChatMessage, ChatModel, ChatRequest, ChatResult, FinishReason, TokenUsage, ToolCallRecord } from './chat-model.js';
export { createChatModel, missingKeyMessage } from './create-chat-model.js';
export type { DeclaredModel, GenerationParameters, ModelDefinition, ProviderName, ReasoningOptions } from './model-definition.js';
export { followAbort } from './follow-abort.js';
export { modelFamily } from './model-family.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { redactSecrets } from './redact-secrets.js';
export { providerNames, resolveModelSpec } from './resolve-model-spec.js';
export { providerPresets, type ProviderPreset } from './provider-presets.js';
export { splitReasoning, type SplitReply } from './split-reasoning.js';
export { toProviderCallError } from './to-provider-call-error.js';
export {
  cacheDirVariable,
  defaultGgufModel,
  defaultGgufModelSpec,
  ggufThreadsVariable,
  hubEndpointVariable,
  modelCacheDir,
  prepareGgufModels,
  type GgufModelEvent,
} from './gguf/index.js';
