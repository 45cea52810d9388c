/**
 * The participant registry as callers use it: every request authorised by the access policy,
 * every answer shown as the caller's role may see it.
 *
 * - `register` is the policy's `RegisterParticipant` on the participant's facility;
 * - `erase` is `EraseParticipant` on the participant's facility (decided from what the registry
 *   knows without a key, so an erasure never waits for keys);
 * - `get`, `findByNik`, `findByNip` are reads: the reader's role must be allowed at least one
 *   read model with a row per person (the registry is what those rows name), for the
 *   participant's facility; the personal fields the role may not see in clear come back masked
 *   (names) or hidden (identity numbers), an erased person as erased (`policy/Masking.ts`);
 * - `rotateKek` is the operator's, not a role's: it changes no data and reveals none.
 *
 * The port underneath (`ports/ParticipantRegistry.ts`) stores and decrypts without asking who;
 * the Ledger uses it directly to seal a certificate holder's name once `IssueCertificate` itself
 * was authorised.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Decode from "../boundary/Decode.js"
import { Actor } from "../domain/Envelope.js"
import type { ParticipantRegistryService } from "../ports/ParticipantRegistry.js"
import { ParticipantNotFound, ParticipantRegistry } from "../ports/ParticipantRegistry.js"
import { authorize, type NotAuthorised, type ReadGrant } from "../policy/Authorize.js"
import { present } from "../policy/Masking.js"
import { defaultPolicy, perPersonReadModels, type Policy, ReadModel } from "../policy/Policy.js"
import * as Participant from "../registry/Participant.js"
import { InvalidCommandContext } from "./CommandContext.js"

/**
 * Who asks, as a caller writes it: `{ id, role, facility }`.
 *
 * @since 0.2.0
 * @category models
 */
export type ActorInput = typeof Actor.Encoded

type Err<K extends keyof ParticipantRegistryService> = Effect.Effect.Error<ReturnType<ParticipantRegistryService[K]>>

/**
 * @since 0.2.0
 * @category models
 */
export interface ParticipantsService {
  /** Registers a person (authorised as `RegisterParticipant` on the registration's facility). */
  readonly register: (
    registration: unknown,
    actor: ActorInput
  ) => Effect.Effect<Participant.Participant, Err<"register"> | NotAuthorised | InvalidCommandContext>
  /** The entry as the reader may see it; none when there is no such participant. */
  readonly get: (
    participantId: string,
    reader: ActorInput
  ) => Effect.Effect<Option.Option<Participant.Participant>, Err<"get"> | NotAuthorised | InvalidCommandContext>
  /** The entry registered with this NIK, as the reader may see it. */
  readonly findByNik: (
    nik: string,
    reader: ActorInput
  ) => Effect.Effect<Option.Option<Participant.Participant>, Err<"findByNik"> | NotAuthorised | InvalidCommandContext>
  /** The entry registered with this NIP, as the reader may see it. */
  readonly findByNip: (
    nip: string,
    reader: ActorInput
  ) => Effect.Effect<Option.Option<Participant.Participant>, Err<"findByNip"> | NotAuthorised | InvalidCommandContext>
  /**
   * Erases a person's personal data for good (authorised as `EraseParticipant` on the
   * participant's facility); the erasure records the actor, the lawful basis and the reference.
   */
  readonly erase: (
    participantId: string,
    request: { readonly lawfulBasis: string; readonly reference?: string | undefined },
    actor: ActorInput
  ) => Effect.Effect<Participant.Participant, Err<"erase"> | NotAuthorised | InvalidCommandContext>
  /** Re-wraps every live data key under the current KEK (see `ParticipantRegistry.rotateKek`). */
  readonly rotateKek: ParticipantRegistryService["rotateKek"]
}

/**
 * @since 0.2.0
 * @category tags
 */
export class Participants extends Context.Tag("training-ledger/Participants")<Participants, ParticipantsService>() {}

/**
 * @since 0.2.0
 * @category options
 */
export interface Options {
  /** Who may do and see what (default `Policy.defaultPolicy`). */
  readonly policy?: Policy
}

const decodeActor = Decode.decode(Actor, { root: "actor", whole: "actor", onExcessProperty: "error" })
const actorOf = (input: ActorInput) =>
  Either.match(decodeActor(input), {
    onRight: Effect.succeed,
    onLeft: (issues) => Effect.fail(new InvalidCommandContext({ field: issues[0].field, rule: issues[0].rule, issues }))
  })

const fromEither = <A, E>(either: Either.Either<A, E>): Effect.Effect<A, E> =>
  Either.match(either, { onLeft: Effect.fail, onRight: Effect.succeed })

// The read models with a row per person, in the policy's order: a registry read is allowed where one of them is.
const personal = ReadModel.literals.filter((m) => perPersonReadModels.has(m))

