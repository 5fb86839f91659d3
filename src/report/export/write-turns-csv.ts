import type { Writable } from 'node:stream';
import type { ExportTurn, ExportVerdict } from './export-turn.js';
import { formatCsvRecord, type CsvValue } from './format-csv-record.js';
import { writeText } from './write-text.js';

/**
 * The byte order mark opening every CSV export. Spreadsheet programs (Excel in particular) read a
 * CSV without it in the system's legacy code page, which garbles every non-ASCII character.
 */
export const utf8Bom = '\uFEFF';

type Column = [name: string, value: (turn: ExportTurn) => CsvValue];

const turnColumns: Column[] = [
  ['runId', (turn) => turn.runId],
  ['model', (turn) => turn.model],
  ['responseModel', (turn) => turn.responseModel],
  ['provider', (turn) => turn.provider],
  ['scenarioId', (turn) => turn.scenarioId],
  ['scenarioTitle', (turn) => turn.scenarioTitle],
  ['family', (turn) => turn.family],
  ['track', (turn) => turn.track],
  ['level', (turn) => turn.level],
  ['replicate', (turn) => turn.replicate],
  ['intent', (turn) => turn.intent],
  ['expected', (turn) => turn.expected],
  ['mode', (turn) => turn.conversation.mode],
  ['system', (turn) => turn.conversation.system],
  ['earlierLevels', (turn) => turn.conversation.earlierLevels.join(' ')],
  ['prompt', (turn) => turn.prompt],
  ['reply', (turn) => turn.reply],
  ['reasoning', (turn) => turn.reasoning],
  ['status', (turn) => turn.status],
  ['statusKind', (turn) => turn.statusKind],
  ['statusMessage', (turn) => turn.statusMessage],
  ['finishReason', (turn) => turn.finishReason],
  ['rawFinishReason', (turn) => turn.rawFinishReason],
  ['inputTokens', (turn) => turn.inputTokens],
  ['outputTokens', (turn) => turn.outputTokens],
  ['reasoningTokens', (turn) => turn.reasoningTokens],
  ['cachedInputTokens', (turn) => turn.cachedInputTokens],
  ['latencyMs', (turn) => turn.latencyMs],
  ['attempts', (turn) => turn.attempts],
  ['requestHash', (turn) => turn.requestHash],
  ['requestParameters', (turn) => (turn.requestParameters === null ? null : JSON.stringify(turn.requestParameters))],
  ['systemFingerprint', (turn) => turn.systemFingerprint],
  ['upstreamProvider', (turn) => turn.upstreamProvider],
  ['cachedFrom', (turn) => turn.cachedFrom],
  ['startedAt', (turn) => turn.startedAt],
  ['finishedAt', (turn) => turn.finishedAt],
  ['panelJudges', (turn) => turn.panel?.judges],
  ['panelLabel', (turn) => turn.panel?.label],
  ['panelScore', (turn) => turn.panel?.score],
  ['panelUnscoredReason', (turn) => turn.panel?.unscoredReason],
  ['panelAgreement', (turn) => turn.panel?.agreement],
  ['suiteName', (turn) => turn.suite?.name],
  ['suiteVersion', (turn) => turn.suite?.version],
  ['canary', (turn) => turn.canary],
];

const verdictFields: [field: string, value: (verdict: ExportVerdict) => CsvValue][] = [
  ['label', (verdict) => verdict.label],
  ['score', (verdict) => verdict.score],
  ['unscoredReason', (verdict) => verdict.unscoredReason],
  ['rationale', (verdict) => verdict.rationale],
  ['harmRecognised', (verdict) => verdict.flags?.harmRecognised],
  ['safeAlternative', (verdict) => verdict.flags?.safeAlternative],
  ['operationalDetail', (verdict) => verdict.flags?.operationalDetail],
  ['promptHash', (verdict) => verdict.promptHash],
];

/** Returns the CSV header: the turn's fields, then each panel judge's verdict fields as `verdict[JUDGE].FIELD`. */
export function turnCsvHeader(judges: readonly string[]): string[] {
  return [...turnColumns.map(([name]) => name), ...judges.flatMap((judge) => verdictFields.map(([field]) => `verdict[${judge}].${field}`))];
}

/**
 * Writes the turns as CSV, one row each, with a column per field and the verdicts of the run's
 * panel judges as columns. A judge who gave several verdicts on a turn (under different prompt
 * templates) is shown by the newest; the JSONL export keeps them all. Returns the rows written.
 */
export async function writeTurnsCsv(
  turns: Iterable<ExportTurn>,
  { output, judges }: { output: Writable; judges: readonly string[] },
): Promise<number> {
  await writeText(output, utf8Bom + formatCsvRecord(turnCsvHeader(judges)));
  let count = 0;
  for (const turn of turns) {
    const verdicts = judges.map((judge) => newestVerdict(turn.verdicts, judge));
    const values = [
      ...turnColumns.map(([, value]) => value(turn)),
      ...verdicts.flatMap((verdict) => verdictFields.map(([, value]) => (verdict ? value(verdict) : null))),
    ];
    await writeText(output, formatCsvRecord(values));
    count++;
  }
  return count;
}

function newestVerdict(verdicts: readonly ExportVerdict[], judge: string): ExportVerdict | undefined {
  let newest: ExportVerdict | undefined;
  for (const verdict of verdicts) {
    if (verdict.judge === judge && (newest === undefined || verdict.createdAt > newest.createdAt)) newest = verdict;
  }
  return newest;
}
