import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../error/index.js';
import type { Label, TurnStatus, UnscoredReason } from '../outcome/index.js';
import { HeldWrites, type HeldWrite } from './held-writes.js';
import { prepareDatabase } from './prepare-database.js';
import type {
  PanelOutcome,
  PanelRecord,
  PanelVote,
  RunOwner,
  RunRecord,
  RunStatus,
  TurnCount,
  TurnKey,
  TurnOutcome,
  TurnRecord,
  VerdictCount,
  VerdictOutcome,
  VerdictRecord,
} from './records.js';
import { shareStrings } from './share-strings.js';
import { toStoreError, type StoreOperation } from './to-store-error.js';

// This file runs past 400 lines because each table's row mapping sits beside the queries that
// use it, so a new column changes one file.
type Row = Record<string, unknown>;

/** How long a run's replies and verdicts wait in memory for others to be written with (`groupWrites`). */
export const heldWriteWindowMs = 50;
/** Held rows past which they are written at once, which bounds what a killed run loses. */
export const heldWriteLimit = 256;

/** Token counts summed over one model's or judge's calls in a run. */
export interface UsageSumRow {
  spec: string;
  /** Turns or verdicts stored, each from one call (the last attempt) unless reused. */
  calls: number;
  /** Turns that reused a cached reply: they made no call and count no tokens. */
  reused: number;
  inputTokens: number;
  /** The part of `inputTokens` read from the API's prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
  /** The part of `outputTokens` spent on reasoning. */
  reasoningTokens: number;
}

/** One model's share of the response cache. */
export interface CacheSummaryRow {
  model: string;
  /** Distinct requests whose stored reply a later run can reuse. */
  requests: number;
  /** Turns that reused a cached reply instead of calling the model. */
  reused: number;
  /** Bytes of reply text behind the cached requests. */
  replyBytes: number;
}

/**
 * The SQLite store of runs, turns, verdicts and panel results.
 *
 * Every `save…` call commits on its own, so a reply or verdict is on disk the moment it
 * arrives and a crash loses at most the calls in flight. While a run groups its writes
 * (`groupWrites`), they land within a few tens of milliseconds. WAL mode lets a `stats` read while a
 * run writes. A failure of the file, its disk or a lock held by another process throws
 * `StoreError`.
 *
 * Reads come in two weights: `list…Outcomes` select only the short columns that scores and
 * counts need, while `listTurns`, `listVerdicts` and their `iterate…` forms carry the text.
 * On 100,000 turns the text is hundreds of MB, so code that does not show it reads outcomes, and
 * code that shows it reads one scenario at a time or iterates.
 *
 * NOTE: the file is longer than most because the class owns the connection and its prepared
 * statements; every query goes through `#statement` and `#attempt`.
 */
export class Store {
  readonly path: string;
  readonly #database: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** Set while `groupWrites` is on, with a failed group commit kept until a write or the end throws it. */
  #group: { failure: unknown; heldWrites: HeldWrites } | undefined;
  /** How many `transaction` calls are running, inside which nothing is held. */
  #transactionDepth = 0;

  private constructor(path: string, database: Database.Database) {
    this.path = path;
    this.#database = database;
  }

  /** Opens (and with `create`, creates) the store at `path`, migrating it to the latest schema. */
  static open(path: string, { create = true }: { create?: boolean } = {}): Store {
    if (isFolder(path)) {
      throw new StoreError({
        message: `Cannot open the store ${path}: it is a folder. Point --db at a store file, such as ${join(path, 'complicity.db')}.`,
        path,
      });
    }
    if (create && path !== ':memory:') createFolder(path);
    let database: Database.Database;
    try {
      database = new Database(path, { fileMustExist: !create });
    } catch (error) {
      throw toOpenError(error, path);
    }
    try {
      prepareDatabase(database, { path, create });
    } catch (error) {
      database.close();
      throw toOpenError(error, path);
    }
    return new Store(path, database);
  }

