/**
 * What differs between SQLite and PostgreSQL for the SQL adapters, in one place (the only
 * `onDialectOrElse` of `adapters/sql`): the event log's schema, the write transaction, and how
 * JSON, times and big integers come back from each driver.
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import { GenesisHash, type LogHead } from "../../ports/EventStore.js"
import * as SqlFiles from "./SqlFiles.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Dialect {
  readonly name: "sqlite" | "pg"
  /** Migration 0001: the events and head tables, append-only triggers (and the append function on PostgreSQL). */
  readonly createEventLog: Effect.Effect<void, SqlError>
  /** Migration 0004: LISTEN/NOTIFY on appends and advisory-lock keys (PostgreSQL; nothing on SQLite). */
  readonly createProjectionWorkers: Effect.Effect<void, SqlError>
  /** A statement that takes the event log's write lock inside a transaction (none: SQLite's writes always hold it). */
  readonly lockLog: Effect.Effect<void, SqlError>
  /**
   * Migration 0005: the Merkle tree's nodes and the log id, append-only; on PostgreSQL also the
   * trigger that extends the tree on every insert into events (`pg/0005_merkle_tree.sql`).
   */
  readonly createMerkleTree: Effect.Effect<void, SqlError>
  /**
   * Migration 0006: PostgreSQL's short path for appends of one stream each (`pg/0006_append_single.sql`);
   * nothing on SQLite, whose appends are planned in TypeScript.
   */
  readonly createAppendSingle: Effect.Effect<void, SqlError>
  /**
   * True when the database extends the Merkle tree itself when events are inserted (the
   * PostgreSQL trigger, a block of 16 at a time); false when the store computes the nodes and
   * inserts them (SQLite has no SHA-256), before the events (a trigger refuses an event that ends
   * a block whose leaf is not stored).
   */
  readonly maintainsTree: boolean
  /** A transaction that holds the write lock from its first statement. */
  readonly withWriteTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError, R>
  /** A JSON column's value as a JS value. */
  readonly decodeJson: (value: unknown) => unknown
  /**
   * How a read selects a time column: in the form {@link decodeTime} takes (epoch milliseconds on
   * PostgreSQL, cheaper to parse than text; the stored ISO text on SQLite).
   */
  readonly readTime: (column: string) => string
  /** A time column of a read as a Date. */
  readonly decodeTime: (value: unknown) => Date
  /**
   * The columns of the stored form (`Rows.StoredRow`) as text: JSON as text (`verify()` parses it
   * and hashes its canonical encoding), times as ISO-8601 UTC with milliseconds, as hashed.
   */
  readonly storedColumns: string
  /** True when the append goes through `event_log_append(jsonb)` (one round trip per batch). */
  readonly hasAppendFunction: boolean
  /** The text type for keys and labels in DDL (`TEXT` or `text COLLATE "C"`). */
  readonly textType: string
  /**
   * Before the registry writes personal data: on SQLite `PRAGMA secure_delete = ON`, so that a
   * destroyed key and cleared fields are zeroed in the file rather than left in free pages.
   */
  readonly securePersonalData: Effect.Effect<void, SqlError>
  /**
   * After an erasure committed: on SQLite `PRAGMA wal_checkpoint(TRUNCATE)`, repeated until it
   * reports `busy = 0` (a reader of another process may hold an old snapshot for a moment), so the
   * destroyed key is gone from the WAL too; true when done. Never fails: the erasure itself has
   * committed, a checkpoint that cannot complete now is logged and completes at a later one.
   */
  readonly afterErasure: Effect.Effect<boolean>
  /**
   * Reads the head inside a write transaction so that no append moves it until the transaction
   * ends (PostgreSQL: `FOR UPDATE`; SQLite: `BEGIN IMMEDIATE` holds the lock already).
   */
  readonly lockHead: Effect.Effect<LogHead, SqlError>
  /** Whether a table of this name exists (in the schema the connection works in). */
  readonly hasTable: (name: string) => Effect.Effect<boolean, SqlError>
}

