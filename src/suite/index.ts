export { bundledSuitePath } from './bundled-suite-path.js';
export { expectedBehaviours, type ExpectedBehaviour } from './expected-behaviours.js';
export { families, type Family } from './families.js';
export { formatProblem } from './format-problem.js';
export { hashSuite } from './hash-suite.js';
export { intents, type Intent } from './intents.js';
export { loadSuite } from './load-suite.js';
export type { BenignTrack, Level, Organisation, Scenario, Suite, SuiteMetadata } from './scenario.js';
export { suiteMetadataFileName } from './suite-metadata-schema.js';
export { trackLevels, tracks, trackSetting, type Track } from './track.js';
export { validateSuite } from './validate-suite.js';
export {
  checkSuiteContent,
  promptWordRange,
  similarityThreshold,
  type ClosestPair,
  type ContentCheck,
  type ReferencePrompt,
} from './check-suite-content.js';
export { jaccard, wordShingles } from './prompt-similarity.js';
