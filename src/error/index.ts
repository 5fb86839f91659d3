export { ComplicityError } from './complicity-error.js';
export { ConfigError } from './config-error.js';
export { ImportError } from './import-error.js';
export { ProviderCallError, type CallErrorKind } from './provider-call-error.js';
export { RunBusyError } from './run-busy-error.js';
export { RunNotFoundError } from './run-not-found-error.js';
export { StoreError } from './store-error.js';
export { SuiteValidationError, type SuiteProblem } from './suite-validation-error.js';
export { UsageError } from './usage-error.js';
