import type { ChatModel, ChatRequest, ChatResult } from '../../src/provider/index.js';

/** Decides a scripted model's result for one request; `callIndex` counts from 0. */
export type Script = (request: ChatRequest, callIndex: number) => ChatResult | Promise<ChatResult>;

/** A `ChatModel` that records every request and returns what its script returns. */
export class ScriptedModel implements ChatModel {
  readonly provider = 'openai';
  readonly modelId: string;
  readonly keyVariable = 'OPENAI_API_KEY';
  readonly requests: ChatRequest[] = [];

  constructor(
    readonly spec: string,
    readonly script: Script,
  ) {
    this.modelId = spec.slice(spec.indexOf(':') + 1);
  }

  async generate(request: ChatRequest): Promise<ChatResult> {
    this.requests.push(request);
    return this.script(request, this.requests.length - 1);
  }

  /** The user message each request ended with, in the order sent. */
  get prompts(): string[] {
    return this.requests.map(lastPrompt);
  }
}

/** A plain text result that finished normally. */
export function reply(text: string, overrides: Partial<ChatResult> = {}): ChatResult {
  return {
    text,
    reasoning: undefined,
    reasoningUnclosed: false,
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 10 },
    responseModelId: undefined,
    toolCalls: [],
    ...overrides,
  };
}

/** The last message of a request, which is the level's prompt for a model and the graded material for a judge. */
export function lastPrompt(request: ChatRequest): string {
  return request.messages.at(-1)?.content ?? '';
}

/** Rejects with the abort reason once the request's signal aborts; never resolves otherwise. */
export function hangUntilAborted(request: ChatRequest): Promise<ChatResult> {
  return new Promise((_, reject) => {
    const signal = request.abortSignal;
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Returns the reply a judge request grades: the text of the prompt's REPLY section. */
export function gradedReply(request: ChatRequest): string {
  const message = lastPrompt(request);
  const begin = message.lastIndexOf('[BEGIN REPLY]\n') + '[BEGIN REPLY]\n'.length;
  return message.slice(begin, message.indexOf('\n[END REPLY]', begin));
}
