/**
 * training-ledger on SQLite (the embedded default): one file holds a facility's whole history.
 *
 * - {@link layer} opens (or creates) the file with durable settings and provides every port;
 * - {@link layerConfig} does the same from `Config`;
 * - {@link layerWithClient} uses the application's own `SqlClient` (its connection, its
 *   transactions) and provides every port on it.
 *
 * Settings applied by {@link layer}: WAL journal (by `@effect/sql-sqlite-node`), `busy_timeout`
 * so writers of other processes wait for the lock instead of failing, and `synchronous = FULL`
 * by default (a committed append survives a power cut; `NORMAL` is faster and may lose the last
 * commits on power loss, never corrupt), and `secure_delete = ON` (the participant registry sets
 * it too, on a client of the application's: an erased person's destroyed key must not linger in
 * free pages).
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Config from "effect/Config"
import type { ConfigError } from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqlStores from "./SqlStores.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlStores.Options {
  /** Path of the database file (created when missing). */
  readonly filename: string
  /** `FULL` (default: durable) or `NORMAL` (opt-in: faster, may lose the last commits on power loss). */
  readonly synchronous?: "FULL" | "NORMAL" | undefined
  /** Milliseconds a writer waits for another process's write lock (default 5000). */
  readonly busyTimeout?: number | undefined
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
      // Deleted and overwritten content is zeroed, not left in free pages: a destroyed data key
      // is gone from the file once the WAL is checkpointed (docs/privacy.md, G2).
      yield* sql.unsafe("PRAGMA secure_delete = ON")
    })
  )

/**
 * Every port on the application's own SQLite `SqlClient`. The client's settings are the
 * application's: set `busy_timeout` (see {@link layerPragmas}) if several processes write.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWithClient = (
  options: SqlStores.Options = {}
): Layer.Layer<SqlStores.Stores, SqlStores.LayerError, SqlClient.SqlClient> => SqlStores.layer(options)

/**
 * The client alone: the file opened (created when missing) with the settings above.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerClient = (
  options: Pick<Options, "filename" | "synchronous" | "busyTimeout">
): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient, ConfigError | SqlError> =>
  layerPragmas(options).pipe(Layer.provideMerge(SqliteClient.layer({ filename: options.filename })))

/**
 * Every port on the SQLite file `filename`, and the client (also provided, so an application
 * can add its own tables and transactions on the same connection).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  SqlStores.Stores | SqlClient.SqlClient | SqliteClient.SqliteClient,
  ConfigError | SqlStores.LayerError
> =>
  SqlStores.layer({
    ...options,
    sqliteFile: { filename: options.filename, synchronous: options.synchronous }
  }).pipe(Layer.provideMerge(layerClient(options)))

/**
 * {@link layer} from configuration, e.g. `layerConfig({ filename: Config.string("LEDGER_FILE") })`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<
  SqlStores.Stores | SqlClient.SqlClient | SqliteClient.SqliteClient,
  ConfigError | SqlStores.LayerError
> => Layer.unwrapEffect(Effect.map(Config.unwrap(config), layer))