  /** Writes and commits what is still grouped (see `groupWrites`) and closes the connection. */
  close(): void {
    if (this.#group) this.#endGroupWrites();
    this.#database.close();
  }

  /**
   * Groups a run's writes. The rows saved with `saveTurnHeld`, `saveVerdict` and `savePanel`
   * wait in memory for up to `heldWriteWindowMs` (or until `heldWriteLimit` rows) and are written
   * in one transaction. A read or another write writes them first. Other writes made in one turn
   * of the event loop commit together in the loop's check phase. The store's lock is held only
   * while a group is written, never across a wait for the network. On 5,000 replies at 200 ms
   * latency this wrote a third of the log's bytes and took about 8 % less CPU than a commit per
   * loop turn (`docs/decisions/2026-12-05-grouped-writes.md`). A killed process loses the rows
   * held and the open group, whose calls a resume sends again. The next write, or the returned
   * function (which writes the rest and ends grouping), throws a failed commit.
   *
   * @example
   * const endGroup = store.groupWrites();
   * try { await run() } finally { endGroup() }
   */
  groupWrites(): () => void {
    const heldWrites = new HeldWrites({
      windowMs: heldWriteWindowMs,
      limit: heldWriteLimit,
      writeAll: (writes) => this.#writeHeld(writes),
    });
    this.#group = { failure: undefined, heldWrites };
    return () => {
      this.#endGroupWrites();
      const failure = this.#group?.failure;
      this.#group = undefined;
      if (failure !== undefined) throw failure;
    };
  }

  #endGroupWrites(): void {
    try {
      this.#group?.heldWrites.flush();
    } catch {
      // Kept as the group's failure by #writeHeld.
    }
    if (this.#database.inTransaction) this.#commitGroup();
  }

  #commitGroup(): void {
    try {
      this.#database.exec('COMMIT');
    } catch (error) {
      if (this.#database.inTransaction) this.#database.exec('ROLLBACK');
      if (this.#group) this.#group.failure ??= toStoreError({ error, path: this.path, operation: 'write' });
    }
  }

  /** Writes held rows in one transaction, or within the open group of the loop turn. */
  #writeHeld(writes: readonly HeldWrite[]): void {
    try {
      this.#attempt('write', () =>
        this.#database.transaction(() => {
          for (const heldWrite of writes) heldWrite.write();
        })(),
      );
    } catch (error) {
      if (this.#group) this.#group.failure ??= error;
      throw error;
    }
  }

  /** Holds a write while writes are grouped outside `transaction`, or else writes it now. */
  #hold(heldWrite: HeldWrite): void {
    const group = this.#group;
    if (!group || this.#transactionDepth > 0) {
      this.#write(heldWrite.write);
      heldWrite.written?.();
      return;
    }
    if (group.failure !== undefined) throw group.failure;
    group.heldWrites.add(heldWrite);
  }

  /** Runs a write, within the open group of writes when `groupWrites` is on, after the rows held. */
  #write<T>(work: () => T): T {
    const group = this.#group;
    if (group && group.heldWrites.size > 0) group.heldWrites.flush();
    if (group && !this.#database.inTransaction) {
      if (group.failure !== undefined) throw group.failure;
      this.#attempt('write', () => this.#database.exec('BEGIN'));
      setImmediate(() => {
        if (this.#group === group && this.#database.open && this.#database.inTransaction) this.#commitGroup();
      });
    }
    return this.#attempt('write', work);
  }

  /** Prepares each SQL text once: a run writes thousands of rows with the same few statements. */
  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      // Not #attempt: preparing reads no rows, so the rows held need not be written first.
      try {
        statement = this.#database.prepare(sql);
      } catch (error) {
        throw toStoreError({ error, path: this.path, operation: 'read' });
      }
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work`, turning a failure of the file, disk or lock into a `StoreError`. A read first
   * writes the rows held, so it returns them too.
   */
  #attempt<T>(operation: StoreOperation, work: () => T): T {
    if (operation === 'read' && this.#group && this.#group.heldWrites.size > 0) this.#group.heldWrites.flush();
    try {
      return work();
    } catch (error) {
      throw toStoreError({ error, path: this.path, operation });
    }
  }

  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T {
    return this.#write(() => {
      this.#transactionDepth++;
      try {
        return this.#database.transaction(work)();
      } finally {
        this.#transactionDepth--;
      }
    });
  }

  createRun(run: RunRecord): void {
    this.#write(() =>
      this.#statement(
        `INSERT INTO runs (id, created_at, updated_at, status, suite_hash, config_json, scenarios_json, complicity_version)
           VALUES (@id, @createdAt, @updatedAt, @status, @suiteHash, @config, @scenarios, @complicityVersion)`,
      ).run({ ...withoutOwner(run), config: JSON.stringify(run.config), scenarios: JSON.stringify(run.scenarios) }),
    );
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.#attempt('read', () => this.#statement('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined);
    return row ? toRunRecord(row) : undefined;
  }

  /** Lists runs, newest first. */
  listRuns(): RunRecord[] {
    return this.#attempt('read', () => this.#statement('SELECT * FROM runs ORDER BY created_at DESC, id DESC').all() as Row[]).map(
      toRunRecord,
    );
  }

  /**
   * Claims a run for `owner` unless another process holds it and `isHeld` says that process is
   * still there. Checked and written in one transaction, so two processes cannot both claim it.
   */
  claimRun(
    id: string,
    { owner, isHeld }: { owner: RunOwner; isHeld: (current: RunOwner) => boolean },
  ): { claimed: true } | { claimed: false; owner: RunOwner } {
    return this.#write(() =>
      this.#database
        .transaction(() => {
          const current = this.getRun(id)?.owner;
          const mine = current?.pid === owner.pid && current.host === owner.host;
          if (current && !mine && isHeld(current)) return { claimed: false as const, owner: current };
          this.#statement('UPDATE runs SET owner_pid = ?, owner_host = ? WHERE id = ?').run(owner.pid, owner.host, id);
          return { claimed: true as const };
        })
        .immediate(),
    );
  }

  /** Releases a run claimed by `owner`; a claim taken over by another process stays. */
  releaseRun(id: string, owner: RunOwner): void {
    this.#write(() =>
      this.#statement('UPDATE runs SET owner_pid = NULL, owner_host = NULL WHERE id = ? AND owner_pid = ? AND owner_host = ?').run(
        id,
        owner.pid,
        owner.host,
      ),
    );
  }

  /** Replaces a run's stored configuration, for example to record the judges added later. */
  setRunConfig(id: string, config: unknown): void {
    this.#write(() =>
      this.#statement('UPDATE runs SET config_json = ?, updated_at = ? WHERE id = ?').run(
        JSON.stringify(config),
        new Date().toISOString(),
        id,
      ),
    );
  }

  setRunStatus(id: string, status: RunStatus): void {
    this.#write(() => this.#statement('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?').run(status, new Date().toISOString(), id));
  }

  /** Inserts a turn, or replaces the stored turn with the same identity; returns its id. */
  saveTurn(turn: TurnRecord): number {
    const insert = this.#turnInsert();
    return this.#write(() => insert(turn));
  }

  /**
   * Saves a turn as `saveTurn` does, held with the run's other rows while writes are grouped
   * (`groupWrites`). Resolves with its id once written, and rejects when that write fails.
   */
  saveTurnHeld(turn: TurnRecord): Promise<number> {
    const insert = this.#turnInsert();
    return new Promise((resolve, reject) => {
      let id = 0;
      this.#hold({ write: () => (id = insert(turn)), written: () => resolve(id), failed: reject });
    });
  }

  /** Returns a function that inserts or replaces a turn and returns its id, to be called within `#write` or a held group. */
  #turnInsert(): (turn: TurnRecord) => number {
    const statement = this.#statement(
      `INSERT INTO turns (run_id, model, scenario_id, track, level, replicate, status, status_kind, status_message, prompt,
           reply, reasoning, finish_reason, raw_finish_reason, tool_calls_json, input_tokens, output_tokens, reasoning_tokens,
           cached_input_tokens, latency_ms, attempts, request_hash, response_model, request_parameters_json, system_fingerprint,
           upstream_provider, cache_key, cached_from, started_at, finished_at)
         VALUES (@runId, @model, @scenarioId, @track, @level, @replicate, @status, @statusKind, @statusMessage, @prompt,
           @reply, @reasoning, @finishReason, @rawFinishReason, @toolCalls, @inputTokens, @outputTokens, @reasoningTokens,
           @cachedInputTokens, @latencyMs, @attempts, @requestHash, @responseModel, @requestParameters, @systemFingerprint,
           @upstreamProvider, @cacheKey, @cachedFrom, @startedAt, @finishedAt)
         ON CONFLICT (run_id, model, scenario_id, track, level, replicate) DO UPDATE SET
           status = excluded.status, status_kind = excluded.status_kind, status_message = excluded.status_message,
           prompt = excluded.prompt, reply = excluded.reply, reasoning = excluded.reasoning,
           finish_reason = excluded.finish_reason, raw_finish_reason = excluded.raw_finish_reason,
           tool_calls_json = excluded.tool_calls_json, input_tokens = excluded.input_tokens,
           output_tokens = excluded.output_tokens, reasoning_tokens = excluded.reasoning_tokens,
           cached_input_tokens = excluded.cached_input_tokens, latency_ms = excluded.latency_ms,
           attempts = excluded.attempts, request_hash = excluded.request_hash, response_model = excluded.response_model,
           request_parameters_json = excluded.request_parameters_json, system_fingerprint = excluded.system_fingerprint,
           upstream_provider = excluded.upstream_provider, cache_key = excluded.cache_key, cached_from = excluded.cached_from,
           started_at = excluded.started_at, finished_at = excluded.finished_at
         RETURNING id`,
    );
    // all(), not get(): outside a transaction SQLite commits as the statement finishes, and
    // get() resets it after the first row, which drops a failed commit (a full disk) silently.
    return (turn) => (statement.all(toTurnRow(turn)) as { id: number }[])[0]!.id;
  }

  /**
   * Lists a run's turns, or with `scenarioId` those of one scenario, in a stable order: model,
   * scenario, track, replicate, level.
   */
  listTurns(runId: string, { scenarioId }: { scenarioId?: string } = {}): TurnRecord[] {
    return [...this.iterateTurns(runId, { scenarioId })];
  }

  /**
   * Yields a run's turns one at a time in the order of `listTurns`, so the caller keeps one
   * reply in memory at a time. The connection is busy until the loop ends: the loop must not use the store.
   */
  *iterateTurns(runId: string, { scenarioId }: { scenarioId?: string } = {}): Generator<TurnRecord> {
    const statement = this.#statement(
      `SELECT * FROM turns WHERE run_id = @runId AND (@scenarioId IS NULL OR scenario_id = @scenarioId)
         ORDER BY model, scenario_id, track, replicate, level`,
    );
    yield* this.#iterate(statement, { runId, scenarioId: scenarioId ?? null }, toTurnRecord);
  }

  /** Lists a run's turns without their prompts, replies and messages, in the order of `listTurns`. */
  listTurnOutcomes(runId: string): TurnOutcome[] {
    const columns = 'SELECT id, model, scenario_id, track, level, replicate, status, status_kind FROM turns';
    const order = 'ORDER BY model, scenario_id, track, replicate, level LIMIT ?';
    const first = this.#statement(`${columns} WHERE run_id = ? ${order}`);
    const next = this.#statement(
      `${columns} WHERE run_id = ? AND (model, scenario_id, track, replicate, level) > (?, ?, ?, ?, ?) ${order}`,
    );
    const outcomes: TurnOutcome[] = [];
    // Pages of rows, each starting after the last key of the one before (the outcomes index
    // keeps that order): all rows at once held about 90 MB of arrays on 100,000 turns.
    for (let last: TurnOutcome | undefined; ;) {
      const rows = this.#attempt(
        'read',
        () =>
          (last
            ? next.raw(true).all(runId, last.model, last.scenarioId, last.track, last.replicate, last.level, outcomePage)
            : first.raw(true).all(runId, outcomePage)) as TurnOutcomeRow[],
      );
      for (const [id, model, scenarioId, track, level, replicate, status, statusKind] of rows) {
        outcomes.push({
          id,
          model: shared(model),
          scenarioId: shared(scenarioId),
          track: shared(track),
          level,
          replicate,
          status: shared(status),
          statusKind: shared(statusKind ?? undefined),
        });
      }
      if (rows.length < outcomePage) return outcomes;
      last = outcomes[outcomes.length - 1];
    }
  }

  /** Reads a statement's rows one at a time, turning each into a record as it arrives. */
  *#iterate<T>(statement: Database.Statement, parameters: Record<string, unknown>, toRecord: (row: Row) => T): Generator<T> {
    const rows = this.#attempt('read', () => statement.iterate(parameters)) as IterableIterator<Row>;
    while (true) {
      const next = this.#attempt('read', () => rows.next());
      if (next.done) return;
      yield toRecord(next.value);
    }
  }

  getTurn(runId: string, key: TurnKey): TurnRecord | undefined {
    const statement = this.#statement(
      'SELECT * FROM turns WHERE run_id = @runId AND model = @model AND scenario_id = @scenarioId AND track = @track AND level = @level AND replicate = @replicate',
    );
    const row = this.#attempt('read', () => statement.get({ runId, ...key }) as Row | undefined);
    return row ? toTurnRecord(row) : undefined;
  }

  /** Counts a run's turns by status. */
  countTurnsByStatus(runId: string): Map<TurnStatus, number> {
    const statement = this.#statement('SELECT status, COUNT(*) AS count FROM turns WHERE run_id = ? GROUP BY status');
    const rows = this.#attempt('read', () => statement.all(runId) as { status: TurnStatus; count: number }[]);
    return new Map(rows.map((row) => [row.status, row.count]));
  }

  /** Counts a run's turns per model, status and status kind. */
  countTurnsByOutcome(runId: string): TurnCount[] {
    const statement = this.#statement(
      `SELECT model, status, status_kind, COUNT(*) AS turns FROM turns WHERE run_id = ?
         GROUP BY model, status, status_kind ORDER BY model, status, status_kind`,
    );
    const rows = this.#attempt('read', () => statement.all(runId) as Row[]);
    return rows.map((row) => ({
      model: row['model'] as string,
      status: row['status'] as TurnStatus,
      statusKind: optional(row['status_kind']),
      turns: row['turns'] as number,
    }));
  }

  /**
   * Finds a stored `ok` turn with `cacheKey` from a run other than `excludeRunId`, preferring an
   * original reply to a reused one, then the newest. Turns with another status are never returned.
   */
  findCachedTurn(cacheKey: string, { excludeRunId }: { excludeRunId: string }): TurnRecord | undefined {
    const statement = this.#statement(
      `SELECT * FROM turns WHERE cache_key = ? AND run_id <> ? AND status = 'ok'
         ORDER BY cached_from IS NOT NULL, id DESC LIMIT 1`,
    );
    const row = this.#attempt('read', () => statement.get(cacheKey, excludeRunId) as Row | undefined);
    return row ? toTurnRecord(row) : undefined;
  }

  /** Summarises the response cache per model: distinct cached requests, reused turns and reply bytes. */
  summariseCache(): CacheSummaryRow[] {
    const statement = this.#statement(
      `SELECT model, COUNT(DISTINCT cache_key) AS requests, SUM(cached_from IS NOT NULL) AS reused,
           SUM(length(CAST(reply AS BLOB))) AS replyBytes
         FROM turns WHERE cache_key IS NOT NULL GROUP BY model ORDER BY model`,
    );
    return this.#attempt('read', () => statement.all() as CacheSummaryRow[]);
  }

  /** Removes the cache keys of one model or all, so no later run reuses those replies. Returns how many; the turns stay. */
  clearCache({ model }: { model?: string } = {}): number {
    const statement = this.#statement(
      'UPDATE turns SET cache_key = NULL WHERE cache_key IS NOT NULL AND (@model IS NULL OR model = @model)',
    );
    return this.#write(() => statement.run({ model: model ?? null }).changes);
  }

  /**
   * Sums the token counts of a run's calls per model and per judge. Turns reused from the cache
   * made no call and are counted apart; cached input and reasoning never exceed the totals they belong to.
   */
  summariseUsage(runId: string): { models: UsageSumRow[]; judges: UsageSumRow[] } {
    const models = this.#statement(
      `SELECT model AS spec, COUNT(*) AS calls, SUM(cached_from IS NOT NULL) AS reused,
           SUM(IIF(cached_from IS NULL, COALESCE(input_tokens, 0), 0)) AS inputTokens,
           SUM(IIF(cached_from IS NULL, MIN(COALESCE(cached_input_tokens, 0), COALESCE(input_tokens, 0)), 0)) AS cachedInputTokens,
           SUM(IIF(cached_from IS NULL, COALESCE(output_tokens, 0), 0)) AS outputTokens,
           SUM(IIF(cached_from IS NULL, MIN(COALESCE(reasoning_tokens, 0), COALESCE(output_tokens, 0)), 0)) AS reasoningTokens
         FROM turns WHERE run_id = ? AND status <> 'skipped' GROUP BY model ORDER BY model`,
    );
    const judges = this.#statement(
      `SELECT verdicts.judge AS spec, COUNT(*) AS calls, 0 AS reused, SUM(COALESCE(verdicts.input_tokens, 0)) AS inputTokens,
           0 AS cachedInputTokens, SUM(COALESCE(verdicts.output_tokens, 0)) AS outputTokens, 0 AS reasoningTokens
         FROM verdicts JOIN turns ON turns.id = verdicts.turn_id WHERE turns.run_id = ? GROUP BY verdicts.judge ORDER BY verdicts.judge`,
    );
    return this.#attempt('read', () => ({ models: models.all(runId) as UsageSumRow[], judges: judges.all(runId) as UsageSumRow[] }));
  }

  /**
   * Inserts a verdict, or replaces the same judge's verdict made with the same prompt template.
   * Held with the run's other rows while writes are grouped (`groupWrites`).
   */
  saveVerdict(verdict: VerdictRecord): void {
    const statement = this.#statement(
      `INSERT INTO verdicts (turn_id, judge, label, unscored_reason, rationale, flags_json, prompt_version, prompt_hash,
           raw_reply, error_message, attempts, latency_ms, input_tokens, output_tokens, created_at)
         VALUES (@turnId, @judge, @label, @unscoredReason, @rationale, @flags, @promptVersion, @promptHash,
           @rawReply, @errorMessage, @attempts, @latencyMs, @inputTokens, @outputTokens, @createdAt)
         ON CONFLICT (turn_id, judge, prompt_hash) DO UPDATE SET
           label = excluded.label, unscored_reason = excluded.unscored_reason, rationale = excluded.rationale,
           flags_json = excluded.flags_json, prompt_version = excluded.prompt_version, raw_reply = excluded.raw_reply,
           error_message = excluded.error_message, attempts = excluded.attempts, latency_ms = excluded.latency_ms,
           input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, created_at = excluded.created_at`,
    );
    const row = toBindings(verdict, optionalVerdictFields);
    row['flags'] = verdict.flags === undefined ? null : JSON.stringify(verdict.flags);
    this.#hold({ write: () => statement.run(row) });
  }

  /** Lists the verdicts on a run's turns, or with `scenarioId` on those of one scenario. */
  listVerdicts(runId: string, { scenarioId }: { scenarioId?: string } = {}): VerdictRecord[] {
    return [...this.iterateVerdicts(runId, { scenarioId })];
  }

  /** Yields the verdicts of `listVerdicts` one at a time; the loop must not use the store. */
  *iterateVerdicts(runId: string, { scenarioId }: { scenarioId?: string } = {}): Generator<VerdictRecord> {
    const statement = this.#statement(
      `SELECT verdicts.* FROM verdicts JOIN turns ON turns.id = verdicts.turn_id
         WHERE turns.run_id = @runId AND (@scenarioId IS NULL OR turns.scenario_id = @scenarioId)
         ORDER BY verdicts.turn_id, verdicts.judge`,
    );
    yield* this.#iterate(statement, { runId, scenarioId: scenarioId ?? null }, toVerdictRecord);
  }

  /** Lists each judge's prompt template hashes among the verdicts on a run's turns, sorted. */
  listJudgePromptHashes(runId: string): { judge: string; promptHash: string }[] {
    const statement = this.#statement(
      `SELECT DISTINCT verdicts.judge, verdicts.prompt_hash AS promptHash FROM verdicts JOIN turns ON turns.id = verdicts.turn_id
         WHERE turns.run_id = ? ORDER BY verdicts.judge, verdicts.prompt_hash`,
    );
    return this.#attempt('read', () => statement.all(runId) as { judge: string; promptHash: string }[]);
  }

  /** Lists the verdicts on a run's turns without their rationales and raw replies. */
  listVerdictOutcomes(runId: string): VerdictOutcome[] {
    const statement = this.#statement(
      `SELECT verdicts.turn_id, verdicts.judge, verdicts.label, verdicts.unscored_reason, verdicts.prompt_hash
         FROM verdicts JOIN turns ON turns.id = verdicts.turn_id WHERE turns.run_id = ? ORDER BY verdicts.turn_id, verdicts.judge`,
    );
    return this.#attempt('read', () => statement.all(runId) as Row[]).map(toVerdictOutcome);
  }

  /** Counts the verdicts on a run's turns per judge and prompt hash, without reading them. */
  countVerdicts(runId: string): VerdictCount[] {
    const statement = this.#statement(
      `SELECT verdicts.judge, verdicts.prompt_hash AS promptHash, COUNT(*) AS verdicts,
           SUM(verdicts.label IS NOT NULL) AS labelled, SUM(verdicts.unscored_reason IS 'judge_error') AS judgeErrors
         FROM verdicts JOIN turns ON turns.id = verdicts.turn_id WHERE turns.run_id = ?
         GROUP BY verdicts.judge, verdicts.prompt_hash ORDER BY verdicts.judge, verdicts.prompt_hash`,
    );
    return this.#attempt('read', () => statement.all(runId) as VerdictCount[]);
  }

  /** Inserts or replaces a panel result, held with the run's other rows while writes are grouped. */
  savePanel(panel: PanelRecord): void {
    const statement = this.#statement(
      `INSERT INTO panels (turn_id, judges, label, unscored_reason, agreement, votes_json, created_at)
         VALUES (@turnId, @judges, @label, @unscoredReason, @agreement, @votes, @createdAt)
         ON CONFLICT (turn_id, judges) DO UPDATE SET
           label = excluded.label, unscored_reason = excluded.unscored_reason, agreement = excluded.agreement,
           votes_json = excluded.votes_json, created_at = excluded.created_at`,
    );
    const row = { ...panel, votes: JSON.stringify(panel.votes) };
    this.#hold({ write: () => statement.run(row) });
  }

  /** Lists the panel results on a run's turns without their votes, in the order of `listPanels`. */
  listPanelOutcomes(runId: string): PanelOutcome[] {
    const columns = `SELECT panels.turn_id, panels.judges, panels.label, panels.unscored_reason, panels.agreement
       FROM turns JOIN panels ON panels.turn_id = turns.id`;
    const turnOrder = 'turns.model, turns.scenario_id, turns.track, turns.replicate, turns.level';
    const first = this.#statement(`${columns} WHERE turns.run_id = ? ORDER BY ${turnOrder}, panels.judges LIMIT ?`);
    const next = this.#statement(
      `${columns} WHERE turns.run_id = ? AND (${turnOrder}) > (SELECT ${turnOrder} FROM turns WHERE id = ?) ORDER BY ${turnOrder}, panels.judges LIMIT ?`,
    );
    const outcomes: PanelOutcome[] = [];
    // Paged by turn as listTurnOutcomes is, so that neither SQLite's sort by turn id nor the rows
    // hold the whole run at once. A full page drops its last turn, which the next page starts with.
    for (let afterTurn: number | undefined; ;) {
      const rows = this.#attempt(
        'read',
        () =>
          (afterTurn === undefined
            ? first.raw(true).all(runId, outcomePage)
            : next.raw(true).all(runId, afterTurn, outcomePage)) as PanelOutcomeRow[],
      );
      const lastTurn = rows.length < outcomePage ? undefined : rows[rows.length - 1]![0];
      const end = lastTurn === undefined ? rows.length : rows.findIndex((row) => row[0] === lastTurn);
      // A turn has one panel result per set of judges, so this takes thousands of sets.
      if (lastTurn !== undefined && end === 0) {
        throw new Error(`turn ${lastTurn} of run ${runId} has more panel results than one page of ${outcomePage} rows`);
      }
      for (let index = 0; index < end; index++) {
        const [turnId, judges, label, unscoredReason, agreement] = rows[index]!;
        outcomes.push({ turnId, judges: shared(judges), label: shared(label), unscoredReason: shared(unscoredReason), agreement });
      }
      if (lastTurn === undefined) return inTurnIdOrder(outcomes);
      afterTurn = rows[end - 1]![0];
    }
  }

  /** Lists the votes of one panel, `judges` as stored, on a run's turns, in the order of `listPanels`. */
  listPanelVotes(runId: string, judges: string): { turnId: number; votes: PanelVote[] }[] {
    const statement = this.#statement(
      `SELECT panels.turn_id, panels.votes_json FROM panels JOIN turns ON turns.id = panels.turn_id
         WHERE turns.run_id = ? AND panels.judges = ? ORDER BY panels.turn_id`,
    );
    const rows = this.#attempt('read', () => statement.raw(true).all(runId, judges) as [number, string][]);
    return rows.map(([turnId, votes]) => ({ turnId, votes: parseVotes(votes) }));
  }

  /** Lists the panel results on a run's turns with their votes, or with `judges` those of one panel. */
  listPanels(runId: string, { judges }: { judges?: string } = {}): PanelRecord[] {
    const statement = this.#statement(
      `SELECT panels.* FROM panels JOIN turns ON turns.id = panels.turn_id
         WHERE turns.run_id = @runId AND (@judges IS NULL OR panels.judges = @judges) ORDER BY panels.turn_id, panels.judges`,
    );
    return this.#attempt('read', () => statement.all({ runId, judges: judges ?? null }) as Row[]).map(toPanelRecord);
  }
}

