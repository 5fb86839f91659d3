export { loadDystopiaModules } from './dystopiabench/load-module.js';
export { importManifest, readResultFile, type ImportResult, type ResultFile } from './dystopiabench/import-manifest.js';
export { loadSuiteSources, runSourcePrefix, validateSuiteSources } from './load-suite-sources.js';
export { prepareReplay, recordedJudgeSpec, replayPrefix, type PreparedReplay } from './replay/prepare-replay.js';
export { startReplayServer, type ReplayServer } from './replay/start-replay-server.js';
export { exportManifest, exportedSchemaVersion, manifestRunId, type ManifestExport } from './dystopiabench/export-manifest.js';
