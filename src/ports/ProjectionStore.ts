/**
 * The projection store port: where read models keep their rows and their checkpoints.
 *
 * Two guarantees the projection engine builds on:
 * - **rows commit with an append**: inside `transaction`, the event store's appends (when it
 *   shares the database: the same `SqlClient`, or the same `MemoryDatabase`) and the row writes
 *   commit together or not at all. That is how inline read models stay consistent with the log.
 * - **checkpoints move by compare-and-set**: `commit` writes a batch of row changes and moves the
 *   projection's checkpoint from the position the worker read to the next one, in one
 *   transaction; if another worker moved it first, nothing is written (`CheckpointConflict`). A
 *   crash never applies an event twice or skips one, and two workers never both advance it.
 *
 * Read-model tables are plain SQL tables described by a {@link Table} (a row Schema and a
 * primary key), so analysts can query them with any SQL tool.
 *
 * For rebuilds, a table `t` has a twin `t__next` ({@link shadowName}) that a rebuild fills while
 * `t` keeps serving readers; `swap` replaces `t` by its twin in one transaction. For workers in
 * several processes, `coordinator` hands out exclusive claims on projections (PostgreSQL
 * advisory locks) and `appended` wakes workers when another process appends (LISTEN/NOTIFY).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"

/**
 * The type of a read-model column, as SQL stores it.
 *
 * - `text`, `integer` (64-bit), `real`, `boolean` (0/1 on SQLite);
 * - `timestamp`: an instant, ISO-8601 UTC text with milliseconds on SQLite, `timestamptz` on
 *   PostgreSQL; a `Date` in rows;
 * - `json`: any JSON value (`jsonb` on PostgreSQL, text on SQLite).
 *
 * @since 0.2.0
 * @category models
 */
export type ColumnType = "text" | "integer" | "real" | "boolean" | "timestamp" | "json"

/**
 * @since 0.2.0
 * @category models
 */
export interface Column {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
  /** What the column holds, for the documentation of the read model. */
  readonly description?: string | undefined
}

/**
 * A read-model table: its name (a SQL identifier), its columns, its primary key and, for tables
 * whose rows belong to one partition of a projection (e.g. one program), the partition column.
 *
 * @since 0.2.0
 * @category models
 */
export interface Table {
  readonly name: string
  readonly columns: ReadonlyArray<Column>
  readonly primaryKey: ReadonlyArray<string>
  readonly partitionColumn?: string | undefined
  /** Extra indexes (each a list of columns) for the queries analysts run. */
  readonly indexes?: ReadonlyArray<ReadonlyArray<string>> | undefined
}

/**
 * A row as the store takes and returns it: column name to value (`string`, `number`, `boolean`,
 * `Date`, a JSON value, or `null`).
 *
 * @since 0.2.0
 * @category models
 */
export type Row = Readonly<Record<string, unknown>>

/**
 * One change to a read-model table.
 *
 * - `upsert`: insert the rows, or replace the rows with the same primary key;
 * - `delete`: delete the rows with these primary keys (each key in primary-key column order);
 * - `replacePartition`: delete every row of the partition, then insert the rows.
 *
 * @since 0.2.0
 * @category models
 */
export type TableChange =
  | { readonly _tag: "upsert"; readonly table: string; readonly rows: ReadonlyArray<Row> }
  | { readonly _tag: "delete"; readonly table: string; readonly keys: ReadonlyArray<ReadonlyArray<unknown>> }
  | {
      readonly _tag: "replacePartition"
      readonly table: string
      readonly partition: string
      readonly rows: ReadonlyArray<Row>
    }

/**
 * Where a projection stands: the version of its definition and the last log position applied.
 *
 * @since 0.2.0
 * @category models
 */
export interface Checkpoint {
  readonly projection: string
  readonly version: number
  readonly position: number
}

/**
 * Moves a checkpoint by compare-and-set: from `expected` (none when the projection has never
 * run) to `next`.
 *
 * @since 0.2.0
 * @category models
 */
export interface CheckpointMove {
  readonly expected: Option.Option<Checkpoint>
  readonly next: Checkpoint
}

/**
 * The name of a table's rebuild twin: `<name>__next`.
 *
 * @since 0.2.0
 * @category models
 */
export const shadowName = (name: string): string => `${name}__next`

/**
 * Exclusive claims on projections for one worker, held as long as the coordinator's scope is
 * open (on PostgreSQL: session advisory locks on one dedicated connection; when the process dies
 * the connection closes and the locks are released).
 *
 * @since 0.2.0
 * @category models
 */