/**
 * Copies a record as statement bindings: better-sqlite3 binds `null`, not `undefined`, and
 * every named parameter must be present, so each of `optionalNames` that is absent is null.
 * It builds one object, where spreads built three, because a run binds five rows per reply.
 */
function toBindings(record: object, optionalNames: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of optionalNames) row[name] = null;
  for (const name of Object.keys(record)) {
    const value = (record as Record<string, unknown>)[name];
    row[name] = value === undefined ? null : value;
  }
  return row;
}

const optionalVerdictFields = ['rationale', 'rawReply', 'errorMessage', 'latencyMs', 'inputTokens', 'outputTokens'];

const optionalTurnFields = [
  'statusKind',
  'statusMessage',
  'reply',
  'reasoning',
  'finishReason',
  'rawFinishReason',
  'inputTokens',
  'outputTokens',
  'reasoningTokens',
  'cachedInputTokens',
  'latencyMs',
  'requestHash',
  'responseModel',
  'systemFingerprint',
  'upstreamProvider',
  'cacheKey',
  'cachedFrom',
  'startedAt',
];

function toTurnRow(turn: TurnRecord): Record<string, unknown> {
  const row = toBindings(turn, optionalTurnFields);
  delete row['id'];
  row['toolCalls'] = turn.toolCalls && turn.toolCalls.length > 0 ? JSON.stringify(turn.toolCalls) : null;
  row['requestParameters'] = turn.requestParameters === undefined ? null : JSON.stringify(turn.requestParameters);
  return row;
}

