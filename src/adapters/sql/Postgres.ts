/**
 * The event log on PostgreSQL: the client and the store in one layer. Any number of processes may
 * append to the same database: the append function locks the log head row, which serializes them.
 *
 * @since 0.1.0
 */
import type * as Migrator from "@effect/sql/Migrator"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Config from "effect/Config"
import type { ConfigError } from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { EventStore } from "../EventStore.js"
import * as SqlEventStore from "./SqlEventStore.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlEventStore.Options {
  /** `postgres://user@host:port/db`; `?options=-c search_path=...` selects a schema. */
  readonly url: string | Redacted.Redacted
  /** Pool size (default 10). */
  readonly maxConnections?: number | undefined
  /** More migrations to run after the event log's (e.g. the participant registry). */
  readonly migrations?: Record<string, SqlEventStore.Migration> | undefined
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  EventStore | SqlClient.SqlClient | PgClient.PgClient,
  ConfigError | SqlError | Migrator.MigrationError
> =>
  SqlEventStore.layer(options).pipe(
    Layer.provideMerge(
      PgClient.layer({
        url: Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url),
        applicationName: "training-ledger",
        ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {})
      })
    )
  )

/**
 * {@link layer} from configuration, e.g. `layerConfig({ url: Config.redacted("DATABASE_URL") })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<
  EventStore | SqlClient.SqlClient | PgClient.PgClient,
  ConfigError | SqlError | Migrator.MigrationError
> => Layer.unwrapEffect(Effect.map(Config.unwrap(config), layer))