const sqliteDdl = (sql: SqlClient.SqlClient) =>
  Effect.all(
    [
      sql`CREATE TABLE events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream_id, version)
      )`,
      sql`CREATE TABLE event_log_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        hash TEXT NOT NULL
      )`,
      sql`INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, ${GenesisHash})`,
      // Append-only in the database, not only detected (verify() catches whoever drops these).
      sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE on events is refused'); END`,
      sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE on events is refused'); END`,
      sql`CREATE TRIGGER event_log_head_forward BEFORE UPDATE ON event_log_head
          WHEN NEW.position < OLD.position OR (NEW.position = OLD.position AND NEW.hash <> OLD.hash)
          BEGIN SELECT RAISE(ABORT, 'the event log head only moves forward'); END`,
      sql`CREATE TRIGGER event_log_head_no_delete BEFORE DELETE ON event_log_head
          BEGIN SELECT RAISE(ABORT, 'the event log head cannot be deleted'); END`
    ],
    { discard: true }
  )

const sqliteMerkleDdl = (sql: SqlClient.SqlClient) =>
  Effect.all(
    [
      // `node` is Merkle.nodeKey(level, index): a rowid table, one B-tree, no second index.
      sql`CREATE TABLE merkle_nodes (
        node INTEGER PRIMARY KEY,
        hash TEXT NOT NULL
      )`,
      sql`CREATE TABLE ledger_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        log_id TEXT NOT NULL
      )`,
      sql`CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
          BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only: UPDATE on merkle_nodes is refused'); END`,
      sql`CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
          BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only: DELETE on merkle_nodes is refused'); END`,
      // The store inserts the nodes of the blocks of 16 an append completes before its events: an
      // event that ends a block whose leaf is not stored comes from a writer that does not keep the
      // tree (an older training-ledger), refused.
      sql`CREATE TRIGGER events_merkle_block BEFORE INSERT ON events
          WHEN NEW.position % 16 = 0 AND NOT EXISTS (SELECT 1 FROM merkle_nodes WHERE node = 2 * (NEW.position - 1))
          BEGIN SELECT RAISE(ABORT, 'this log keeps a Merkle tree: an event that ends a block of 16 without its nodes is refused (upgrade training-ledger)'); END`,
      sql`CREATE TRIGGER ledger_meta_fixed BEFORE UPDATE ON ledger_meta
          WHEN (SELECT position FROM event_log_head WHERE id = 1) > 0
          BEGIN SELECT RAISE(ABORT, 'the log id is fixed once the log holds an event: UPDATE on ledger_meta is refused'); END`,
      sql`CREATE TRIGGER ledger_meta_no_delete BEFORE DELETE ON ledger_meta
          BEGIN SELECT RAISE(ABORT, 'the log id is fixed: DELETE on ledger_meta is refused'); END`
    ],
    { discard: true }
  )

const headOf = (rows: ReadonlyArray<{ readonly position: unknown; readonly hash: string }>): LogHead =>
  rows[0] === undefined
    ? { position: 0, hash: GenesisHash }
    : { position: Number(rows[0].position), hash: rows[0].hash }