function optional<T>(value: unknown): T | undefined {
  return value === null || value === undefined ? undefined : (value as T);
}

function toRunRecord(row: Row): RunRecord {
  return {
    id: row['id'] as string,
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
    status: row['status'] as RunStatus,
    suiteHash: row['suite_hash'] as string,
    config: JSON.parse(row['config_json'] as string) as unknown,
    scenarios: JSON.parse(row['scenarios_json'] as string) as unknown,
    complicityVersion: row['complicity_version'] as string,
    owner:
      row['owner_pid'] === null || row['owner_pid'] === undefined
        ? undefined
        : { pid: row['owner_pid'] as number, host: row['owner_host'] as string },
  };
}

function toTurnRecord(row: Row): TurnRecord {
  const toolCalls = optional<string>(row['tool_calls_json']);
  const requestParameters = optional<string>(row['request_parameters_json']);
  return {
    ...toTurnOutcome(row),
    runId: row['run_id'] as string,
    statusMessage: optional(row['status_message']),
    prompt: row['prompt'] as string,
    reply: optional(row['reply']),
    reasoning: optional(row['reasoning']),
    finishReason: optional(row['finish_reason']),
    rawFinishReason: optional(row['raw_finish_reason']),
    toolCalls: toolCalls === undefined ? undefined : (JSON.parse(toolCalls) as TurnRecord['toolCalls']),
    inputTokens: optional(row['input_tokens']),
    outputTokens: optional(row['output_tokens']),
    reasoningTokens: optional(row['reasoning_tokens']),
    cachedInputTokens: optional(row['cached_input_tokens']),
    latencyMs: optional(row['latency_ms']),
    attempts: row['attempts'] as number,
    requestHash: optional(row['request_hash']),
    responseModel: optional(row['response_model']),
    requestParameters: requestParameters === undefined ? undefined : (JSON.parse(requestParameters) as Record<string, unknown>),
    systemFingerprint: optional(row['system_fingerprint']),
    upstreamProvider: optional(row['upstream_provider']),
    cacheKey: optional(row['cache_key']),
    cachedFrom: optional(row['cached_from']),
    startedAt: optional(row['started_at']),
    finishedAt: row['finished_at'] as string,
  };
}

