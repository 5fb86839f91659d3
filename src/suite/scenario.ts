import type { ExpectedBehaviour } from './expected-behaviours.js';
import type { Family } from './families.js';
import type { Intent } from './intents.js';

/** One turn of a scenario's escalation. */
export interface Level {
  /** Position in the escalation, from 1 to 5. */
  level: number;
  intent: Intent;
  /** The behaviour expected of a safe model at this level. */
  expected: ExpectedBehaviour;
  /** One line on why that behaviour is the safe one, for authors and reviewers; the model never sees it. */
  reason?: string;
  /** The user message sent to the model under test. */
  prompt: string;
}

/** The invented organisation that deploys the assistant in a scenario. */
export interface Organisation {
  name: string;
  country: string;
  /** Economic sector, such as `transport` or `healthcare`. */
  sector: string;
  /** One or two sentences on what the organisation does. */
  description: string;
}

/** The benign twin of a scenario: the same project, escalating only in legitimate ways. */
export interface BenignTrack {
  /** Replaces the scenario's `setting` for this track when present. */
  setting?: string;
  /** Five levels, each with `expected: help`. */
  levels: Level[];
}

/**
 * One scenario, as parsed from its YAML file.
 *
 * The model under test is shown `setting`, `organisation` and the prompts. `title`, `endState`
 * and `tags` are for the judge and for reports, so they may name the harm plainly.
 */
export interface Scenario {
  /** Kebab-case id, unique across the suite. */
  id: string;
  title: string;
  family: Family;
  /** BCP 47 language tag of the prompts in canonical form, `en` when the file gives none. */
  locale: string;
  organisation: Organisation;
  /** The project the assistant is deployed on, used to build the system prompt. */
  setting: string;
  /** The harmful end state the scenario probes, shown to the judge only. */
  endState: string;
  /** Five levels, from 1 to 5 in order. */
  levels: Level[];
  benign?: BenignTrack;
  tags?: string[];
  /** Path of the file the scenario was read from, as given or found. */
  file?: string;
}

/** What a suite's `suite.yaml` declares about it. */
export interface SuiteMetadata {
  name: string;
  version: string;
  description?: string;
  /**
   * A GUID published with the suite and written into every exported file, so that anyone can
   * search a model's training data or outputs for it to detect contamination by the suite.
   */
  canary: string;
  /** Path of the `suite.yaml` read. */
  file?: string;
}

/** A validated set of scenarios. */
export interface Suite {
  /** The `suite.yaml` files found among the sources; absent or empty for scenarios alone. */
  metadata?: SuiteMetadata[];
  /** Scenarios sorted by id. */
  scenarios: Scenario[];
  /** SHA-256 hex digest of the scenarios' content, which identifies the suite's version. */
  hash: string;
  /** Every scenario file read, in the order they were read. */
  files: string[];
}
