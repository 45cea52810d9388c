/**
 * The participant registry in memory, for tests and quick starts.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Participant from "../../registry/Participant.js"
import {
  ParticipantAlreadyRegistered,
  ParticipantNotFound,
  ParticipantRegistry,
  type ParticipantRegistryService
} from "../../ports/ParticipantRegistry.js"

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<ParticipantRegistryService> = Effect.sync(() => {
  const entries = new Map<string, Participant.Participant>()
  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))
  return ParticipantRegistry.of({
    register: (input) =>
      Effect.gen(function* () {
        const registration = yield* Participant.validate(input)
        if (entries.has(registration.participantId)) {
          return yield* new ParticipantAlreadyRegistered({ participantId: registration.participantId })
        }
        const entry: Participant.Participant = { ...registration, status: "registered", registeredAt: yield* now }
        entries.set(registration.participantId, entry)
        return entry
      }),
    get: (participantId) => Effect.sync(() => Option.fromNullable(entries.get(participantId))),
    erase: (participantId, reason) =>
      Effect.gen(function* () {
        yield* Participant.validateErasureReason(reason)
        const entry = entries.get(participantId)
        if (entry === undefined) return yield* new ParticipantNotFound({ participantId })
        if (entry.status === "erased") return entry
        const erased: Participant.Participant = {
          status: "erased",
          participantId,
          kind: entry.kind,
          facility: entry.facility,
          registeredAt: entry.registeredAt,
          erasedAt: yield* now,
          erasureReason: reason
        }
        entries.set(participantId, erased)
        return erased
      })
  })
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ParticipantRegistry> = Layer.effect(ParticipantRegistry, make)
