/** One step of the store's schema; `version` is stored in SQLite's `user_version` once applied. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The store's schema, as an append-only list: a released migration is never edited, because
 * stores made by earlier versions replay the list from their own `user_version`.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, turns, verdicts and panel results',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        suite_hash TEXT NOT NULL,
        config_json TEXT NOT NULL,
        scenarios_json TEXT NOT NULL,
        complicity_version TEXT NOT NULL
      );

      CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        track TEXT NOT NULL,
        level INTEGER NOT NULL,
        replicate INTEGER NOT NULL,
        status TEXT NOT NULL,
        status_kind TEXT,
        status_message TEXT,
        prompt TEXT NOT NULL,
        reply TEXT,
        reasoning TEXT,
        finish_reason TEXT,
        raw_finish_reason TEXT,
        tool_calls_json TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        reasoning_tokens INTEGER,
        cached_input_tokens INTEGER,
        latency_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        request_hash TEXT,
        response_model TEXT,
        started_at TEXT,
        finished_at TEXT NOT NULL,
        UNIQUE (run_id, model, scenario_id, track, level, replicate)
      );

      CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        judge TEXT NOT NULL,
        label TEXT,
        unscored_reason TEXT,
        rationale TEXT,
        flags_json TEXT,
        prompt_version TEXT NOT NULL,
        prompt_hash TEXT NOT NULL,
        raw_reply TEXT,
        error_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        latency_ms INTEGER,
        input_tokens INTEGER,
        output_tokens INTEGER,
        created_at TEXT NOT NULL,
        UNIQUE (turn_id, judge, prompt_hash)
      );

      CREATE TABLE panels (
        turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        judges TEXT NOT NULL,
        label TEXT,
        unscored_reason TEXT,
        agreement REAL,
        votes_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (turn_id, judges)
      );
    `,
  },
  {
    version: 2,
    description: 'the process that executes a run, so a second one does not execute it too',
    sql: `
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
    `,
  },
  {
    version: 3,
    description: 'drop the empty panel results that runs without a judge stored, which read as judge errors',
    sql: `
      DELETE FROM panels WHERE judges = '';
    `,
  },
  {
    version: 4,
    description: 'the key that lets a later run reuse a stored reply for an identical request, and the turn a reused reply came from',
    sql: `
      ALTER TABLE turns ADD COLUMN cache_key TEXT;
      ALTER TABLE turns ADD COLUMN cached_from INTEGER;
      CREATE INDEX turns_cache_key ON turns (cache_key) WHERE cache_key IS NOT NULL;
    `,
  },
  {
    version: 5,
    description: 'provenance of each turn: the parameters sent, the system fingerprint and the upstream provider',
    sql: `
      ALTER TABLE turns ADD COLUMN request_parameters_json TEXT;
      ALTER TABLE turns ADD COLUMN system_fingerprint TEXT;
      ALTER TABLE turns ADD COLUMN upstream_provider TEXT;
    `,
  },
  {
    version: 6,
    description:
      'indexes that hold every column of a turn, verdict and panel result that figures and token totals read, so they skip the text',
    // A turn's row is mostly its prompt and reply: reading status or token counts from the table
    // loads kilobytes per turn, and from these indexes a few dozen bytes.
    sql: `
      CREATE INDEX turns_outcomes ON turns (
        run_id, model, scenario_id, track, replicate, level, status, status_kind,
        cached_from, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens
      );
      CREATE INDEX verdicts_outcomes ON verdicts (turn_id, judge, label, unscored_reason, prompt_hash, input_tokens, output_tokens);
      CREATE INDEX panels_outcomes ON panels (turn_id, judges, label, unscored_reason, agreement);
    `,
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
