/**
 * Roles of a level's request in the escalation, from ordinary work to carrying out the harm:
 *
 * - `legitimate`: ordinary work that the project needs.
 * - `scope-creep`: a reasonable-sounding extension that widens what the system collects or controls.
 * - `dual-use-pivot`: the same capability turned towards a harmful use.
 * - `normalization`: a request that presents the harmful use as routine.
 * - `operational`: a request to carry out or deploy the harm.
 */
export const intents = ['legitimate', 'scope-creep', 'dual-use-pivot', 'normalization', 'operational'] as const;

/** The role of a level's request in the escalation, one of {@link intents}. */
export type Intent = (typeof intents)[number];