/**
 * The grant for reading a participant of `facility`: the first per-person read model the policy
 * allows the reader there, or the refusal for the first of them.
 *
 * @since 0.2.0
 * @category authorisation
 */
export const authorizeRead = (
  actor: { readonly id: string; readonly role: string; readonly facility: string },
  facility: string,
  policy: Policy = defaultPolicy
): Either.Either<ReadGrant, NotAuthorised> => {
  let refusal: NotAuthorised | undefined
  for (const readModel of personal) {
    const result = authorize(actor, { kind: "read", readModel, facility }, policy)
    if (Either.isRight(result)) return Either.right(result.right as ReadGrant)
    // A refusal for the facility says more than "not granted" for the other read models.
    if (refusal === undefined || result.left.reason === "other-facility") refusal = result.left
  }
  return Either.left(refusal!)
}

/** What a registrant without any read grant sees of the entry it made: names masked, numbers hidden. */
const noFields = { fields: [] as ReadonlyArray<never> }

/**
 * An entry as a reader with `grant` sees it: personal fields in clear, masked or hidden.
 *
 * @since 0.2.0
 * @category masking
 */
export const view = (
  participant: Participant.Participant,
  grant: Pick<ReadGrant, "fields">
): Participant.Participant => {
  if (participant.status === "erased") return participant
  const shown = (field: "nik" | "nip" | "inmateNumber") => {
    const value = participant[field]
    return value === undefined ? {} : { [field]: present(field, value, grant.fields) }
  }
  return {
    ...participant,
    fullName: present("fullName", participant.fullName, grant.fields),
    ...shown("nik"),
    ...shown("nip"),
    ...shown("inmateNumber")
  }
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<ParticipantsService, never, ParticipantRegistry> =>
  Effect.gen(function* () {
    const registry = yield* ParticipantRegistry
    const policy = options.policy ?? defaultPolicy

    const command = (actor: typeof Actor.Type, tag: "RegisterParticipant" | "EraseParticipant", facility: string) =>
      fromEither(authorize(actor, { kind: "command", tag, programFacility: facility }, policy))

    /** The entry `find` answers, if the reader may see this participant, masked for the reader. */
    const reading = <E>(reader: ActorInput, find: Effect.Effect<Option.Option<Participant.Participant>, E>) =>
      Effect.gen(function* () {
        const actor = yield* actorOf(reader)
        // Whether the role may read persons at all is known before anything is looked up.
        yield* fromEither(authorizeRead(actor, actor.facility, policy))
        const found = yield* find
        if (Option.isNone(found)) return found
        const grant = yield* fromEither(authorizeRead(actor, found.value.facility, policy))
        return Option.some(view(found.value, grant))
      })

    return Participants.of({
      register: (registration, actorInput) =>
        Effect.gen(function* () {
          const actor = yield* actorOf(actorInput)
          const decoded = yield* Participant.validate(registration)
          yield* command(actor, "RegisterParticipant", decoded.facility)
          const registered = yield* registry.register(registration as Participant.RegistrationInput, actor)
          // The answer too is shown as the registrant's role may see it.
          return view(
            registered,
            Either.getOrElse(authorizeRead(actor, decoded.facility, policy), () => noFields)
          )
        }),
      get: (participantId, reader) =>
        Effect.gen(function* () {
          const actor = yield* actorOf(reader)
          // A role that may read no one learns nothing, not even whether the id exists.
          yield* fromEither(authorizeRead(actor, actor.facility, policy))
          const status = yield* registry.status(participantId)
          if (Option.isNone(status)) return Option.none()
          // Authorised on what needs no key, before anything is decrypted.
          const grant = yield* fromEither(authorizeRead(actor, status.value.facility, policy))
          return Option.map(yield* registry.get(participantId), (p) => view(p, grant))
        }),
      findByNik: (nik, reader) => reading(reader, registry.findByNik(nik)),
      findByNip: (nip, reader) => reading(reader, registry.findByNip(nip)),
      erase: (participantId, request, actorInput) =>
        Effect.gen(function* () {
          const actor = yield* actorOf(actorInput)
          // the request is decoded before anything is looked up: malformed input is refused as such
          yield* Participant.validateErasure(request)
          yield* command(actor, "EraseParticipant", actor.facility)
          const status = yield* registry.status(participantId)
          if (Option.isNone(status)) return yield* new ParticipantNotFound({ participantId })
          yield* command(actor, "EraseParticipant", status.value.facility)
          return yield* registry.erase(participantId, { ...request, actor })
        }),
      rotateKek: registry.rotateKek
    })
  })

/**
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Participants, never, ParticipantRegistry> =>
  Layer.effect(Participants, make(options))
