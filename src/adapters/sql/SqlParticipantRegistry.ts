/**
 * The participant registry on SQL (SQLite or PostgreSQL through `SqlClient`): tables
 * `participant_registry`, `participant_erasures`, `participant_keys` and `privacy_keys` (migration
 * "0002_participant_registry"). What is encrypted and how is shared with the memory store
 * (`adapters/registry/EncryptedRegistry.ts`); this file stores it:
 * - a registration inserts the entry and the person's wrapped data key in one transaction; the
 *   UNIQUE blind-index columns refuse a second registration of one NIK or NIP;
 * - an erasure destroys the key, clears the encrypted fields and indexes and records the erasure
 *   in one transaction; then, on SQLite, the WAL is truncated (`Dialect.afterErasure`);
 * - at start, with keys configured, the blind-index key's id is recorded (first use) or compared
 *   (a different key would let duplicate NIKs through: `BlindIndexKeyMismatch`), and every KEK
 *   that wraps a live data key must be in the keyring (`KeyringIncomplete`).
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { ParticipantKind } from "../../domain/ReferenceData.js"
import { ParticipantRegistry, type ParticipantRegistryService, RegistryError } from "../../ports/ParticipantRegistry.js"
import type { DataKeyStoreService } from "../../privacy/DataKeyStore.js"
import * as PrivacyKeys from "../../privacy/PrivacyKeys.js"
import * as EncryptedRegistry from "../registry/EncryptedRegistry.js"
import * as Dialect from "./Dialect.js"
import * as SqlDataKeyStore from "./SqlDataKeyStore.js"

interface Row {
  readonly participant_id: string
  readonly kind: ParticipantKind
  readonly facility: string
  readonly full_name_enc: string | null
  readonly nik_enc: string | null
  readonly nip_enc: string | null
  readonly inmate_number_enc: string | null
  readonly nik_index: string | null
  readonly nip_index: string | null
  readonly registered_at: string
  readonly registered_by: string
  readonly erased_at: string | null
  readonly e_erased_at: string | null
  readonly actor_id: string | null
  readonly actor_role: string | null
  readonly actor_facility: string | null
  readonly lawful_basis: string | null
  readonly reference: string | null
}

const fromRow = (row: Row): EncryptedRegistry.SealedEntry => ({
  participantId: row.participant_id,
  kind: row.kind,
  facility: row.facility,
  fullName: row.full_name_enc,
  nik: row.nik_enc,
  nip: row.nip_enc,
  inmateNumber: row.inmate_number_enc,
  nikIndex: row.nik_index,
  nipIndex: row.nip_index,
  registeredAt: new Date(row.registered_at),
  registeredBy: row.registered_by,
  erasure:
    row.erased_at === null
      ? null
      : {
          erasedAt: new Date(row.e_erased_at ?? row.erased_at),
          erasedBy: { id: row.actor_id ?? "", role: row.actor_role ?? "", facility: row.actor_facility ?? "" },
          lawfulBasis: row.lawful_basis ?? "",
          ...(row.reference !== null ? { reference: row.reference } : {})
        }
})

/** The other registration already holds the id (or had a key): signalled inside the transaction to roll it back. */
class KeyConflict extends Schema.TaggedError<KeyConflict>()("KeyConflict", {}) {}

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Record the blind-index key's id at first use (default true; false for a read-only open). */
  readonly writable?: boolean | undefined
}

