/**
 * Migration "0002_participant_registry": the table of personal data, apart from the event log.
 * Timestamps are ISO-8601 UTC text in both dialects, so the registry code has no dialect branch.
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category migrations
 */
export const participantRegistryMigration = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE participant_registry (
      participant_id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      facility TEXT NOT NULL,
      full_name TEXT,
      nik TEXT,
      nip TEXT,
      inmate_number TEXT,
      registered_at TEXT NOT NULL,
      erased_at TEXT,
      erasure_reason TEXT
    )
  `
})
