/**
 * The participant registry port: personal data by `ParticipantId`, outside the event log.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { InvalidParticipantData, Participant, RegistrationInput } from "../registry/Participant.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipantAlreadyRegistered extends Schema.TaggedError<ParticipantAlreadyRegistered>()(
  "ParticipantAlreadyRegistered",
  { participantId: Schema.String }
) {
  override get message() {
    return `Participant ${this.participantId} is already registered`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipantNotFound extends Schema.TaggedError<ParticipantNotFound>()("ParticipantNotFound", {
  participantId: Schema.String
}) {
  override get message() {
    return `No participant ${this.participantId} in the registry`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class RegistryError extends Schema.TaggedError<RegistryError>()("RegistryError", {
  method: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Participant registry ${this.method} failed: ${cause}`
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ParticipantRegistryService {
  /** Decodes the registration first: malformed input is an `InvalidParticipantData`, never stored. */
  readonly register: (
    registration: RegistrationInput
  ) => Effect.Effect<Participant, InvalidParticipantData | ParticipantAlreadyRegistered | RegistryError>
  readonly get: (participantId: string) => Effect.Effect<Option.Option<Participant>, RegistryError>
  /** Removes the personal data for good; the entry stays, marked erased, so ids still resolve. */
  readonly erase: (
    participantId: string,
    reason: string
  ) => Effect.Effect<Participant, ParticipantNotFound | InvalidParticipantData | RegistryError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class ParticipantRegistry extends Context.Tag("training-ledger/ParticipantRegistry")<
  ParticipantRegistry,
  ParticipantRegistryService
>() {}
