export { configFileName, loadConfig, type ComplicityConfig } from './load-config.js';