/**
 * Builds the registry on the `SqlClient` in context with the keys in context, after the start-up
 * checks. The tables must exist.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<
  ParticipantRegistryService,
  PrivacyKeys.BlindIndexKeyMismatch | PrivacyKeys.KeyringIncomplete | RegistryError,
  SqlClient.SqlClient | PrivacyKeys.PrivacyKeys
> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const dialect = Dialect.make(sql)
    const privacy = yield* PrivacyKeys.PrivacyKeys
    const keyStore = yield* SqlDataKeyStore.make
    const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

    // Database failures become the registry's own error, naming the method; the rest pass through.
    const wrap =
      (method: string) =>
      <A, E, R>(self: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, Exclude<E, SqlError> | RegistryError, R> =>
        Effect.catchIf(
          self,
          (e): e is SqlError => e instanceof SqlError,
          (cause) => Effect.fail(new RegistryError({ method, cause }))
        ) as Effect.Effect<A, Exclude<E, SqlError> | RegistryError, R>

    yield* wrap("start")(dialect.securePersonalData)
    if (Option.isSome(privacy.keys)) {
      yield* startupChecks(sql, keyStore, privacy.keys.value, options.writable ?? true, now).pipe(
        Effect.catchTag("DataKeyStoreError", (cause) => Effect.fail(new RegistryError({ method: "start", cause }))),
        wrap("start")
      )
    }

    const select = sql.literal(`SELECT r.participant_id, r.kind, r.facility, r.full_name_enc, r.nik_enc, r.nip_enc,
        r.inmate_number_enc, r.nik_index, r.nip_index, r.registered_at, r.registered_by, r.erased_at,
        e.erased_at AS e_erased_at, e.actor_id, e.actor_role, e.actor_facility, e.lawful_basis, e.reference
      FROM participant_registry r LEFT JOIN participant_erasures e ON e.participant_id = r.participant_id`)
    type Column = "participant_id" | "nik_index" | "nip_index"
    const findWhere = (column: Column, value: string) =>
      sql<Row>`${select} WHERE r.${sql(column)} = ${value}`.pipe(
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), fromRow))
      )
    const holderOf = (column: Column, value: string | null) =>
      value === null
        ? Effect.succeed(Option.none<string>())
        : sql<{ participant_id: string }>`SELECT participant_id FROM participant_registry
            WHERE ${sql(column)} = ${value}`.pipe(
            Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), (r) => r.participant_id))
          )

    const entries: EncryptedRegistry.EntryStore = {
      insert: (entry, wrapped) =>
        dialect
          .withWriteTransaction(
            Effect.gen(function* () {
              // One statement decides: a conflict on the id or on a blind index inserts nothing, and
              // the loser learns which, not a key violation.
              const inserted = yield* sql`INSERT INTO participant_registry ${sql.insert({
                participant_id: entry.participantId,
                kind: entry.kind,
                facility: entry.facility,
                full_name_enc: entry.fullName,
                nik_enc: entry.nik,
                nip_enc: entry.nip,
                inmate_number_enc: entry.inmateNumber,
                nik_index: entry.nikIndex,
                nip_index: entry.nipIndex,
                registered_at: entry.registeredAt.toISOString(),
                registered_by: entry.registeredBy,
                erased_at: null
              })} ON CONFLICT DO NOTHING RETURNING participant_id`
              if (inserted.length === 0) {
                if (Option.isSome(yield* holderOf("participant_id", entry.participantId))) {
                  return { _tag: "Conflict", field: "participantId", registeredAs: entry.participantId } as const
                }
                for (const [field, column, value] of [
                  ["nik", "nik_index", entry.nikIndex],
                  ["nip", "nip_index", entry.nipIndex]
                ] as const) {
                  const holder = yield* holderOf(column, value)
                  if (Option.isSome(holder)) return { _tag: "Conflict", field, registeredAs: holder.value } as const
                }
                return yield* Effect.dieMessage("participant_registry refused an insert without a conflict")
              }
              yield* keyStore.insert(entry.participantId, wrapped).pipe(
                Effect.catchTags({
                  DataKeyExists: () => new KeyConflict(),
                  DataKeyStoreError: (cause) => new RegistryError({ method: "register", cause })
                })
              )
              return { _tag: "Inserted" } as const
            })
          )
          .pipe(
            Effect.catchTag("KeyConflict", () =>
              Effect.succeed({ _tag: "Conflict", field: "participantId", registeredAs: entry.participantId } as const)
            ),
            wrap("register")
          ),
      find: (participantId) => wrap("get")(findWhere("participant_id", participantId)),
      findByIndex: (field, value) => wrap("find")(findWhere(field === "nik" ? "nik_index" : "nip_index", value)),
      erase: (participantId, record) =>
        Effect.gen(function* () {
          const erasedAt = record.erasedAt.toISOString()
          const erased = yield* dialect.withWriteTransaction(
            Effect.gen(function* () {
              const cleared = yield* sql`UPDATE participant_registry
                SET full_name_enc = NULL, nik_enc = NULL, nip_enc = NULL, inmate_number_enc = NULL,
                    nik_index = NULL, nip_index = NULL, erased_at = ${erasedAt}
                WHERE participant_id = ${participantId} AND erased_at IS NULL
                RETURNING participant_id`
              if (cleared.length === 0) return false
              yield* keyStore
                .destroy(participantId, record.erasedAt)
                .pipe(Effect.catchTag("DataKeyStoreError", (cause) => new RegistryError({ method: "erase", cause })))
              yield* sql`INSERT INTO participant_erasures ${sql.insert({
                participant_id: participantId,
                erased_at: erasedAt,
                actor_id: record.erasedBy.id,
                actor_role: record.erasedBy.role,
                actor_facility: record.erasedBy.facility,
                lawful_basis: record.lawfulBasis,
                reference: record.reference ?? null
              })}`
              return true
            })
          )
          if (erased) yield* dialect.afterErasure
          return yield* findWhere("participant_id", participantId)
        }).pipe(wrap("erase"))
    }
    return yield* EncryptedRegistry.make(entries, keyStore, privacy)
  })

/** The blind-index key recorded (or compared), and every KEK in use present in the keyring. */
const startupChecks = (
  sql: SqlClient.SqlClient,
  keyStore: DataKeyStoreService,
  keys: PrivacyKeys.Keys,
  writable: boolean,
  now: Effect.Effect<string>
) =>
  Effect.gen(function* () {
    const configured = keys.blindIndex.keyId
    if (writable) {
      yield* sql`INSERT INTO privacy_keys ${sql.insert({
        purpose: "blind-index",
        key_id: configured,
        recorded_at: yield* now
      })} ON CONFLICT (purpose) DO NOTHING`
    }
    const stored = yield* sql<{ key_id: string }>`SELECT key_id FROM privacy_keys WHERE purpose = 'blind-index'`
    if (stored[0] !== undefined && stored[0].key_id !== configured) {
      return yield* new PrivacyKeys.BlindIndexKeyMismatch({ stored: stored[0].key_id, configured })
    }
    const counts = yield* keyStore.countByKek()
    const missing = Array.from(counts)
      .filter(([kekId, n]) => n > 0 && !keys.keyring.ids.includes(kekId))
      .map(([kekId, n]) => ({ kekId, keys: n }))
    if (missing.length > 0) {
      return yield* new PrivacyKeys.KeyringIncomplete({ missing, configured: keys.keyring.ids })
    }
  })

/**
 * The registry with the keys in context. Requires the tables (migration
 * "0002_participant_registry"): build it after the migrations ran.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWithKeys = (
  options: Options = {}
): Layer.Layer<
  ParticipantRegistry,
  PrivacyKeys.BlindIndexKeyMismatch | PrivacyKeys.KeyringIncomplete | RegistryError,
  SqlClient.SqlClient | PrivacyKeys.PrivacyKeys
> => Layer.effect(ParticipantRegistry, make(options))

/**
 * The registry with the keys of the `privacy` option, else of the environment, else none (then
 * personal-data operations fail with `PrivacyKeysNotConfigured`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly privacy?: PrivacyKeys.Options | undefined } = {}
): Layer.Layer<
  ParticipantRegistry,
  | PrivacyKeys.BlindIndexKeyMismatch
  | PrivacyKeys.KeyringIncomplete
  | PrivacyKeys.LoadError
  | PrivacyKeys.PrivacyKeysNotConfigured
  | RegistryError,
  SqlClient.SqlClient
> => layerWithKeys(options).pipe(Layer.provide(PrivacyKeys.layerResolved(options.privacy, { ephemeral: false })))
