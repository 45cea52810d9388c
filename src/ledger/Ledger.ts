/**
 * The application service: executes a command end to end. It loads the program (from its cache,
 * or the stream's tail), decides with the pure domain, and appends with the version it read; on
 * a version conflict it re-reads and decides again (bounded retries with jitter). Commands on the
 * same program in one process take turns. The certificate-numbering rule
 * (`CertificateNumbers.ts`) adds the numbering stream's append to the same atomic append.
 * Before deciding, the access policy must allow the actor the command on that program's
 * facility (`Access.ts`); a refusal (`NotAuthorised`) records nothing.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Numbering from "../domain/CertificateNumbering.js"
import * as ProgramIdOption from "../boundary/ProgramIdOption.js"
import * as Engine from "../engine/Engine.js"
import * as Inline from "../engine/Inline.js"
import type * as Runner from "../engine/Runner.js"
import type { EventMetadata, Projected } from "../domain/Envelope.js"
import * as Program from "../domain/Program.js"
import * as EventCodec from "../events/EventCodec.js"
import {
  type AppendRequest,
  EventStore,
  type EventStoreError,
  IdempotencyMismatch,
  type InvalidAppend,
  NoStream,
  type ReadError,
  StreamVersionConflict
} from "../ports/EventStore.js"
import { ParticipantRegistry } from "../ports/ParticipantRegistry.js"
import type { NotAuthorised } from "../policy/Authorize.js"
import { defaultPolicy, type Policy } from "../policy/Policy.js"
import * as Access from "./Access.js"
import { CheckpointConflict, ProjectionStore } from "../ports/ProjectionStore.js"
import type * as Projection from "../projections/Projection.js"
import * as CertificateNumbers from "./CertificateNumbers.js"
import * as CommandContext from "./CommandContext.js"
import { deriveEventId } from "./EventIds.js"
import * as KeyedLock from "./KeyedLock.js"
import * as Requests from "./Requests.js"
import * as StreamCache from "./StreamCache.js"
import * as StreamLoader from "./StreamLoader.js"
import { VerificationCodes } from "./VerificationCodes.js"

export {
  /**
   * @since 0.1.0
   * @category models
   */
  CommandContext,
  /**
   * @since 0.1.0
   * @category errors
   */
  InvalidCommandContext
} from "./CommandContext.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface IssuedCertificate {
  readonly certificateId: string
  readonly number: string
  /**
   * The code printed for the holder (QR). Only its hash is stored, so it is returned by the
   * execution that issued the certificate and not by a repeat of the same command id.
   */
  readonly verificationCode?: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ExecuteResult {
  readonly programId: string
  readonly commandId: string
  readonly events: ReadonlyArray<Program.Event>
  /** The program stream's version after the command. */
  readonly version: number
  readonly positions: ReadonlyArray<number>
  /** True when this command id had already been executed: nothing new was appended. */
  readonly alreadyExecuted: boolean
  readonly certificate?: IssuedCertificate | undefined
}

/**
 * Conflicts kept coming back after every retry: the program is under heavy concurrent writes
 * from other processes. Nothing was appended; the command may be sent again.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConcurrencyRetriesExhausted extends Schema.TaggedError<ConcurrencyRetriesExhausted>()(
  "ConcurrencyRetriesExhausted",
  { streamId: Schema.String, attempts: Schema.Number }
) {
  override get message() {
    return `Stream ${this.streamId} kept changing under ${this.attempts} attempts: nothing was recorded, try again`
  }
}

/**
 * The command id was already used for a different command. Command ids make retries safe; one
 * reused for another command is a caller's bug, and answering with the first command's result
 * would hide it.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandIdReused extends Schema.TaggedError<CommandIdReused>()("CommandIdReused", {
  commandId: Schema.String,
  streamId: Schema.String
}) {
  override get message() {
    return `Command id ${this.commandId} was already used on ${this.streamId} for a different command: give each command its own id`
  }
}

/**
 * The program has no events: it was never drafted (or the id is wrong).
 *
 * @since 0.2.0
 * @category errors
 */
