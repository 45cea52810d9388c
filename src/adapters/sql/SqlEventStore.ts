/**
 * The event log on SQL, written once against `@effect/sql`'s `SqlClient` (SQLite or PostgreSQL):
 * the event store and its audit port, assembled from one file per mechanism.
 *
 * - `GroupCommit.ts`: one writer fiber batches concurrent appends into one transaction;
 * - `SqliteAppend.ts`: SQLite's statements under `BEGIN IMMEDIATE`, deciding in TypeScript;
 * - `PgAppend.ts`: PostgreSQL's one round trip, `event_log_append(jsonb)` (`pg/0001_event_log.sql`);
 * - `SqliteDirectAppend.ts` / `SqliteDirectReads.ts`: on a SQLite file `Sqlite.layer` opened, the
 *   append and the stream read on prepared statements of their own connection;
 * - `SqlReads.ts`: keyset pages of a stream or of the whole log; `SqlAudit.ts`: verify, seals,
 *   checkpoints and Merkle proofs (`SqlTree.ts`: the tree's table); `SqlTransfer.ts`: rows as
 *   stored, and the load of a whole log into an empty store;
 * - `Dialect.ts`: the few differences between the two databases; `Migrations.ts`: the schema.
 *
 * @since 0.1.0
 */
import type * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { EventStore, EventStoreError, type EventStoreService } from "../../ports/EventStore.js"
import { LogAudit, type LogAuditService } from "../../ports/LogAudit.js"
import { LogTransfer, type LogTransferService } from "../../ports/LogTransfer.js"
import * as Upcasters from "../../ports/Upcasters.js"
import * as Plan from "../log/AppendPlan.js"
import * as Dialect from "./Dialect.js"
import * as EventRows from "./EventRows.js"
import * as GroupCommit from "./GroupCommit.js"
import * as Migrations from "./Migrations.js"
import * as PgAppend from "./PgAppend.js"
import * as SqlAudit from "./SqlAudit.js"
import * as SqlTransfer from "./SqlTransfer.js"
import * as SqliteAppend from "./SqliteAppend.js"
import * as SqliteDirectAppend from "./SqliteDirectAppend.js"
import * as SqliteDirectReads from "./SqliteDirectReads.js"
import * as SqlReads from "./SqlReads.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Upcasters applied on read. */
  readonly upcasters?: ReadonlyArray<Upcasters.Upcaster> | undefined
  /** The record time of a batch (default: Effect's `Clock`). */
  readonly clock?: (() => Date) | undefined
  /** Most appends written in one transaction (default 256). */
  readonly maxBatchSize?: number | undefined
  /** Rows per round trip for `readStream` and `verify` (default 1000; `readAll` takes its own). */
  readonly readBatchSize?: number | undefined
  /** Run the migrations when the layer is built (default true). */
  readonly migrate?: boolean | undefined
  /**
   * The SQLite file the client works on, set by `Sqlite.layer`: appends outside the caller's
   * transactions then go through prepared statements on a connection of their own
   * (`SqliteDirectAppend.ts`).
   */
  readonly sqliteFile?: SqliteDirectAppend.Options | undefined
}

/**
 * Builds the store and its audit port on the `SqlClient` in context. The schema must exist (see
 * {@link layer}, which migrates first). The writer fiber lives in the given scope.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<
  { readonly store: EventStoreService; readonly audit: LogAuditService; readonly transfer: LogTransferService },
  SqlError,
  SqlClient.SqlClient | Scope.Scope
> =>
  Effect.gen(function* () {
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const dialect = Dialect.make(sql)
    const upcasters = Upcasters.make(options.upcasters ?? [])
    const readBatchSize = Math.max(1, options.readBatchSize ?? 1000)
    const now = options.clock
      ? Effect.sync(() => options.clock!().toISOString())
      : Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

    // Migration 0005 may not have run (a store opened with `migrate: false` on an older schema):
    // then appends go on without the tree, and the audit port's proofs say the migration is due.
    const tree = yield* dialect.hasTable("merkle_nodes")
    const statementAppend = dialect.hasAppendFunction
      ? PgAppend.make(sql, { turnsInFunction: yield* PgAppend.turnsInFunction(sql) })
      : SqliteAppend.make(sql, dialect, { tree })
    const direct =
      !dialect.hasAppendFunction && options.sqliteFile !== undefined
        ? yield* SqliteDirectAppend.make({ ...options.sqliteFile, tree, fallback: statementAppend })
        : undefined
    const submit = yield* GroupCommit.make({
      appendBatch: direct?.appendBatch ?? statementAppend,
      appendInTransaction: statementAppend,
      now,
      maxBatchSize: Math.max(1, options.maxBatchSize ?? 256)
    })
    const reads = SqlReads.make({
      sql,
      dialect,
      upcasters,
      readBatchSize,
      directStreamRows: direct && SqliteDirectReads.make(direct.db, EventRows.selectList(dialect))
    })

    const store: EventStoreService = {
      append: (streamId, expectedVersion, events, metadata) =>
        Effect.flatMap(Plan.validate([{ streamId, expectedVersion, events, metadata }], false), (job) =>
          Effect.map(submit(job, "append"), (results) => results[0])
        ),
      appendMany: (requests) => Effect.flatMap(Plan.validate(requests, true), (job) => submit(job, "appendMany")),
      readStream: reads.readStream,
      readStreamArray: reads.readStreamArray,
      readAll: reads.readAll,
      head: reads.head,
      // PostgreSQL: the stream's turn, held to the end of the transaction (PgAppend's appends
      // wait for it); SQLite writes one transaction at a time already
      exclusive: dialect.hasAppendFunction
        ? (streamId, effect) =>
            sql.withTransaction(Effect.zipRight(PgAppend.takeTurn(sql, streamId), effect)).pipe(
              Effect.catchIf(
                (e): e is SqlError => e instanceof SqlError,
                (cause) => Effect.fail(new EventStoreError({ method: "exclusive", cause }))
              )
            )
        : (_streamId, effect) => effect
    }
    const audit = SqlAudit.make({ sql, dialect, readHead: reads.readHead, readBatchSize, now, tree })
    const transfer = SqlTransfer.make({ sql, dialect, readHead: reads.readHead, tree, readBatchSize })
    return { store, audit, transfer }
  })

/**
 * A migration (see `Migrations.ts`).
 *
 * @since 0.1.0
 * @category models
 */
export type Migration = Migrations.Migration

/**
 * The event store and its audit port on the `SqlClient` in context (the application's own, to
 * share its pool and transactions, or one built by `Sqlite.layer` / `Postgres.layer`). Runs the
 * migrations first.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<EventStore | LogAudit | LogTransfer, Migrator.MigrationError | SqlError, SqlClient.SqlClient> =>
  Layer.scopedContext(
    Effect.zipRight(
      options.migrate === false ? Effect.void : Migrations.run,
      Effect.map(make(options), ({ audit, store, transfer }) =>
        Context.make(EventStore, store).pipe(Context.add(LogAudit, audit), Context.add(LogTransfer, transfer))
      )
    )
  )