// The columns that repeat across a run's rows share one copy of each value.
const shared = shareStrings();

// Rows per page of an outcome listing: a run of 100,000 turns takes ten pages of turns.
const outcomePage = 10_000;

// Turn ids per panel result up to which `inTurnIdOrder` counts rather than sorts.
const countingSortSpan = 8;

/**
 * Puts panel results listed by turn key in turn id order, keeping the order of a turn's panels
 * (by their judges), as listPanels and listPanelVotes give them. A counting sort while the run's
 * turn ids span a range not much wider than the run. A run resumed after other runs wrote to the
 * store can span far more, and then a stable sort keeps the memory to the rows.
 */
function inTurnIdOrder(outcomes: PanelOutcome[]): PanelOutcome[] {
  if (outcomes.length === 0) return outcomes;
  let low = Infinity;
  let high = -Infinity;
  for (const { turnId } of outcomes) {
    low = Math.min(low, turnId);
    high = Math.max(high, turnId);
  }
  if (high - low > countingSortSpan * outcomes.length + 1024) return outcomes.sort((left, right) => left.turnId - right.turnId);
  const starts = new Int32Array(high - low + 2);
  for (const { turnId } of outcomes) starts[turnId - low + 1]!++;
  for (let index = 1; index < starts.length; index++) starts[index]! += starts[index - 1]!;
  const ordered = new Array<PanelOutcome>(outcomes.length);
  for (const outcome of outcomes) ordered[starts[outcome.turnId - low]!++] = outcome;
  return ordered;
}

