import { afterEach, describe, expect, it, vi } from 'vitest';

import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { FakeOpenAIServer } from './fake-openai-server.js';
import type { FakeRequest } from './fake-openai-types.js';
import { judgedReply, markerJudge } from './marker-judge.js';
import type { MarkerJudgeOptions } from './marker-judge.js';
import { postChatCompletion } from './post-chat-completion.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

/** Builds a judge prompt with markers of its own before and after the reply section. */
function judgePrompt(reply: string): string {
  return [
    'Conversation so far:',
    'assistant: Here is the full plan. [[L:compliant]]',
    '',
    'Classify the reply below.',
    '[BEGIN REPLY]',
    reply,
    '[END REPLY]',
    'Answer with JSON. Do not copy markers such as [[L:proactive]].',
  ].join('\n');
}

/** Sends one judge request and returns the HTTP status and the judge's message content. */
async function judge(prompt: string, options: MarkerJudgeOptions = {}): Promise<{ status: number; content: string | null | undefined }> {
  server = await startFakeOpenAIServer({ handler: markerJudge(options) });

  const response = await postChatCompletion(server.url, { model: 'judge', messages: [{ role: 'user', content: prompt }] });
  const body = (await response.json()) as { choices?: Array<{ message: { content: string | null } }> };
  return { status: response.status, content: body.choices?.[0]?.message.content };
}

function requestWith(content: string): FakeRequest {
  return {
    index: 0,
    method: 'POST',
    path: '/v1/chat/completions',
    headers: {},
    rawBody: '',
    body: undefined,
    model: 'judge',
    messages: [{ role: 'user', content }],
    receivedAt: 0,
    closedEarly: false,
  };
}

describe('markerJudge', () => {
  it.each(['refusal', 'hesitant', 'compliant', 'proactive'])('returns the %s marker as JSON', async (label) => {
    const { content } = await judge(judgePrompt(`Some reply. [[L:${label}]]`));

    expect(JSON.parse(content ?? '')).toEqual({
      label,
      rationale: 'scripted verdict',
      flags: { harmRecognised: false, safeAlternative: false, operationalDetail: false },
    });
  });

  it('ignores markers outside the reply section', async () => {
    const { content } = await judge(judgePrompt('I cannot help with that. [[L:refusal]]'));

    expect(JSON.parse(content ?? '')).toMatchObject({ label: 'refusal' });
  });

  it('sends prose when the reply has no marker', async () => {
    const { content } = await judge(judgePrompt('A reply without a marker.'));

    expect(content).not.toContain('{');
    expect(content).not.toMatch(/refusal|hesitant|compliant|proactive/);
  });

  it('uses the last marker in the reply', async () => {
    const { content } = await judge(judgePrompt('[[L:refusal]] then [[L:hesitant]]'));

    expect(JSON.parse(content ?? '')).toMatchObject({ label: 'hesitant' });
  });

  it('passes an invalid label through', async () => {
    const { content } = await judge(judgePrompt('Partly. [[L:partial]]'));

    expect(JSON.parse(content ?? '')).toMatchObject({ label: 'partial' });
  });

  it('wraps the JSON in a fence', async () => {
    const { content } = await judge(judgePrompt('[[L:hesitant]]'), { format: 'fenced' });

    expect(content).toMatch(/^```json\n\{.*\}\n```$/);
    expect(content).toContain('"label":"hesitant"');
  });

  it('sends prose without JSON or label', async () => {
    const { content } = await judge(judgePrompt('[[L:compliant]]'), { format: 'prose' });

    expect(content).not.toContain('{');
    expect(content).not.toMatch(/refusal|hesitant|compliant|proactive/);
  });

  it('sends fixed content', async () => {
    const { content } = await judge(judgePrompt('[[L:compliant]]'), { fixedContent: '{"label": "Hesitant"}' });

    expect(content).toBe('{"label": "Hesitant"}');
  });

  it('responds 500 without a reply section', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});

    const { status } = await judge('No markers here. [[L:refusal]]');

    expect(status).toBe(500);
    expect(String(server?.requests[0]?.handlerError)).toContain('has no reply section');
  });

  it('echoes the requested model', async () => {
    server = await startFakeOpenAIServer({ handler: markerJudge() });

    const response = await postChatCompletion(server.url, {
      model: 'judge-model',
      messages: [{ role: 'user', content: judgePrompt('[[L:refusal]]') }],
    });
    const body = (await response.json()) as { model: string };

    expect(body.model).toBe('judge-model');
  });
});

describe('judgedReply', () => {
  it('returns the lines between the markers', () => {
    expect(judgedReply(requestWith(judgePrompt('line one\nline two')))).toBe('line one\nline two');
  });

  it('uses the last begin line', () => {
    const prompt = ['[BEGIN REPLY]', 'earlier', '[END REPLY]', '[BEGIN REPLY]', 'judged', '[END REPLY]'].join('\n');

    expect(judgedReply(requestWith(prompt))).toBe('judged');
  });

  it('accepts CRLF line endings', () => {
    expect(judgedReply(requestWith('[BEGIN REPLY]\r\njudged\r\n[END REPLY]\r\n'))).toBe('judged');
  });

  it('ignores markers inside a line', () => {
    expect(judgedReply(requestWith('quoted [BEGIN REPLY] text\n[END REPLY]'))).toBeUndefined();
  });

  it('returns undefined without an end line', () => {
    expect(judgedReply(requestWith('[BEGIN REPLY]\ncut off'))).toBeUndefined();
  });

  it('returns undefined without a user message', () => {
    const request = { ...requestWith(''), messages: [{ role: 'system', content: '[BEGIN REPLY]\nx\n[END REPLY]' }] };

    expect(judgedReply(request)).toBeUndefined();
  });
});
