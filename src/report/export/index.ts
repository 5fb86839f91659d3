export type { ExportPanel, ExportTurn, ExportVerdict } from './export-turn.js';
export { readExportSource, readExportTurns, type ExportSource } from './read-export-turns.js';
export { safeFileName } from './safe-file-name.js';
export { writeJsonl } from './write-jsonl.js';
export { turnCsvHeader, utf8Bom, writeTurnsCsv } from './write-turns-csv.js';
export { summaryCsvHeader, writeSummaryCsv } from './write-summary-csv.js';
export { writeInspectLogs } from './write-inspect-log.js';
