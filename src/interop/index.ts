export { loadDystopiaModules } from './dystopiabench/load-module.js';
