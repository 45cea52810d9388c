/**
 * training-ledger on PostgreSQL: many application processes append to one log (the append
 * function locks the log head row, which serializes them).
 *
 * - {@link layer} connects to `url` and provides every port;
 * - {@link layerConfig} does the same from `Config`;
 * - {@link layerWithClient} uses the application's own `SqlClient` (its pool, its transactions).
 *
 * @since 0.1.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Config from "effect/Config"
import type { ConfigError } from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as PgNamedStatements from "./PgNamedStatements.js"
import * as SqlStores from "./SqlStores.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlStores.Options {
  /** `postgres://user@host:port/db`; `?options=-c search_path=...` selects a schema. */
  readonly url: string | Redacted.Redacted
  /** Pool size (default 10). */
  readonly maxConnections?: number | undefined
}

/**
 * Every port on the application's own PostgreSQL `SqlClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWithClient = (
  options: SqlStores.Options = {}
): Layer.Layer<SqlStores.Stores, SqlStores.LayerError, SqlClient.SqlClient> => SqlStores.layer(options)

/**
 * The client alone: a pool connected to `url`, whose connections send the store's hottest
 * statements as prepared statements (`PgNamedStatements.ts`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerClient = (
  options: Pick<Options, "url" | "maxConnections">
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, ConfigError | SqlError> =>
  PgClient.layerFromPool({
    acquire: PgNamedStatements.pool({
      url: Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url,
      applicationName: "training-ledger",
      maxConnections: options.maxConnections
    })
  })

/**
 * Every port on the database at `url`, and the client (also provided).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SqlStores.Stores | SqlClient.SqlClient | PgClient.PgClient, ConfigError | SqlStores.LayerError> =>
  SqlStores.layer(options).pipe(Layer.provideMerge(layerClient(options)))

/**
 * {@link layer} from configuration, e.g. `layerConfig({ url: Config.redacted("DATABASE_URL") })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<SqlStores.Stores | SqlClient.SqlClient | PgClient.PgClient, ConfigError | SqlStores.LayerError> =>
  Layer.unwrapEffect(Effect.map(Config.unwrap(config), layer))