export interface Coordinator {
  /** Takes the claim if nobody holds it; true when this worker holds it (now or already). */
  readonly tryClaim: (projection: string) => Effect.Effect<boolean, ProjectionStoreError>
  readonly release: (projection: string) => Effect.Effect<void, ProjectionStoreError>
  /** False when the claims may have been lost (the dedicated connection broke). */
  readonly alive: Effect.Effect<boolean>
}

/**
 * @since 0.2.0
 * @category models
 */
export interface TransactionOptions {
  /**
   * Hold the event log's write lock for the whole transaction: no append commits until it ends
   * (a rebuild's final catch-up and swap). SQLite's write transactions always do.
   */
  readonly lockLog?: boolean | undefined
}

/**
 * A filter on a table's rows: every listed column equals its value.
 *
 * @since 0.2.0
 * @category models
 */
export type Where = Readonly<Record<string, string | number | boolean>>

/**
 * @since 0.2.0
 * @category models
 */
export interface SelectOptions {
  readonly where?: Where | undefined
  /** Lower bounds: every listed column is at or above its value (e.g. `{ position: 1000 }`). */
  readonly atLeast?: Readonly<Record<string, string | number>> | undefined
  /** Columns to sort by (ascending), default the primary key. */
  readonly orderBy?: ReadonlyArray<string> | undefined
  readonly limit?: number | undefined
}

/**
 * Another worker moved the checkpoint first: nothing of this commit was written.
 *
 * @since 0.2.0
 * @category errors
 */
export class CheckpointConflict extends Schema.TaggedError<CheckpointConflict>()("CheckpointConflict", {
  projection: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number
}) {
  override get message() {
    return `Projection ${this.projection} is at position ${this.actual}, this worker expected ${this.expected}: another worker applied these events`
  }
}

/**
 * The store failed (database unreachable, a table missing, a row that does not fit its table).
 * Names the method.
 *
 * @since 0.2.0
 * @category errors
 */
export class ProjectionStoreError extends Schema.TaggedError<ProjectionStoreError>()("ProjectionStoreError", {
  method: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Projection store ${this.method} failed: ${cause}`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ProjectionStoreService {
  /** Creates the tables (and their indexes) that do not exist yet. */
  readonly ensureTables: (tables: ReadonlyArray<Table>) => Effect.Effect<void, ProjectionStoreError>
  /** Drops the tables if they exist (a rebuild of a changed definition starts from nothing). */
  readonly dropTables: (tables: ReadonlyArray<string>) => Effect.Effect<void, ProjectionStoreError>
  readonly checkpoint: (projection: string) => Effect.Effect<Option.Option<Checkpoint>, ProjectionStoreError>
  /**
   * Applies the changes and, when given, moves the checkpoints (one or several projections), in
   * one transaction. A checkpoint that moved meanwhile fails the commit with
   * `CheckpointConflict`, and nothing of it is written. Inside the caller's `transaction` it
   * joins it: a commit that fails there leaves the transaction to be rolled back.
   */
  readonly commit: (
    changes: ReadonlyArray<TableChange>,
    move?: CheckpointMove | ReadonlyArray<CheckpointMove>
  ) => Effect.Effect<void, CheckpointConflict | ProjectionStoreError>
  /**
   * Runs `effect` in one transaction of the store's database: the event store's appends and the
   * `commit`s made inside commit together, or roll back together when `effect` fails.
   */
  readonly transaction: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options?: TransactionOptions
  ) => Effect.Effect<A, E | ProjectionStoreError, R>
  /**
   * Replaces each table by its twin (`shadowName`), indexes included, removes the twins'
   * checkpoint (`shadowName(projection)`) and sets the projection's checkpoint, in one
   * transaction (joining the caller's): readers see the old tables or the new ones, never half.
   */
  readonly swap: (tables: ReadonlyArray<Table>, checkpoint: Checkpoint) => Effect.Effect<void, ProjectionStoreError>
  /** Claims for a worker, released when the scope closes. */
  readonly coordinator: Effect.Effect<Coordinator, ProjectionStoreError, Scope.Scope>
  /**
   * Signals that another process appended (PostgreSQL: NOTIFY from the append, on a channel
   * of the schema); empty where the database has no notifications (workers poll).
   */
  readonly appended: Stream.Stream<void, ProjectionStoreError>
  /** Rows of a table, filtered by equality, ordered. */
  readonly select: (table: Table, options?: SelectOptions) => Effect.Effect<ReadonlyArray<Row>, ProjectionStoreError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class ProjectionStore extends Context.Tag("training-ledger/ProjectionStore")<
  ProjectionStore,
  ProjectionStoreService
>() {}
