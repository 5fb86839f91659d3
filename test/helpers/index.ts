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
// Headless Chromium and what a page under test does, for the results site's browser tests.
export { startBeaconServer } from './beacon-server.js';
export type { BeaconServer } from './beacon-server.js';
export { chromiumMissingReason, chromiumPath, launchChromium } from './launch-chromium.js';
export { openEveryDetails } from './open-every-details.js';
export { openView } from './open-view.js';
export type { PageDocument, PageElement, PageStyle, PageWindow } from './page-window.js';
export { readFocus } from './read-focus.js';
export type { Focus } from './read-focus.js';
export { recordPageActivity } from './record-page-activity.js';
export type { PageActivity } from './record-page-activity.js';
export { waitForView } from './wait-for-view.js';
