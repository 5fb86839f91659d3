import type {
  JudgeData,
  RunComparison,
  RunSummaryData,
  ScenarioGrid,
  SiteIndex,
  TranscriptFile,
} from '../../../src/report/site/site-data.js';

/** The global function every data file calls; the contract's `dataCallbackName`. */
export const dataCallbackName = 'complicitySiteData';

/** A data path together with the type of the payload its file carries. */
export interface DataPath<Payload> {
  /** The path as data files name it in their call, such as `runs/RUN/summary`. */
  path: string;
  /** The file to load, relative to the site's `index.html`, such as `data/runs/RUN/summary.js`. */
  file: string;
  /** Never set: it only carries the payload type to `loadData`. */
  readonly payload?: Payload;
}

function dataPath<Payload>(...segments: string[]): DataPath<Payload> {
  // Segments are encoded one by one, so a `/` inside a run id or a model stays in its file name.
  return { path: segments.join('/'), file: `data/${segments.map(encodeDataSegment).join('/')}.js` };
}

/** The data paths of the contract, one builder per kind of file. */
export const dataPaths = {
  index: (): DataPath<SiteIndex> => dataPath('index'),
  summary: (runId: string): DataPath<RunSummaryData> => dataPath('runs', runId, 'summary'),
  scenarios: (runId: string): DataPath<ScenarioGrid> => dataPath('runs', runId, 'scenarios'),
  transcripts: (runId: string, scenarioId: string): DataPath<TranscriptFile> => dataPath('runs', runId, 'transcripts', scenarioId),
  judges: (runId: string): DataPath<JudgeData> => dataPath('runs', runId, 'judges'),
  comparison: (first: string, second: string): DataPath<RunComparison> => dataPath('compare', `${first}--${second}`),
};

/**
 * Encodes one segment of a data path as a file name: lower-case letters, digits and `-` stay,
 * every other UTF-8 byte becomes `_XX`. A copy of the contract's `encodeDataSegment`, because
 * the site imports only types from the contract; the site build checks that both agree.
 */
export function encodeDataSegment(segment: string): string {
  return [...new TextEncoder().encode(segment)]
    .map((byte) => (/[a-z0-9-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`))
    .join('');
}
