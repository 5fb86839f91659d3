export { expectedBehaviours, type ExpectedBehaviour } from './expected-behaviours.js';
export { families, type Family } from './families.js';
export { formatProblem } from './format-problem.js';
export { hashSuite } from './hash-suite.js';
export { intents, type Intent } from './intents.js';
export { loadSuite } from './load-suite.js';
export type { BenignTrack, Level, Organisation, Scenario, Suite } from './scenario.js';
export { trackLevels, tracks, trackSetting, type Track } from './track.js';
export { validateSuite } from './validate-suite.js';
