// A fake OpenAI-compatible chat completions server and reply builders, for tests only.
export { chatCompletion } from './chat-completion.js';
export type { ChatCompletionOptions, ChatCompletionUsage, FakeToolCall } from './chat-completion.js';
export { chatCompletionChunk, chatCompletionChunks } from './chat-completion-chunks.js';
export type { ChatCompletionChunkOptions } from './chat-completion-chunks.js';
export { errorBody } from './error-body.js';
export type { ErrorBodyOptions } from './error-body.js';
export { startFakeOpenAIServer } from './fake-openai-server.js';
export type { FakeOpenAIServer, FakeOpenAIServerOptions } from './fake-openai-server.js';
export type { FakeHandler, FakeMessage, FakeReply, FakeRequest, FakeResponse } from './fake-openai-types.js';
export { lastUserMessage, messageText } from './last-user-message.js';
export { postChatCompletion } from './post-chat-completion.js';
export type { PostChatCompletionOptions } from './post-chat-completion.js';
export { BEGIN_REPLY_LINE, END_REPLY_LINE, judgedReply, markerJudge } from './marker-judge.js';
export type { MarkerJudgeOptions } from './marker-judge.js';
export { byLastUserMessage, resolveReply, routeByModel, sequence } from './routing.js';
export type { TextMatcher } from './routing.js';
