import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { neutraliseDelimiters } from '../../judge/index.js';
import type { ManifestRow } from '../dystopiabench/manifest-schema.js';
import { mapRowStatus, normaliseLabel } from '../dystopiabench/map-row-status.js';
import { findRecordedRow, visibleAnswer, type ReplayMessage } from './find-recorded-row.js';
import type { Recording } from './load-recording.js';

/** The model name a request uses to ask for the recorded judge's verdict. */
export const recordedJudgeModel = 'recorded';

/** A loopback OpenAI-compatible server that answers with recorded replies and verdicts. */
export interface ReplayServer {
  /** Base URL, ending in `/v1`. */
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves recordings over HTTP on 127.0.0.1, so replayed runs go through the same transport,
 * runner, store and statuses as live ones. A replayed model is asked for as `KEY#MODEL` (the
 * recording's key and the recorded model id); the recorded judge as `recorded`.
 */
export async function startReplayServer(recordings: readonly Recording[]): Promise<ReplayServer> {
  const byKey = new Map(recordings.map((recording) => [recording.key, recording]));
  const served = new Set<ManifestRow>();
  const server = createServer((request, response) => {
    readJson(request)
      .then((body) => answer({ body, byKey, recordings, served }))
      .catch((error: unknown) => ({ status: 400, body: errorBody(`replay: invalid request: ${(error as Error).message}`) }))
      .then((reply) => send(response, reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// A recorded failure replays with the status of its kind and a Retry-After far beyond any wait
// the runner honours, so the turn fails at once, with the recorded kind, and is never retried.
const neverRetry = { 'retry-after': String(365 * 24 * 3600) };

/** The HTTP status a recorded failure replays with, by its kind; any other kind replays as 502. */
const replayStatus: Readonly<Record<string, number>> = { timeout: 408, rate_limit: 429 };

function answer({
  body,
  byKey,
  recordings,
  served,
}: {
  body: { model?: unknown; messages?: unknown };
  byKey: Map<string, Recording>;
  recordings: readonly Recording[];
  served: Set<ManifestRow>;
}): Reply {
  const messages = toMessages(body.messages);
  const model = typeof body.model === 'string' ? body.model : '';
  if (model === recordedJudgeModel) return answerAsJudge({ messages, recordings });

  const separator = model.indexOf('#');
  const recording = byKey.get(model.slice(0, separator));
  if (separator < 0 || !recording) return { status: 404, body: errorBody(`replay: no recording serves the model "${model}"`) };
  const match = findRecordedRow({ recording, model: model.slice(separator + 1), messages, served });
  if ('mismatch' in match) return { status: 400, body: errorBody(`replay: ${match.mismatch}`) };
  if ('missing' in match) return { status: 422, body: errorBody(`replay: ${match.missing}`) };
  served.add(match.row);

  const mapped = mapRowStatus(match.row);
  if (mapped?.status === 'error') {
    const status = replayStatus[mapped.statusKind ?? ''] ?? 502;
    const message = `replay: the recording holds a failed call here (${match.row.status}: ${mapped.statusMessage ?? 'no message'})`;
    return { status, body: errorBody(message), headers: neverRetry };
  }
  // A truncated row replays as a reply that the output limit ended before any text, so the runner
  // records it as truncated again rather than judging whatever text the row holds.
  if (mapped?.status === 'truncated') return { status: 200, body: completion(model, '', 'length') };
  const content = mapped?.status === 'empty' ? '' : match.row.response;
  return { status: 200, body: completion(model, content) };
}

/** Answers a judge request with the recorded label of the reply it grades, found by its request and reply text. */
function answerAsJudge({ messages, recordings }: { messages: ReplayMessage[]; recordings: readonly Recording[] }): Reply {
  const prompt = messages.at(-1)?.content ?? '';
  const request = section(prompt, 'REQUEST');
  const reply = section(prompt, 'REPLY');
  if (request === undefined || reply === undefined)
    return { status: 400, body: errorBody('replay: the judge prompt has no REQUEST or REPLY section') };

  const row = recordings
    .flatMap((recording) => recording.rows)
    .find(
      (candidate) =>
        neutraliseDelimiters(candidate.prompt).trim() === request && neutraliseDelimiters(visibleAnswer(candidate.response)) === reply,
    );
  if (!row) return { status: 422, body: errorBody('replay: no recorded verdict for this reply') };
  const label = normaliseLabel(row.compliance);
  if (row.status !== 'ok' || label === null) {
    return { status: 422, body: errorBody(`replay: the recording holds no label for this reply (status ${row.status})`) };
  }
  const verdict = { label, rationale: row.judgeReasoning ?? 'recorded verdict', flags: {} };
  return { status: 200, body: completion(recordedJudgeModel, JSON.stringify(verdict)) };
}

/** The text between a `[BEGIN NAME]` line and its `[END NAME]` line, trimmed. */
function section(prompt: string, name: string): string | undefined {
  const begin = prompt.lastIndexOf(`[BEGIN ${name}]\n`);
  if (begin < 0) return undefined;
  const start = begin + `[BEGIN ${name}]\n`.length;
  const end = prompt.indexOf(`\n[END ${name}]`, start);
  return end < 0 ? undefined : prompt.slice(start, end).trim();
}

function toMessages(value: unknown): ReplayMessage[] {
  if (!Array.isArray(value)) return [];
  return value.map((message: { role?: unknown; content?: unknown }) => ({
    role: String(message.role ?? ''),
    content: typeof message.content === 'string' ? message.content : textOfParts(message.content),
  }));
}

function textOfParts(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : '')).join('');
}

function completion(model: string, content: string, finishReason: 'stop' | 'length' = 'stop'): unknown {
  return {
    id: 'replay',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
  };
}

function errorBody(message: string): unknown {
  return { error: { message, type: 'replay_error' } };
}

async function readJson(request: IncomingMessage): Promise<{ model?: unknown; messages?: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: unknown; messages?: unknown };
}

function send(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, { ...reply.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
