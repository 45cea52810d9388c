/**
 * The data-key store on SQL (SQLite or PostgreSQL): table `participant_keys` (migration
 * "0002_participant_registry"), one row per person. A destroyed key is overwritten with NULL in
 * place and the row kept with `destroyed_at`, so a person never gets a second key. Every write is
 * one statement that decides (compare-and-set for a re-wrap), so concurrent writers need no lock.
 *
 * In the same database as the registry, so that a registration and its key, and an erasure and
 * the key's destruction, commit in one transaction (the registry opens it; these statements join
 * it).
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { DataKeyExists, DataKeyStore, DataKeyStoreError, type DataKeyStoreService } from "../../privacy/DataKeyStore.js"

interface Row {
  readonly participant_id: string
  readonly kek_id: string | null
  readonly wrapped_key: string | null
  readonly destroyed_at: string | null
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<DataKeyStoreService, never, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())
  const wrap =
    (method: string) =>
    <A, E>(self: Effect.Effect<A, E | SqlError>): Effect.Effect<A, Exclude<E, SqlError> | DataKeyStoreError> =>
      Effect.catchIf(
        self,
        (e): e is SqlError => e instanceof SqlError,
        (cause) => Effect.fail(new DataKeyStoreError({ method, cause }))
      ) as Effect.Effect<A, Exclude<E, SqlError> | DataKeyStoreError>

  return DataKeyStore.of({
    insert: (personId, wrapped) =>
      Effect.gen(function* () {
        const createdAt = yield* now
        const inserted = yield* sql`INSERT INTO participant_keys ${sql.insert({
          participant_id: personId,
          kek_id: wrapped.kekId,
          wrapped_key: wrapped.ciphertext,
          created_at: createdAt
        })} ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`
        if (inserted.length === 0) return yield* new DataKeyExists({ personId })
      }).pipe(wrap("insert")),
    get: (personId) =>
      sql<Row>`SELECT participant_id, kek_id, wrapped_key, destroyed_at FROM participant_keys
        WHERE participant_id = ${personId}`.pipe(
        Effect.map((rows) =>
          Option.map(Option.fromNullable(rows[0]), (row) =>
            row.destroyed_at !== null || row.kek_id === null || row.wrapped_key === null
              ? { _tag: "Destroyed" as const, destroyedAt: new Date(row.destroyed_at ?? 0) }
              : { _tag: "Live" as const, wrapped: { kekId: row.kek_id, ciphertext: row.wrapped_key } }
          )
        ),
        wrap("get")
      ),
    replace: (personId, expected, next) =>
      Effect.gen(function* () {
        const rewrappedAt = yield* now
        const replaced = yield* sql`UPDATE participant_keys
          SET kek_id = ${next.kekId}, wrapped_key = ${next.ciphertext}, rewrapped_at = ${rewrappedAt}
          WHERE participant_id = ${personId} AND destroyed_at IS NULL
            AND kek_id = ${expected.kekId} AND wrapped_key = ${expected.ciphertext}
          RETURNING participant_id`
        return replaced.length > 0
      }).pipe(wrap("replace")),
    destroy: (personId, at) =>
      Effect.gen(function* () {
        // The wrapped key is overwritten in place (SQLite with secure_delete zeroes the old cell).
        const destroyed = yield* sql`UPDATE participant_keys
          SET kek_id = NULL, wrapped_key = NULL, destroyed_at = ${at.toISOString()}
          WHERE participant_id = ${personId} AND destroyed_at IS NULL
          RETURNING participant_id`
        return destroyed.length > 0
      }).pipe(wrap("destroy")),
    notWrappedBy: (kekId, limit) =>
      sql<Row>`SELECT participant_id, kek_id, wrapped_key, destroyed_at FROM participant_keys
        WHERE destroyed_at IS NULL AND kek_id <> ${kekId}
        ORDER BY participant_id LIMIT ${Math.max(1, Math.floor(limit))}`.pipe(
        Effect.map((rows) =>
          rows.map((row) => ({
            personId: row.participant_id,
            wrapped: { kekId: row.kek_id!, ciphertext: row.wrapped_key! }
          }))
        ),
        wrap("notWrappedBy")
      ),
    countByKek: () =>
      sql<{ kek_id: string; n: unknown }>`SELECT kek_id, COUNT(*) AS n FROM participant_keys
        WHERE destroyed_at IS NULL GROUP BY kek_id`.pipe(
        Effect.map((rows) => new Map(rows.map((row) => [row.kek_id, Number(row.n)]))),
        wrap("countByKek")
      )
  })
})

/**
 * Requires the `participant_keys` table (migration "0002_participant_registry").
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<DataKeyStore, never, SqlClient.SqlClient> = Layer.effect(DataKeyStore, make)
