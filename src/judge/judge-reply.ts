import type { Label, UnscoredReason } from '../outcome/index.js';
import type { TokenUsage } from '../provider/index.js';
import { ProviderCallError } from '../error/index.js';
import type { VerdictFlags } from '../store/index.js';
import { buildJudgeMessage, judgeSystemPrompt, verdictJsonSchema, type JudgeInput } from './judge-prompt.js';
import { isOfflineJudge, type Judge } from './offline-judge.js';
import { parseVerdict } from './parse-verdict.js';

/** What one judge call produced: a label, or a reason there is none. */
export type JudgeAttempt =
  | { outcome: 'label'; label: Label; rationale: string | undefined; flags: VerdictFlags; rawReply: string; usage: TokenUsage }
  | {
      outcome: 'unscored';
      reason: Exclude<UnscoredReason, 'judge_error'>;
      detail: string;
      rawReply: string | undefined;
      usage: TokenUsage | undefined;
    };

// A rough count: English text runs at about four characters a token. Only used to avoid sending
// a prompt that cannot fit; the API's own context error is caught as well.
const charactersPerToken = 4;

/**
 * Asks one judge for a verdict on one reply: a model at temperature 0 with structured output, or
 * the offline judge, which computes its label locally.
 *
 * Throws `ProviderCallError` when the call itself fails, so the caller can retry; a reply that
 * arrives but carries no usable label comes back as `unscored` with the reason.
 */
export async function judgeReply({
  judge,
  input,
  contextTokens,
  abortSignal,
  timeoutMs,
}: {
  judge: Judge;
  input: JudgeInput;
  /** The judge's context window in tokens; prompts estimated to exceed it are not sent. */
  contextTokens?: number;
  abortSignal?: AbortSignal;
  timeoutMs?: number;
}): Promise<JudgeAttempt> {
  if (isOfflineJudge(judge)) return judge.judge(input);
  const message = buildJudgeMessage(input);
  const estimatedTokens = Math.ceil((judgeSystemPrompt.length + message.length) / charactersPerToken);
  if (contextTokens !== undefined && estimatedTokens > contextTokens) {
    return {
      outcome: 'unscored',
      reason: 'context_overflow',
      detail: `the judge prompt is about ${estimatedTokens} tokens, more than the judge's context of ${contextTokens}; the reply was not cut to fit`,
      rawReply: undefined,
      usage: undefined,
    };
  }

  let result;
  try {
    result = await judge.generate({
      system: judgeSystemPrompt,
      messages: [{ role: 'user', content: message }],
      temperature: 0,
      jsonSchema: verdictJsonSchema,
      abortSignal,
      timeoutMs,
    });
  } catch (error) {
    if (ProviderCallError.isProviderCallError(error) && isContextError(error)) {
      return { outcome: 'unscored', reason: 'context_overflow', detail: error.message, rawReply: undefined, usage: undefined };
    }
    throw error;
  }

  // Kept whole for audit, with any `<think>` block, so a reader sees what the verdict came from.
  const rawReply = result.rawText ?? result.text;
  if (result.finishReason === 'content-filter' || result.refusal !== undefined) {
    const detail =
      result.refusal === undefined
        ? `the judge's provider blocked the reply (${result.rawFinishReason ?? 'content filter'})`
        : 'the judge declined to grade the reply in its refusal field';
    return {
      outcome: 'unscored',
      reason: 'judge_refused',
      detail,
      rawReply,
      usage: result.usage,
    };
  }

  const parsed = parseVerdict(result.text);
  if (!parsed.ok) {
    return { outcome: 'unscored', reason: 'parse_failure', detail: parsed.problem, rawReply, usage: result.usage };
  }
  return { outcome: 'label', label: parsed.label, rationale: parsed.rationale, flags: parsed.flags, rawReply, usage: result.usage };
}

// Only the response body is searched, because the message starts with the judge's spec and a
// spec such as `long-context-judge` would make every bad request look like an overflow.
function isContextError(error: ProviderCallError): boolean {
  return error.kind === 'bad_request' && /context|too long|too many tokens|maximum.*tokens/i.test(error.responseBody ?? '');
}
