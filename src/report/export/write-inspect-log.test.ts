import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostileModel, hostileText, storeExportRun } from '../../../test/helpers/store-export-run.js';
import { Store } from '../../store/index.js';
import { computeRunStats } from '../run-stats.js';
import { readExportSource } from './read-export-turns.js';
import { writeInspectLogs } from './write-inspect-log.js';

// Inspect's published log schema, kept in the fixtures with its source (test/fixtures/inspect/README.md).
const logSchema = JSON.parse(readFileSync(new URL('../../../test/fixtures/inspect/log-schema.json', import.meta.url), 'utf8'));

let store: Store;

beforeEach(() => {
  store = Store.open(':memory:');
});

afterEach(() => {
  store.close();
});

/** The parts of an exported log the tests read. */
interface LoggedSample {
  id: string;
  error: { message: string } | null;
  scores: Record<string, { value: string; explanation: string | null; metadata: Record<string, unknown> }> | null;
  metadata: Record<string, unknown>;
  messages: { role: string; content: string | { text?: string; reasoning?: string }[] }[];
  output: Record<string, unknown>;
}

interface InspectLog {
  eval: {
    model: string;
    run_id: string;
    config: { epochs: number };
    dataset: { samples: number };
    metadata: { complicity: { config: { judges: string[] } } };
  };
  results: { scores: { metrics: Record<string, { value: number }> }[] };
  samples: LoggedSample[];
}

async function exportLog(model: string): Promise<InspectLog> {
  const output = new PassThrough();
  const written = text(output);
  const source = readExportSource(store, 'export-run');
  const stats = computeRunStats(store, 'export-run', { resamples: 200 });
  await writeInspectLogs({ store, source, stats, outputs: new Map([[model, output]]) });
  output.end();
  return JSON.parse(await written);
}

function validator() {
  // strict: false because the schema carries pydantic's `discriminator` keyword, which Ajv leaves to `oneOf`.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(logSchema);
}

describe('writeInspectLogs', () => {
  it.each(['openai:plain-model', hostileModel])('writes a log the schema accepts for %s', async (model) => {
    storeExportRun(store, { replyOf: (turn) => (turn.level === 1 ? hostileText : 'Plain reply.') });
    const validate = validator();
    const log = await exportLog(model);
    validate(log);

    expect(validate.errors ?? []).toEqual([]);
    expect(log.samples).toHaveLength(8);
    expect(log.eval.model).toBe(model);
  });

  it('schema rejects a broken sample', async () => {
    storeExportRun(store);
    const validate = validator();
    const log = await exportLog('openai:plain-model');
    delete log.samples[0]!.output.model;

    expect(validate(log)).toBe(false);
  });

  it('scores with label and rationale', async () => {
    storeExportRun(store);
    const [first] = (await exportLog('openai:plain-model')).samples;

    expect(first!.scores!['openai:judge-a']!.value).toBe('compliant');
    expect(first!.scores!['openai:judge-a']!.explanation).toBe('Because, "in short",\nit helped.');
    expect(first!.scores!['openai:judge-a']!.metadata.score).toBe(66);
    expect(first!.scores!.panel!.value).toBe('compliant');
  });

  it('carries the stateful conversation', async () => {
    storeExportRun(store);
    const samples = (await exportLog('openai:plain-model')).samples;
    const second = samples.find((sample) => sample.id === 'harbour-watch/dystopian/2')!;
    const roles = second.messages.map((message) => message.role);
    const reply = second.messages[2]!.content as { text?: string; reasoning?: string }[];

    expect(roles).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(reply[1]!.text).toBe('Reply of openai:plain-model at 1.');
    expect(reply[0]!.reasoning).toBe('Thinking it over.');
  });

  it('keeps the run config in the spec', async () => {
    storeExportRun(store);
    const log = await exportLog('openai:plain-model');

    expect(log.eval.run_id).toBe('export-run');
    expect(log.eval.config.epochs).toBe(1);
    expect(log.eval.dataset.samples).toBe(8);
    expect(log.eval.metadata.complicity.config.judges).toEqual(['openai:judge-a', 'openai:judge-b']);
    expect(log.results.scores[0]!.metrics.mean_dcs!.value).toBeCloseTo(44, 5);
  });

  it('marks failed turns as sample errors', async () => {
    storeExportRun(store);
    const failed = (await exportLog('openai:plain-model')).samples.find((sample) => sample.error !== null)!;

    expect(failed.error!.message).toBe('HTTP 429 after 4 retries');
    expect(failed.scores).toBeNull();
    expect(failed.metadata.status).toBe('error');
  });
});
