/**
 * The event log in one SQLite file (the embedded default): the client, the durability settings
 * and the store in one layer. WAL journal, `busy_timeout` so writers of other processes wait for
 * the lock instead of failing, and `synchronous = FULL` by default (a committed append survives a
 * power cut; `NORMAL` is faster and may lose the last commits on power loss, never corrupt).
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type * as Migrator from "@effect/sql/Migrator"
import type { SqlError } from "@effect/sql/SqlError"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type { ConfigError } from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { EventStore } from "../EventStore.js"
import * as SqlEventStore from "./SqlEventStore.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlEventStore.Options {
  /** Path of the database file (created when missing). */
  readonly filename: string
  /** `FULL` (default: durable) or `NORMAL` (opt-in: faster, may lose the last commits on power loss). */
  readonly synchronous?: "FULL" | "NORMAL" | undefined
  /** Milliseconds a writer waits for another process's write lock (default 5000). */
  readonly busyTimeout?: number | undefined
  /** More migrations to run after the event log's (e.g. the participant registry). */
  readonly migrations?: Record<string, SqlEventStore.Migration> | undefined
}

/**
 * The connection settings, applied once to the client's single connection.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPragmas = (options: {
  readonly synchronous?: "FULL" | "NORMAL" | undefined
  readonly busyTimeout?: number | undefined
}): Layer.Layer<never, SqlError, SqlClient.SqlClient> =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const busy = Math.max(0, Math.floor(options.busyTimeout ?? 5000))
      yield* sql.unsafe(`PRAGMA busy_timeout = ${busy}`)
      yield* sql.unsafe(`PRAGMA synchronous = ${options.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`)
    })
  )

/**
 * The store and its client (also provided, so other tables can share the connection).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  EventStore | SqlClient.SqlClient | SqliteClient.SqliteClient,
  ConfigError | SqlError | Migrator.MigrationError
> =>
  SqlEventStore.layer(options).pipe(
    Layer.provideMerge(layerPragmas(options)),
    Layer.provideMerge(SqliteClient.layer({ filename: options.filename }))
  )
