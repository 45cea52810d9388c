/**
 * The schema of the SQL adapters, created by `@effect/sql`'s Migrator: one numbered list for the
 * whole library (the event log, the participant registry, the projection store's checkpoints),
 * so every store of one database has the same tables whichever layer opened it first.
 *
 * @since 0.1.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Dialect from "./Dialect.js"
import { merkleTreeMigration } from "./MerkleTreeMigration.js"
import { participantRegistryMigration } from "./ParticipantRegistryMigration.js"
import { projectionStoreMigration } from "./ProjectionStoreMigration.js"

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
 * Migration 0001: the event log (events, head, append-only triggers; the append function on
 * PostgreSQL).
 *
 * @since 0.1.0
 * @category migrations
 */
export const eventLog: Migration = Effect.flatMap(SqlClient.SqlClient, (sql) => Dialect.make(sql).createEventLog)

/**
 * Migration 0004: what projection workers in several processes need (PostgreSQL: a NOTIFY on
 * every append, on a channel of the schema, and advisory-lock keys; nothing on SQLite).
 *
 * @since 0.2.0
 * @category migrations
 */
export const projectionWorkers: Migration = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => Dialect.make(sql).createProjectionWorkers
)

/**
 * Migration 0006: PostgreSQL's short path for batches of appends of one stream each (the batch
 * function of 0001 kept for every other batch); nothing on SQLite.
 *
 * @since 0.2.0
 * @category migrations
 */
export const appendSingle: Migration = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => Dialect.make(sql).createAppendSingle
)

/**
 * Every migration, keyed `NNNN_name` as `Migrator.fromRecord` expects.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001_event_log": eventLog,
  "0002_participant_registry": participantRegistryMigration,
  "0003_projection_store": projectionStoreMigration,
  "0004_projection_workers": projectionWorkers,
  "0005_merkle_tree": merkleTreeMigration,
  "0006_append_single": appendSingle
}

/**
 * Runs the migrations not yet recorded in {@link table}.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrate = (
  records: Readonly<Record<string, Migration>> = migrations
): Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient
> => Migrator.make({})({ loader: Migrator.fromRecord(records as Record<string, Migration>), table })

/**
 * {@link migrate}, retried: two processes creating the migrations table at the same first start
 * make the loser fail once.
 *
 * @since 0.2.0
 * @category migrations
 */
export const run: Effect.Effect<void, Migrator.MigrationError | SqlError, SqlClient.SqlClient> = migrate().pipe(
  Effect.retry({ times: 3, schedule: Schedule.spaced("200 millis") }),
  Effect.asVoid
)
