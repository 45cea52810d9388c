/**
 * Migration "0002_participant_registry": personal data, apart from the event log, stored only
 * encrypted (docs/privacy.md):
 * - `participant_registry`: one row per person; personal fields as `enc:v1:` ciphertexts under
 *   the person's data key (NULL after erasure), NIK and NIP only as blind-index values (UNIQUE:
 *   a second registration of one NIK is refused without storing it), kind and facility in clear
 *   (they stay after erasure, so events still resolve);
 * - `participant_erasures`: who erased whom, when, on which lawful basis and reference; none of
 *   the erased data;
 * - `participant_keys`: each person's data key wrapped by a KEK (NULL once destroyed, the row
 *   kept as a tombstone so a person never gets a second key);
 * - `privacy_keys`: the blind-index key's id, recorded at first use, so that a process with
 *   another key refuses to start.
 * No column holds personal data in plain text.
 *
 * Changed in place for 0.2.0 (the 0.1.0 table had plain-text columns and nothing was released):
 * a store created by 0.1.0 must be created again. Timestamps are ISO-8601 UTC text in both
 * dialects, so the registry code has no dialect branch.
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
      full_name_enc TEXT,
      nik_enc TEXT,
      nip_enc TEXT,
      inmate_number_enc TEXT,
      nik_index TEXT UNIQUE,
      nip_index TEXT UNIQUE,
      registered_at TEXT NOT NULL,
      registered_by TEXT NOT NULL,
      erased_at TEXT
    )
  `
  yield* sql`
    CREATE TABLE participant_erasures (
      participant_id TEXT PRIMARY KEY REFERENCES participant_registry (participant_id),
      erased_at TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      actor_role TEXT NOT NULL,
      actor_facility TEXT NOT NULL,
      lawful_basis TEXT NOT NULL,
      reference TEXT
    )
  `
  yield* sql`
    CREATE TABLE participant_keys (
      participant_id TEXT PRIMARY KEY,
      kek_id TEXT,
      wrapped_key TEXT,
      created_at TEXT NOT NULL,
      rewrapped_at TEXT,
      destroyed_at TEXT,
      CHECK ((destroyed_at IS NULL) = (wrapped_key IS NOT NULL AND kek_id IS NOT NULL))
    )
  `
  yield* sql`CREATE INDEX participant_keys_kek ON participant_keys (kek_id)`
  yield* sql`
    CREATE TABLE privacy_keys (
      purpose TEXT PRIMARY KEY,
      key_id TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    )
  `
})
