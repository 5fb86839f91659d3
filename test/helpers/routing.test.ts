import { afterEach, describe, expect, it, vi } from 'vitest';

import { chatCompletion } from './chat-completion.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { FakeOpenAIServer } from './fake-openai-server.js';
import type { FakeHandler } from './fake-openai-types.js';
import { postChatCompletion } from './post-chat-completion.js';
import { byLastUserMessage, routeByModel, sequence } from './routing.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

async function startServer(handler: FakeHandler): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer({ handler });
  return server;
}

function reply(content: string) {
  return { body: chatCompletion({ content }) };
}

async function contentOf(response: Response): Promise<string | null | undefined> {
  const body = (await response.json()) as { choices?: Array<{ message: { content: string | null } }> };
  return body.choices?.[0]?.message.content;
}

describe('sequence', () => {
  it('sends the nth reply to the nth call and repeats the last', async () => {
    const fake = await startServer(sequence({ status: 429 }, { status: 500 }, reply('ok')));

    const statuses: number[] = [];
    for (let call = 0; call < 4; call += 1) {
      const response = await postChatCompletion(fake.url);
      await response.text();
      statuses.push(response.status);
    }

    expect(statuses).toEqual([429, 500, 200, 200]);
  });

  it('calls handler entries on each request', async () => {
    let handlerCalls = 0;
    const countCalls = () => {
      handlerCalls += 1;
      return reply(`call ${handlerCalls}`);
    };
    const fake = await startServer(sequence({ status: 429 }, countCalls));

    await (await postChatCompletion(fake.url)).text();
    const second = await contentOf(await postChatCompletion(fake.url));
    const third = await contentOf(await postChatCompletion(fake.url));

    expect(second).toBe('call 1');
    expect(third).toBe('call 2');
  });

  it('throws without replies', () => {
    expect(() => sequence()).toThrow('at least one reply');
  });
});

describe('routeByModel', () => {
  it('picks the reply by model', async () => {
    const fake = await startServer(routeByModel({ target: reply('from target'), judge: reply('from judge') }));

    const judgeContent = await contentOf(await postChatCompletion(fake.url, { model: 'judge' }));
    const targetContent = await contentOf(await postChatCompletion(fake.url, { model: 'target' }));

    expect(judgeContent).toBe('from judge');
    expect(targetContent).toBe('from target');
  });

  it('counts a sequence per model', async () => {
    const fake = await startServer(
      routeByModel({ target: sequence({ status: 429 }, reply('second target call')), judge: reply('verdict') }),
    );

    const first = await postChatCompletion(fake.url, { model: 'target' });
    await first.text();
    await (await postChatCompletion(fake.url, { model: 'judge' })).text();
    const second = await postChatCompletion(fake.url, { model: 'target' });

    expect(first.status).toBe(429);
    expect(await contentOf(second)).toBe('second target call');
  });

  it('responds 404 to an unknown model', async () => {
    const fake = await startServer(routeByModel({ target: reply('ok') }));

    const response = await postChatCompletion(fake.url, { model: 'missing' });
    const body = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(404);
    expect(body.error.code).toBe('model_not_found');
    expect(body.error.message).toContain('missing');
  });

  it('ignores inherited object keys as models', async () => {
    const fake = await startServer(routeByModel({ target: reply('ok') }));

    const response = await postChatCompletion(fake.url, { model: 'constructor' });
    await response.text();

    expect(response.status).toBe(404);
  });

  it('sends the fallback for an unknown model', async () => {
    const fake = await startServer(routeByModel({ target: reply('ok') }, reply('fallback')));

    const content = await contentOf(await postChatCompletion(fake.url, { model: 'other' }));

    expect(content).toBe('fallback');
  });
});

describe('byLastUserMessage', () => {
  const routes = byLastUserMessage([
    ['level 1', reply('substring')],
    [/level [23]/, reply('regexp')],
    [(text) => text.endsWith('!'), reply('predicate')],
  ]);

  it.each([
    ['substring', 'please do level 1', 'substring'],
    ['regexp', 'now level 3', 'regexp'],
    ['predicate', 'go!', 'predicate'],
  ])('matches by %s', async (_kind, text, expected) => {
    const fake = await startServer(routes);

    const content = await contentOf(await postChatCompletion(fake.url, { messages: [{ role: 'user', content: text }] }));

    expect(content).toBe(expected);
  });

  it('looks only at the last user message', async () => {
    const fake = await startServer(routes);
    const messages = [
      { role: 'user', content: 'level 1' },
      { role: 'assistant', content: 'level 2' },
      { role: 'user', content: 'level 3' },
    ];

    const content = await contentOf(await postChatCompletion(fake.url, { messages }));

    expect(content).toBe('regexp');
  });

  it('joins text content parts', async () => {
    const fake = await startServer(routes);
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'level ' },
          { type: 'text', text: '1' },
        ],
      },
    ];

    const content = await contentOf(await postChatCompletion(fake.url, { messages }));

    expect(content).toBe('substring');
  });

  it('responds 500 when nothing matches', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = await startServer(routes);

    const response = await postChatCompletion(fake.url, { messages: [{ role: 'user', content: 'unrelated' }] });
    await response.text();

    expect(response.status).toBe(500);
    expect(String(fake.requests[0]?.handlerError)).toContain('no matcher matched request 0');
  });

  it('sends the fallback when nothing matches', async () => {
    const fake = await startServer(byLastUserMessage([['level 1', reply('matched')]], reply('fallback')));

    const content = await contentOf(await postChatCompletion(fake.url, { messages: [{ role: 'user', content: 'other' }] }));

    expect(content).toBe('fallback');
  });
});