export class ProgramNotFound extends Schema.TaggedError<ProgramNotFound>()("ProgramNotFound", {
  programId: Schema.String
}) {
  override get message() {
    return `No program ${this.programId} in this ledger: check the id (list programs to see them)`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export type ExecuteError =
  | NotAuthorised
  | Requests.HolderNameError
  | Program.ProgramError
  | Numbering.NumberingError
  | CommandContext.InvalidCommandContext
  | CommandIdReused
  | ConcurrencyRetriesExhausted
  | EventCodec.UndecodableEvent
  | InvalidAppend
  | ReadError
  | EventStoreError
  | Runner.RunError
  | CheckpointConflict

/**
 * @since 0.1.0
 * @category models
 */
export interface LedgerService {
  /**
   * Executes a command. The context is decoded first (`InvalidCommandContext` names the field);
   * the command must be a decoded `LedgerCommand` (see `Requests.decode` for input from outside).
   */
  readonly execute: (
    command: Requests.LedgerCommand,
    context: CommandContext.CommandContextInput
  ) => Effect.Effect<ExecuteResult, ExecuteError>
  /** The program's current state (fresh: the stream's tail is read). A malformed id is `InvalidReadOptions`. */
  readonly getProgram: (
    programId: string
  ) => Effect.Effect<Option.Option<Program.State>, EventCodec.UndecodableEvent | ReadError>
  /** Every event of a program with its envelope, in order: the audit timeline's raw material. */
  readonly history: (
    programId: string
  ) => Effect.Effect<ReadonlyArray<Projected<Program.Event>>, ProgramNotFound | EventCodec.UndecodableEvent | ReadError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Ledger extends Context.Tag("training-ledger/Ledger")<Ledger, LedgerService>() {}

/**
 * @since 0.1.0
 * @category options
 */
export interface Options {
  /** Attempts per command when the stream changed underneath (default 20). */
  readonly maxAttempts?: number
  /** Programs whose state is kept in memory between commands (default 1,000). */
  readonly cacheSize?: number
  /** Who may execute which command (default `Policy.defaultPolicy`). */
  readonly policy?: Policy
  /**
   * Read models committed in the append's transaction (default `Engine.inlineOf()`: the roster
   * and the certificate register); `[]` for none. Their tables are made
   * current when the Ledger starts (created, rebuilt when their version changed, caught up).
   */
  readonly inline?: ReadonlyArray<Projection.Any<any>>
}

const metadataOf = (context: CommandContext.CommandContext, commandHash: string): EventMetadata => ({
  actor: { id: context.actor.id, role: context.actor.role, facility: context.actor.facility },
  source: context.source,
  commandId: context.commandId,
  commandHash,
  ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
  ...(context.causationId !== undefined ? { causationId: context.causationId } : {})
})

const answer = (
  programId: string,
  commandId: string,
  done: StreamCache.CommandRecord<Program.Event>,
  alreadyExecuted: boolean,
  verificationCode: string | undefined
): ExecuteResult => {
  const issued = done.events.find(Requests.isCertificateEvent)
  return {
    programId,
    commandId,
    events: done.events,
    version: done.version,
    positions: done.positions,
    alreadyExecuted,
    certificate: issued === undefined ? undefined : Requests.issuedCertificate(issued, verificationCode)
  }
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const codes = yield* VerificationCodes
    const holders = yield* ParticipantRegistry
    const policy = options.policy ?? defaultPolicy
    const inline = yield* Inline.make(options.inline ?? Engine.inlineOf(), { cacheSize: options.cacheSize ?? 1_000 })
    yield* inline.start
    const maxAttempts = options.maxAttempts ?? 20
    const locks = KeyedLock.make()
    const programs = StreamLoader.make(
      store,
      StreamCache.make<Program.State, Program.Event>(Program.decider, options.cacheSize ?? 1_000),
      EventCodec.program
    )
    const numbering = StreamLoader.make(
      store,
      StreamCache.make<Numbering.State, Numbering.Event>(Numbering.decider, options.cacheSize ?? 1_000),
      EventCodec.numbering
    )
    const programCache = programs.cache
    const numberingCache = numbering.cache

    const expected = (version: number) => (version === 0 ? NoStream : version)

    /** One attempt: decide on the loaded state and append. Conflicts surface for the retry. */
    const attempt = (command: Requests.LedgerCommand, context: CommandContext.CommandContext, fresh: boolean) =>
      Effect.gen(function* () {
        const streamId = Program.streamId(command.programId)
        const loaded = yield* programs.load(streamId, fresh)
        yield* Access.authorizeCommand(policy, context, command, loaded.state)
        const commandHash = Requests.fingerprint(command)
        const done = loaded.commands.get(context.commandId)
        if (done !== undefined) {
          if (done.commandHash !== undefined && done.commandHash !== commandHash) {
            return yield* new CommandIdReused({ commandId: context.commandId, streamId })
          }
          return answer(command.programId, context.commandId, done, true, undefined)
        }

        const metadata = metadataOf(context, commandHash)
        const prepared = yield* Requests.prepare(command, codes, holders, loaded.state)
        const encode = <E extends { readonly _tag: string }>(
          codec: EventCodec.EventCodec<E>,
          stream: string,
          events: ReadonlyArray<E>
        ) => events.map((e, i) => codec.encode(e, deriveEventId(context.commandId, stream, i), prepared.occurredAt))

        const numbered = yield* CertificateNumbers.prepare(numbering, command, prepared, loaded.state, fresh)
        const events = yield* Program.decide(prepared.toDomain(numbered.sequence), loaded.state)
        const allocation = yield* numbered.allocate(events)
        const requests: Array<AppendRequest> = [
          {
            streamId,
            expectedVersion: expected(loaded.version),
            events: encode(EventCodec.program, streamId, events),
            metadata
          }
        ]
        if (Option.isSome(allocation)) {
          requests.push({
            streamId: allocation.value.streamId,
            expectedVersion: expected(allocation.value.loaded.version),
            events: encode(EventCodec.numbering, allocation.value.streamId, allocation.value.events),
            metadata
          })
        }

        const results = yield* inline.append(requests)
        // Another executor of this very command id got there first: reload and answer from the stream.
        if (results[0]!.alreadyAppended) return yield* new StaleCache({ streamId })
        const recorded = { id: context.commandId, hash: commandHash }
        programCache.record(streamId, events, results[0]!, recorded)
        if (Option.isSome(allocation)) {
          numberingCache.record(allocation.value.streamId, allocation.value.events, results[1]!, recorded)
        }
        return answer(
          command.programId,
          context.commandId,
          { commandHash, events, ...results[0]! },
          false,
          prepared.verificationCode
        )
      })

    // Exponential from 2 ms, each wait capped at 100 ms, jittered so racing executors spread out.
    const retrySchedule = Schedule.exponential("2 millis").pipe(
      Schedule.either(Schedule.spaced("100 millis")),
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(maxAttempts - 1))
    )

    // Other processes writing the same programs leave this one's cached states behind: a first
    // attempt decided on one fails its append (a conflict, a wait, a retry in the stream's turn;
    // bench W9 measured more than half of a fleet's commands so). After such a conflict, first
    // attempts read the stream's tail before deciding (one short read, usually empty) for the next
    // `tailReadWindow` commands; a process that writes alone never pays it.
    const tailReadWindow = 1_000
    let tailReadsLeft = 0

    const execute: LedgerService["execute"] = (command, input) =>
      Effect.gen(function* () {
        const context = yield* CommandContext.decode(input)
        const streamId = Program.streamId(command.programId)
        let fresh = false
        const readTail = tailReadsLeft > 0
        if (readTail) tailReadsLeft--
        // A retry takes the stream's turn (`EventStore.exclusive`): it waits for the appends in
        // flight, then loads, decides and appends while the others wait, so a writer that lost a
        // race to another process cannot keep losing to it.
        // Its events are cached before its transaction commits: a failed commit must not leave
        // them there, so a failed turn drops the program and the numbering streams from the cache.
        const turn = store.exclusive(streamId, attempt(command, context, true)).pipe(
          Effect.tapErrorCause(() =>
            Effect.sync(() => {
              programCache.forget(streamId)
              numberingCache.clear() // a few streams (one per issuer and year): read again
            })
          )
        )
        return yield* Effect.suspend(() => (fresh ? turn : attempt(command, context, readTail))).pipe(
          Effect.tapError((e) =>
            Effect.sync(() => {
              if (e instanceof StreamVersionConflict) tailReadsLeft = tailReadWindow
              fresh = true
            })
          ),
          Effect.retry({ schedule: retrySchedule, while: isRetryable }),
          Effect.catchIf(isRetryable, () =>
            Effect.fail(new ConcurrencyRetriesExhausted({ streamId, attempts: maxAttempts }))
          ),
          locks.withLock(streamId)
        )
      })

    const getProgram: LedgerService["getProgram"] = (input) =>
      Effect.flatMap(decodeProgramId(input), (programId) =>
        locks.withLock(Program.streamId(programId))(
          programs
            .refresh(Program.streamId(programId))
            .pipe(Effect.map((loaded) => (loaded.version === 0 ? Option.none() : Option.some(loaded.state))))
        )
      )

    const history: LedgerService["history"] = (input) =>
      Effect.gen(function* () {
        const programId = yield* decodeProgramId(input)
        const stored = yield* store.readStreamArray(Program.streamId(programId))
        if (stored.length === 0) return yield* new ProgramNotFound({ programId })
        return yield* Effect.forEach(stored, EventCodec.decodeProgram)
      })

    return Ledger.of({ execute, getProgram, history })
  })

/**
 * A program id from a caller: the same rule as in commands, refused as a read option otherwise.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeProgramId = ProgramIdOption.decodeProgramId

/** The cache missed a write by another executor; the retry reloads the stream. */
class StaleCache extends Schema.TaggedError<StaleCache>()("StaleCache", { streamId: Schema.String }) {}

/** Someone else wrote first: decide again on fresh state. */
const isRetryable = (e: unknown): e is StreamVersionConflict | IdempotencyMismatch | StaleCache | CheckpointConflict =>
  e instanceof StreamVersionConflict ||
  e instanceof IdempotencyMismatch ||
  e instanceof StaleCache ||
  e instanceof CheckpointConflict

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<Ledger, Runner.RunError, EventStore | VerificationCodes | ParticipantRegistry | ProjectionStore> =>
  Layer.effect(Ledger, make(options))