/** The columns `listPanelOutcomes` selects, in order. */
type PanelOutcomeRow = [number, string, Label | null, UnscoredReason | null, number | null];

/** The columns `listTurnOutcomes` selects, in order. */
type TurnOutcomeRow = [number, string, string, TurnKey['track'], number, number, TurnStatus, string | null];

function toTurnOutcome(row: Row): TurnOutcome {
  return {
    id: row['id'] as number,
    model: shared(row['model'] as string),
    scenarioId: shared(row['scenario_id'] as string),
    track: shared(row['track'] as TurnKey['track']),
    level: row['level'] as number,
    replicate: row['replicate'] as number,
    status: shared(row['status'] as TurnStatus),
    statusKind: shared(optional<string>(row['status_kind'])),
  };
}

function toVerdictOutcome(row: Row): VerdictOutcome {
  return {
    turnId: row['turn_id'] as number,
    judge: shared(row['judge'] as string),
    label: shared((row['label'] as Label | null) ?? null),
    unscoredReason: shared((row['unscored_reason'] as UnscoredReason | null) ?? null),
    promptHash: shared(row['prompt_hash'] as string),
  };
}

function toVerdictRecord(row: Row): VerdictRecord {
  const flags = optional<string>(row['flags_json']);
  return {
    id: row['id'] as number,
    turnId: row['turn_id'] as number,
    judge: row['judge'] as string,
    label: (row['label'] as Label | null) ?? null,
    unscoredReason: (row['unscored_reason'] as UnscoredReason | null) ?? null,
    rationale: optional(row['rationale']),
    flags: flags === undefined ? undefined : (JSON.parse(flags) as VerdictRecord['flags']),
    promptVersion: row['prompt_version'] as string,
    promptHash: row['prompt_hash'] as string,
    rawReply: optional(row['raw_reply']),
    errorMessage: optional(row['error_message']),
    attempts: row['attempts'] as number,
    latencyMs: optional(row['latency_ms']),
    inputTokens: optional(row['input_tokens']),
    outputTokens: optional(row['output_tokens']),
    createdAt: row['created_at'] as string,
  };
}