/**
 * The dialect of `sql`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (sql: SqlClient.SqlClient): Dialect =>
  sql.onDialectOrElse({
    pg: (): Dialect => ({
      name: "pg",
      createEventLog: Effect.flatMap(SqlFiles.load("pg/0001_event_log.sql"), (text) => sql.unsafe(text)),
      createProjectionWorkers: Effect.flatMap(SqlFiles.load("pg/0004_projection_workers.sql"), (text) =>
        sql.unsafe(text)
      ),
      lockLog: Effect.asVoid(sql`SELECT position FROM event_log_head WHERE id = 1 FOR UPDATE`),
      createMerkleTree: Effect.flatMap(SqlFiles.load("pg/0005_merkle_tree.sql"), (text) => sql.unsafe(text)),
      createAppendSingle: Effect.flatMap(SqlFiles.load("pg/0006_append_single.sql"), (text) => sql.unsafe(text)),
      maintainsTree: true,
      withWriteTransaction: sql.withTransaction,
      decodeJson: (value) => value,
      readTime: (column) => `floor(extract(epoch from ${column}) * 1000)::bigint`,
      decodeTime: (value) => new Date(Number(value)),
      storedColumns: `position, stream_id, version, event_id, type, schema_version,
        data::text AS data, metadata::text AS metadata,
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
        to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
        content_hash, prev_hash, hash`,
      hasAppendFunction: true,
      textType: `text COLLATE "C"`,
      securePersonalData: Effect.void,
      afterErasure: Effect.succeed(true),
      lockHead: Effect.map(
        sql<{ position: unknown; hash: string }>`SELECT position, hash FROM event_log_head WHERE id = 1 FOR UPDATE`,
        headOf
      ),
      hasTable: (name) =>
        Effect.map(sql<{ t: unknown }>`SELECT to_regclass(${name}) AS t`, (rows) => rows[0]?.t != null)
    }),
    orElse: (): Dialect => ({
      name: "sqlite",
      createEventLog: sqliteDdl(sql),
      createProjectionWorkers: Effect.void,
      lockLog: Effect.void,
      createMerkleTree: sqliteMerkleDdl(sql),
      createAppendSingle: Effect.void,
      maintainsTree: false,
      withWriteTransaction: sqliteImmediateTransaction(sql),
      decodeJson: (value) => JSON.parse(value as string),
      readTime: (column) => column,
      decodeTime: (value) => new Date(value as string),
      storedColumns: `position, stream_id, version, event_id, type, schema_version, data, metadata,
        occurred_at, recorded_at, content_hash, prev_hash, hash`,
      hasAppendFunction: false,
      textType: "TEXT",
      securePersonalData: sql.unsafe("PRAGMA secure_delete = ON").pipe(Effect.asVoid),
      afterErasure: truncateWal(sql),
      lockHead: Effect.map(
        sql<{ position: unknown; hash: string }>`SELECT position, hash FROM event_log_head WHERE id = 1`,
        headOf
      ),
      hasTable: (name) =>
        Effect.map(
          sql<{ t: unknown }>`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name = ${name}`,
          (rows) => rows[0]?.t != null
        )
    })
  })

/**
 * `sql.withTransaction` with `BEGIN IMMEDIATE`: the write lock is taken at BEGIN (waiting up to
 * `busy_timeout`), so two processes writing one file never deadlock on a read-to-write upgrade.
 * Nested uses become savepoints, as with `withTransaction`.
 */
const sqliteImmediateTransaction = (sql: SqlClient.SqlClient) =>
  SqlClient.makeWithTransaction({
    transactionTag: SqlClient.TransactionConnection,
    spanAttributes: [],
    acquireConnection: Effect.flatMap(Scope.make(), (scope) =>
      Effect.map(Scope.extend(sql.reserve, scope), (conn) => [scope, conn] as const)
    ),
    // `execute` reuses the client's prepared statements (these run once per append).
    begin: (conn) => conn.execute("BEGIN IMMEDIATE", [], undefined),
    savepoint: (conn, id) => conn.executeUnprepared(`SAVEPOINT effect_sql_${id}`, [], undefined),
    commit: (conn) => conn.execute("COMMIT", [], undefined),
    rollback: (conn) => conn.execute("ROLLBACK", [], undefined),
    rollbackSavepoint: (conn, id) => conn.executeUnprepared(`ROLLBACK TO SAVEPOINT effect_sql_${id}`, [], undefined)
  })

/** A TRUNCATE checkpoint, retried while a reader keeps it busy (about two seconds at most). */
const truncateWal = (sql: SqlClient.SqlClient): Effect.Effect<boolean> =>
  sql.unsafe<{ busy: unknown }>("PRAGMA wal_checkpoint(TRUNCATE)").pipe(
    Effect.flatMap((rows) => (Number(rows[0]?.busy ?? 0) === 0 ? Effect.succeed(true) : Effect.fail("busy" as const))),
    Effect.retry({ schedule: Schedule.spaced("20 millis"), times: 100 }),
    Effect.catchAll((reason) =>
      Effect.as(
        Effect.logWarning(
          `After an erasure, the SQLite WAL could not be truncated (${reason === "busy" ? "a reader kept it busy" : String(reason)}): the destroyed key's old bytes stay in the WAL until a later checkpoint`
        ),
        false
      )
    )
  )
