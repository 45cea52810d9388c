/**
 * The participant registry on SQL (SQLite or PostgreSQL through `SqlClient`). Erasure overwrites
 * the personal columns with NULL in place; the row stays so that ids in the event log still
 * resolve (to "erased").
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Participant from "../../registry/Participant.js"
import {
  ParticipantAlreadyRegistered,
  ParticipantNotFound,
  ParticipantRegistry,
  type ParticipantRegistryService,
  RegistryError
} from "../../ports/ParticipantRegistry.js"

interface Row {
  readonly participant_id: string
  readonly kind: Participant.ParticipantKind
  readonly facility: string
  readonly full_name: string | null
  readonly nik: string | null
  readonly nip: string | null
  readonly inmate_number: string | null
  readonly registered_at: string
  readonly erased_at: string | null
  readonly erasure_reason: string | null
}

const fromRow = (row: Row): Participant.Participant => {
  const base = { participantId: row.participant_id, kind: row.kind, facility: row.facility }
  const registeredAt = new Date(row.registered_at)
  if (row.erased_at !== null) {
    return {
      ...base,
      status: "erased",
      registeredAt,
      erasedAt: new Date(row.erased_at),
      erasureReason: row.erasure_reason ?? ""
    }
  }
  return {
    ...base,
    status: "registered",
    registeredAt,
    fullName: row.full_name ?? "",
    ...(row.nik !== null ? { nik: row.nik } : {}),
    ...(row.nip !== null ? { nip: row.nip } : {}),
    ...(row.inmate_number !== null ? { inmateNumber: row.inmate_number } : {})
  }
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<ParticipantRegistryService, never, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
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

  const find = (participantId: string) =>
    sql<Row>`SELECT * FROM participant_registry WHERE participant_id = ${participantId}`.pipe(
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), fromRow))
    )

  return ParticipantRegistry.of({
    register: (input) =>
      Effect.gen(function* () {
        const r = yield* Participant.validate(input)
        const registeredAt = yield* now
        const row: Row = {
          participant_id: r.participantId,
          kind: r.kind,
          facility: r.facility,
          full_name: r.fullName,
          nik: r.nik ?? null,
          nip: r.nip ?? null,
          inmate_number: r.inmateNumber ?? null,
          registered_at: registeredAt,
          erased_at: null,
          erasure_reason: null
        }
        // One statement decides: two concurrent registrations of one id cannot both insert, and
        // the loser learns it as "already registered", not as a key violation.
        const inserted = yield* sql`INSERT INTO participant_registry ${sql.insert({ ...row })}
          ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`
        if (inserted.length === 0) {
          return yield* new ParticipantAlreadyRegistered({ participantId: r.participantId })
        }
        return fromRow(row)
      }).pipe(wrap("register")),
    get: (participantId) => find(participantId).pipe(wrap("get")),
    erase: (participantId, reason) =>
      Effect.gen(function* () {
        yield* Participant.validateErasureReason(reason)
        const erasedAt = yield* now
        yield* sql`
          UPDATE participant_registry
          SET full_name = NULL, nik = NULL, nip = NULL, inmate_number = NULL,
              erased_at = ${erasedAt}, erasure_reason = ${reason}
          WHERE participant_id = ${participantId} AND erased_at IS NULL
        `
        const entry = yield* find(participantId)
        if (Option.isNone(entry)) return yield* new ParticipantNotFound({ participantId })
        return entry.value
      }).pipe(wrap("erase"))
  })
})

/**
 * Requires the `participant_registry` table (migration "0002_participant_registry").
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ParticipantRegistry, never, SqlClient.SqlClient> = Layer.effect(
  ParticipantRegistry,
  make
)
