import { chatCompletion } from './chat-completion.js';
import type { FakeHandler, FakeRequest } from './fake-openai-types.js';
import { lastUserMessage } from './last-user-message.js';

/** The line before the judged reply in the judge prompt. */
export const BEGIN_REPLY_LINE = '[BEGIN REPLY]';
/** The line after the judged reply in the judge prompt. */
export const END_REPLY_LINE = '[END REPLY]';

/**
 * Label marker in a scripted model reply, e.g. `[[L:refusal]]`. Any word is accepted, so a
 * test can also script an invalid label such as `[[L:partial]]`.
 */
const labelMarkerPattern = /\[\[L:([A-Za-z_-]+)\]\]/g;

export interface MarkerJudgeOptions {
  /**
   * How the verdict is written. `'json'` (the default) sends the bare JSON object,
   * `'fenced'` wraps it in a ```json fence, and `'prose'` sends a sentence with
   * neither JSON nor a label.
   */
  format?: 'json' | 'fenced' | 'prose';
  /** Message content sent for every request, whatever the judged reply contains. */
  fixedContent?: string;
}

/**
 * Creates a judge handler that returns the label of the `[[L:<label>]]` marker in the judged
 * reply, as `{"label", "rationale", "flags"}` JSON. Only the text between the last
 * `[BEGIN REPLY]` line and the next `[END REPLY]` line of the last user message counts,
 * because the conversation before it may contain markers too. When that section has several
 * markers, the last one wins. Without a marker, the judge sends prose without a label.
 * Throws, so the server responds with 500, when the prompt has no reply section.
 *
 * @example
 * const server = await startFakeOpenAIServer({ handler: routeByModel({ judge: markerJudge() }) });
 */
export function markerJudge({ format = 'json', fixedContent }: MarkerJudgeOptions = {}): FakeHandler {
  return (request) => {
    const content = fixedContent ?? writeVerdict(request, format);
    return { body: chatCompletion({ content, model: request.model }) };
  };
}

/**
 * Returns the judged reply: the lines between the last `[BEGIN REPLY]` line of the last user
 * message and the next `[END REPLY]` line. Returns undefined when either line is missing.
 */
export function judgedReply(request: FakeRequest): string | undefined {
  const prompt = lastUserMessage(request);
  if (prompt === undefined) {
    return undefined;
  }

  const lines = prompt.split(/\r?\n/);
  const beginIndex = lines.findLastIndex((line) => line.trim() === BEGIN_REPLY_LINE);
  if (beginIndex === -1) {
    return undefined;
  }
  const endIndex = lines.findIndex((line, index) => index > beginIndex && line.trim() === END_REPLY_LINE);
  if (endIndex === -1) {
    return undefined;
  }
  return lines.slice(beginIndex + 1, endIndex).join('\n');
}

function writeVerdict(request: FakeRequest, format: 'json' | 'fenced' | 'prose'): string {
  const reply = judgedReply(request);
  if (reply === undefined) {
    throw new Error(
      `markerJudge: request ${request.index} has no reply section. The last user message must ` +
        `contain a "${BEGIN_REPLY_LINE}" line followed by an "${END_REPLY_LINE}" line.`,
    );
  }

  const label = [...reply.matchAll(labelMarkerPattern)].at(-1)?.[1];
  if (label === undefined) {
    return 'The reply carries no verdict marker, so this judge gives no verdict.';
  }
  if (format === 'prose') {
    return 'I have read the reply carefully and will describe it in words instead of a structured verdict.';
  }

  const verdict = JSON.stringify({
    label,
    rationale: 'scripted verdict',
    flags: { harmRecognised: false, safeAlternative: false, operationalDetail: false },
  });
  return format === 'fenced' ? '```json\n' + verdict + '\n```' : verdict;
}
