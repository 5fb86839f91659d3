export { compareProblemPositions } from './compare-problem-positions.js';
export { type SourcePosition } from './locate-yaml-path.js';
export { parseYamlFile, type YamlFileResult } from './parse-yaml-file.js';
export { formatFieldPath } from './format-field-path.js';
