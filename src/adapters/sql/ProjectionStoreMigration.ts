/**
 * Migration "0003_projection_store": where each projection stands (its definition's version and
 * the last log position applied). Read-model tables are created by the projection store itself
 * (`ensureTables`), from each projection's table description.
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * @since 0.2.0
 * @category migrations
 */
export const projectionStoreMigration = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE projection_checkpoints (
      projection TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      position BIGINT NOT NULL,
      updated_at TEXT NOT NULL
    )
  `
})
