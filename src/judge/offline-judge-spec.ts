/** The judge spec that selects the offline judge, wherever a judge spec is accepted. */
export const offlineJudgeSpec = 'offline';
