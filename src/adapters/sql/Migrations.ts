/**
 * The schema of the SQL adapters, created by `@effect/sql`'s Migrator. Later migrations (the
 * participant registry, read models) are added to {@link migrations} under the next number.
 *
 * @since 0.1.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Dialect from "./Dialect.js"

/**
 * The table where the Migrator records which migrations ran.
 *
 * @since 0.1.0
 * @category constants
 */
export const table = "training_ledger_migrations"

/**
 * A migration: an effect against the `SqlClient`, run once, in a transaction, in key order.
 *
 * @since 0.1.0
 * @category models
 */
export type Migration = Effect.Effect<void, unknown, SqlClient.SqlClient>

/**
 * Migration 0001: the event log (events, head; the append functions on PostgreSQL).
 *
 * @since 0.1.0
 * @category migrations
 */
export const eventLog: Migration = Effect.flatMap(SqlClient.SqlClient, (sql) => Dialect.make(sql).createEventLog)

/**
 * Every migration, keyed `NNNN_name` as `Migrator.fromRecord` expects.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Record<string, Migration> = {
  "0001_event_log": eventLog
}

/**
 * Runs the migrations not yet recorded in {@link table} (by default {@link migrations}; pass more
 * to add your own, e.g. `{ ...migrations, "0002_participant_registry": ... }`).
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrate = (
  records: Record<string, Migration> = migrations
): Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient
> => Migrator.make({})({ loader: Migrator.fromRecord(records), table })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  records: Record<string, Migration> = migrations
): Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient.SqlClient> => Layer.effectDiscard(migrate(records))
