export { loadDystopiaModules } from './dystopiabench/load-module.js';
export { importManifest, type ImportResult } from './dystopiabench/import-manifest.js';
