export { combineVotes, type PanelResult } from './combine-votes.js';
export {
  buildJudgeMessage,
  judgePromptHash,
  judgePromptVersion,
  judgeSystemPrompt,
  verdictJsonSchema,
  type JudgeInput,
} from './judge-prompt.js';
export { judgeReply, type JudgeAttempt } from './judge-reply.js';
export { neutraliseDelimiters } from './neutralise-delimiters.js';
export {
  createOfflineJudge,
  currentPromptHash,
  isOfflineJudge,
  offlineJudgeSpec,
  promptOfJudge,
  type Judge,
  type OfflineJudge,
} from './offline-judge.js';
export { offlineAgreement, type OfflineAgreement } from './offline-agreement.js';
export { parseVerdict, type ParsedVerdict } from './parse-verdict.js';
