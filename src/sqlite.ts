/**
 * `training-ledger/sqlite`: the stores on a SQLite file (needs `@effect/sql-sqlite-node`).
 *
 * ```ts
 * import { Sqlite } from "training-ledger/sqlite"
 * const Stores = Sqlite.layer({ filename: "./ledger.sqlite" })   // or Sqlite.layerWithClient() on your SqlClient
 * ```
 *
 * @since 0.2.0
 */

/** Every port on a SQLite file, or on your own SQLite `SqlClient`. @since 0.2.0 */
export * as Sqlite from "./adapters/sql/Sqlite.js"
/** The schema's migrations. @since 0.2.0 */
export * as Migrations from "./adapters/sql/Migrations.js"
