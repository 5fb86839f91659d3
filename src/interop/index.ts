export { loadDystopiaModules } from './dystopiabench/load-module.js';
export { importManifest, type ImportResult } from './dystopiabench/import-manifest.js';
export { loadSuiteSources, runSourcePrefix, validateSuiteSources } from './load-suite-sources.js';
