import type { ChatHistoryItem, LlamaGrammar } from 'node-llama-cpp';
import { ProviderCallError } from '../../error/index.js';
import type { ChatModel, ChatRequest, ChatResult } from '../chat-model.js';
import { createCallSignal } from '../create-call-signal.js';
import type { ModelDefinition } from '../model-definition.js';
import { ensureGgufFile } from './ensure-gguf-file.js';
import { loadGgufModel, type LoadedGgufModel } from './load-gguf-model.js';
import { parseGgufTarget } from './parse-gguf-target.js';
import { toGgufChatResult } from './to-gguf-chat-result.js';

/**
 * The output limit when neither the request nor the model's parameters set one. Small models
 * repeat themselves until the context is full, so an unbounded reply would only cost time.
 */
export const defaultGgufMaxOutputTokens = 1024;
// At temperature 0 sampling is greedy; a fixed seed keeps it reproducible wherever ties occur.
const greedySeed = 0;

/**
 * Creates a chat model that runs a GGUF file in this process through node-llama-cpp, on the
 * CPU. The file is fetched and loaded on the first call, unless `prepareGgufModels` did it
 * already. Calls take turns on one context sequence, so a run's conversations share one load.
 */
export function createGgufChatModel(
  definition: ModelDefinition,
  { env = process.env }: { env?: Record<string, string | undefined> } = {},
): ChatModel {
  const source = parseGgufTarget(definition.modelId);
  let loading: Promise<LoadedGgufModel> | undefined;
  const load = () => {
    loading ??= ensureGgufFile({ source, spec: definition.spec, env }).then((path) => loadGgufModel({ path, env }));
    loading.catch(() => (loading = undefined));
    return loading;
  };

  return {
    spec: definition.spec,
    provider: definition.provider,
    modelId: definition.modelId,
    keyVariable: undefined,
    generate: async (request) => {
      const loaded = await load();
      return loaded.queue.run(() => generate({ definition, loaded, request }), request.abortSignal);
    },
  };
}

async function generate({
  definition,
  loaded,
  request,
}: {
  definition: ModelDefinition;
  loaded: LoadedGgufModel;
  request: ChatRequest;
}): Promise<ChatResult> {
  const parameters = definition.parameters;
  const temperature = request.temperature ?? parameters.temperature ?? 0;
  const history = toChatHistory(request);
  const inputTokens = loaded.chat.chatWrapper
    .generateContextState({ chatHistory: history })
    .contextText.tokenize(loaded.model.tokenizer).length;
  const room = loaded.contextSize - inputTokens;
  if (room < 1) {
    throw new ProviderCallError({
      message: `${definition.spec}: the conversation takes ${inputTokens} tokens, more than the model's context of ${loaded.contextSize} tokens.`,
      model: definition.spec,
      kind: 'bad_request',
      isRetryable: false,
    });
  }

  // The timeout starts now rather than when the call was queued, since calls take turns.
  const call = createCallSignal({ signal: request.abortSignal, timeoutMs: request.timeoutMs });
  let outputTokens = 0;
  let reasoningTokens = 0;
  try {
    const response = await loaded.chat.generateResponse(history, {
      // A reply never runs past the context, so the context is never shifted and no earlier message is dropped.
      maxTokens: Math.min(request.maxOutputTokens ?? parameters.maxOutputTokens ?? defaultGgufMaxOutputTokens, room),
      temperature,
      topP: parameters.topP,
      seed: parameters.seed ?? (temperature === 0 ? greedySeed : undefined),
      grammar: request.jsonSchema ? await grammarFor(loaded, request.jsonSchema) : undefined,
      signal: call.signal,
      onResponseChunk: (chunk) => {
        outputTokens += chunk.tokens.length;
        if (chunk.type === 'segment' && chunk.segmentType === 'thought') reasoningTokens += chunk.tokens.length;
      },
    });
    return toGgufChatResult({ response, inputTokens, outputTokens, reasoningTokens, modelName: loaded.name });
  } catch (error) {
    if (request.abortSignal?.aborted) throw request.abortSignal.reason;
    if (call.timedOut()) {
      throw new ProviderCallError({
        message: `${definition.spec}: no complete reply within ${Number(((request.timeoutMs ?? 0) / 1000).toFixed(1))} s; the call timed out.`,
        model: definition.spec,
        kind: 'timeout',
        isRetryable: true,
        cause: error,
      });
    }
    // A local failure (memory, a broken file) happens again on a retry.
    throw new ProviderCallError({
      message: `${definition.spec}: the embedded model failed: ${error instanceof Error ? error.message : String(error)}`,
      model: definition.spec,
      kind: 'server',
      isRetryable: false,
      cause: error,
    });
  } finally {
    call.dispose();
  }
}

/** Converts the request to node-llama-cpp's chat history, ending with the empty model turn to complete. */
function toChatHistory(request: ChatRequest): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (request.system !== undefined) history.push({ type: 'system', text: request.system });
  for (const message of request.messages) {
    history.push(message.role === 'user' ? { type: 'user', text: message.content } : { type: 'model', response: [message.content] });
  }
  history.push({ type: 'model', response: [] });
  return history;
}

// Grammars compiled per model and schema object; a schema llama.cpp's converter cannot express is
// sent without one, and the reply is parsed as free text.
const grammars = new WeakMap<LoadedGgufModel, Map<Record<string, unknown>, Promise<LlamaGrammar | undefined>>>();

function grammarFor(loaded: LoadedGgufModel, schema: Record<string, unknown>): Promise<LlamaGrammar | undefined> {
  let bySchema = grammars.get(loaded);
  if (!bySchema) grammars.set(loaded, (bySchema = new Map()));
  let grammar = bySchema.get(schema);
  if (!grammar) {
    grammar = loaded.llama.createGrammarForJsonSchema(schema as never).catch(() => undefined);
    bySchema.set(schema, grammar);
  }
  return grammar;
}
