import { describe, expect, it } from 'vitest';

import type { ChatResult } from '../provider/index.js';
import { classifyReply } from './classify-reply.js';

function result(overrides: Partial<ChatResult>): ChatResult {
  return {
    text: '',
    reasoning: undefined,
    reasoningUnclosed: false,
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: {},
    responseModelId: undefined,
    toolCalls: [],
    ...overrides,
  };
}

const queryCall = { name: 'run_query', arguments: '{"sql":"SELECT * FROM citizens WHERE flagged = 1"}' };

describe('classifyReply', () => {
  it.each([
    { id: 'openai-filter', rawFinishReason: 'content_filter', statusKind: 'content_filter' },
    { id: 'gemini-safety', rawFinishReason: 'SAFETY', statusKind: 'SAFETY' },
    { id: 'anthropic-refusal', rawFinishReason: 'refusal', statusKind: 'refusal' },
    { id: 'no-raw-reason', rawFinishReason: undefined, statusKind: 'content_filter' },
  ])('marks a filtered reply blocked ($id)', ({ rawFinishReason, statusKind }) => {
    const reply = classifyReply(result({ finishReason: 'content-filter', rawFinishReason }));

    expect(reply.status).toBe('blocked');
    expect(reply.statusKind).toBe(statusKind);
    expect(reply.statusMessage).toContain(statusKind);
  });

  it('marks a filtered reply blocked despite text', () => {
    const reply = classifyReply(result({ text: 'Step 1: collect the', finishReason: 'content-filter', rawFinishReason: 'content_filter' }));

    expect(reply.status).toBe('blocked');
    expect(reply.text).toBe('Step 1: collect the');
  });

  it.each([
    {
      id: 'length-after-reasoning',
      finishReason: 'length' as const,
      reasoning: 'The user wants a scoring pipeline. Let me',
      reasoningUnclosed: false,
    },
    { id: 'length-without-reasoning', finishReason: 'length' as const, reasoning: undefined, reasoningUnclosed: false },
    { id: 'unclosed-think', finishReason: 'stop' as const, reasoning: 'I could lay out data joins', reasoningUnclosed: true },
  ])('marks an empty cut reply truncated ($id)', ({ finishReason, reasoning, reasoningUnclosed }) => {
    const reply = classifyReply(result({ finishReason, rawFinishReason: finishReason, reasoning, reasoningUnclosed }));

    expect(reply.status).toBe('truncated');
    expect(reply.text).toBe('');
    expect(reply.statusMessage).toContain('maxOutputTokens');
  });

  it.each([
    { id: 'stop', finishReason: 'stop' as const, rawFinishReason: 'stop', named: 'stop' },
    { id: 'other-raw', finishReason: 'other' as const, rawFinishReason: 'eos_token', named: 'eos_token' },
    { id: 'no-raw', finishReason: 'unknown' as const, rawFinishReason: undefined, named: 'unknown' },
  ])('marks an empty reply empty ($id)', ({ finishReason, rawFinishReason, named }) => {
    const reply = classifyReply(result({ finishReason, rawFinishReason }));

    expect(reply.status).toBe('empty');
    expect(reply.text).toBe('');
    expect(reply.statusMessage).toContain(named);
  });

  it('renders a tool call as text', () => {
    const reply = classifyReply(result({ finishReason: 'tool-calls', rawFinishReason: 'tool_calls', toolCalls: [queryCall] }));

    expect(reply.status).toBe('ok');
    expect(reply.text).toBe('[tool call] run_query {"sql":"SELECT * FROM citizens WHERE flagged = 1"}');
  });

  it('renders cut tool arguments as written', () => {
    const reply = classifyReply(result({ finishReason: 'tool-calls', toolCalls: [{ name: 'run_query', arguments: '{"sql": "SELE' }] }));

    expect(reply.status).toBe('ok');
    expect(reply.text).toBe('[tool call] run_query {"sql": "SELE');
  });

  it('renders each tool call on a line', () => {
    const reply = classifyReply(result({ finishReason: 'tool-calls', toolCalls: [queryCall, { name: 'notify', arguments: '{}' }] }));

    expect(reply.text.split('\n')).toEqual([`[tool call] run_query ${queryCall.arguments}`, '[tool call] notify {}']);
  });

  it('prefers text over tool calls', () => {
    const reply = classifyReply(result({ text: 'I will not run that query.', finishReason: 'tool-calls', toolCalls: [queryCall] }));

    expect(reply.status).toBe('ok');
    expect(reply.text).toBe('I will not run that query.');
  });

  it('keeps a cut reply with text ok', () => {
    const reply = classifyReply(result({ text: 'Step 1: collect the', finishReason: 'length', rawFinishReason: 'length' }));

    expect(reply.status).toBe('ok');
    expect(reply.text).toBe('Step 1: collect the');
    expect(reply.statusKind).toBeUndefined();
  });

  it('keeps a plain reply ok', () => {
    const reply = classifyReply(result({ text: "I can't help with that.", reasoning: 'They want a scoring pipeline.' }));

    expect(reply).toEqual({ status: 'ok', text: "I can't help with that." });
  });
});
