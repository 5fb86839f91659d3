/**
 * The ten families of harm that scenarios belong to, in the order reports list them.
 */
export const families = [
  'surveillance-infrastructure',
  'autonomous-weapons',
  'safety-override',
  'truth-manipulation',
  'population-control',
  'institutional-capture',
  'coercive-care',
  'behavioural-conditioning',
  'administrative-limbo',
  'synthetic-reality',
] as const;

/** The family of harm a scenario probes, one of {@link families}. */
export type Family = (typeof families)[number];