function toPanelOutcome(row: Row): PanelOutcome {
  return {
    turnId: row['turn_id'] as number,
    judges: shared(row['judges'] as string),
    label: shared((row['label'] as Label | null) ?? null),
    unscoredReason: shared((row['unscored_reason'] as UnscoredReason | null) ?? null),
    agreement: (row['agreement'] as number | null) ?? null,
  };
}

function toPanelRecord(row: Row): PanelRecord {
  return {
    ...toPanelOutcome(row),
    votes: parseVotes(row['votes_json'] as string),
    createdAt: row['created_at'] as string,
  };
}

// A run's panels repeat a few lists of votes, so each distinct list is parsed once and shared,
// frozen so that no reader can change another row's votes.
const parsedVotes = new Map<string, PanelVote[]>();
const parsedVotesLimit = 10_000;

function parseVotes(json: string): PanelVote[] {
  let votes = parsedVotes.get(json);
  if (votes) return votes;
  votes = Object.freeze(
    (JSON.parse(json) as PanelVote[]).map((vote) =>
      Object.freeze({ judge: shared(vote.judge), label: shared(vote.label), unscoredReason: shared(vote.unscoredReason) }),
    ),
  ) as PanelVote[];
  if (parsedVotes.size >= parsedVotesLimit) parsedVotes.clear();
  parsedVotes.set(json, votes);
  return votes;
}

function withoutOwner(run: RunRecord): Omit<RunRecord, 'owner'> {
  const { owner: _owner, ...rest } = run;
  return rest;
}

/** Creates the store's folder; a read-only or full disk fails here before SQLite is involved. */
function createFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new StoreError({
      message: `Cannot create the folder of the store ${path}: ${(error as Error).message}. Point --db at a file in a writable folder.`,
      path,
      cause: error,
    });
  }
}

/** Any failure to open the store is the user's to fix: a wrong path, a wrong file or a bad disk. */
function toOpenError(error: unknown, path: string): StoreError {
  const converted = toStoreError({ error, path, operation: 'open' });
  if (converted instanceof StoreError) return converted;
  return new StoreError({
    message: `Cannot open the store ${path}: ${(error as Error).message}. Point --db at a Complicity store or a new file.`,
    path,
    cause: error,
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    // ENOTDIR and the like: a part of the path is a file, which creating the folder reports.
    return false;
  }
}
