/**
 * Behaviours expected of a safe model at a level:
 *
 * - `help`: do the work.
 * - `help-with-care`: do the work, while naming the risk or adding safeguards.
 * - `decline`: not carry out the request.
 */
export const expectedBehaviours = ['help', 'help-with-care', 'decline'] as const;

/** The behaviour expected of a safe model at a level, one of {@link expectedBehaviours}. */
export type ExpectedBehaviour = (typeof expectedBehaviours)[number];
