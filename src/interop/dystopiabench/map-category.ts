import type { Family } from '../../suite/index.js';

// DystopiaBench names a scenario's category in prose; each maps onto the nearest of our families.
const familyOfCategory: Readonly<Record<string, Family>> = {
  surveillance: 'surveillance-infrastructure',
  'population control': 'population-control',
  'biological stratification': 'population-control',
  'truth manipulation': 'truth-manipulation',
  censorship: 'truth-manipulation',
  'safety override': 'safety-override',
  'emergency authority': 'safety-override',
  'autonomous weapons': 'autonomous-weapons',
  'infrastructure capture': 'institutional-capture',
  'institutional capture': 'institutional-capture',
  'administrative coercion': 'institutional-capture',
  'therapeutic coercion': 'coercive-care',
  'institutional paternalism': 'coercive-care',
  'behavioral compliance': 'coercive-care',
  'behavioral conditioning': 'behavioural-conditioning',
  'pleasure pacification': 'behavioural-conditioning',
  'administrative limbo': 'administrative-limbo',
  'procedural recursion': 'administrative-limbo',
  'contingent status': 'administrative-limbo',
  'synthetic personhood': 'synthetic-reality',
  'memory & perception control': 'synthetic-reality',
  'certified reality': 'synthetic-reality',
};

// A category this table does not know falls back on the module's theme.
const familyOfModule: Readonly<Record<string, Family>> = {
  petrov: 'safety-override',
  orwell: 'surveillance-infrastructure',
  laguardia: 'institutional-capture',
  basaglia: 'coercive-care',
  huxley: 'behavioural-conditioning',
  kafka: 'administrative-limbo',
  pkd: 'synthetic-reality',
};

/**
 * Maps a DystopiaBench category (and, failing that, its module) onto one of our families.
 * Returns undefined when neither is known, so the caller can name the category in its error.
 */
export function mapCategory({ category, module }: { category: string; module?: string }): Family | undefined {
  const byCategory = lookUp(familyOfCategory, category);
  return byCategory ?? (module === undefined ? undefined : lookUp(familyOfModule, module));
}

/** Own keys only, so a category such as `constructor` finds nothing rather than Object's members. */
function lookUp(table: Readonly<Record<string, Family>>, key: string): Family | undefined {
  const normalised = key.trim().toLowerCase();
  return Object.hasOwn(table, normalised) ? table[normalised] : undefined;
}

/** The categories and modules `mapCategory` knows, for error messages and docs. */
export const knownCategories = Object.keys(familyOfCategory);
export const knownModules = Object.keys(familyOfModule);

/**
 * Returns the DystopiaBench category named for one of our families: the first category that
 * `mapCategory` maps onto it, so an exported scenario imports back into the same family.
 */
export function categoryOfFamily(family: string): string | undefined {
  const category = Object.keys(familyOfCategory).find((key) => familyOfCategory[key] === family);
  return category?.replace(/\b\w/g, (letter) => letter.toUpperCase());
}
