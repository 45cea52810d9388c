/**
 * `training-ledger/postgres`: the stores on PostgreSQL (needs `@effect/sql-pg`).
 *
 * ```ts
 * import { Postgres } from "training-ledger/postgres"
 * const Stores = Postgres.layerConfig({ url: Config.redacted("DATABASE_URL") })   // or Postgres.layerWithClient()
 * ```
 *
 * @since 0.2.0
 */

/** Every port on PostgreSQL, or on your own PostgreSQL `SqlClient`. @since 0.2.0 */
export * as Postgres from "./adapters/sql/Postgres.js"
/** The schema's migrations. @since 0.2.0 */
export * as Migrations from "./adapters/sql/Migrations.js"
