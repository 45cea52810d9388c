/**
 * The application service: executes a command end to end. It loads the program (from its cache,
 * or the stream), decides, and appends with the version it read; on a version conflict it
 * re-reads and decides again (bounded retries with jitter). Certificate numbers come from the
 * numbering stream of (issuer, year), appended atomically with the certificate.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  type Actor,
  type AppendRequest,
  type EventMetadata,
  EventStore,
  type EventStoreError,
  IdempotencyMismatch,
  type InvalidAppend,
  NoStream,
  type Source,
  StreamVersionConflict
} from "./adapters/EventStore.js"
import * as Numbering from "./domain/CertificateNumbering.js"
import * as Program from "./domain/Program.js"
import * as EventCodec from "./ledger/EventCodec.js"
import { deriveEventId } from "./ledger/EventIds.js"
import * as KeyedLock from "./ledger/KeyedLock.js"
import * as StreamCache from "./ledger/StreamCache.js"
import { VerificationCodes } from "./ledger/VerificationCodes.js"
import * as Requests from "./ledger/Requests.js"
import { type ProjectedEvent, projected } from "./projections/Projection.js"

/**
 * Who executes a command, from where, and its id (a UUID chosen by the caller: executing the
 * same id twice appends once and answers the same way).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommandContext {
  readonly actor: Actor
  readonly source: Source
  readonly commandId: string
  readonly correlationId?: string | undefined
  readonly causationId?: string | undefined
}

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
 * A context the Ledger cannot record (an empty command id, an actor without an id).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCommandContext extends Schema.TaggedError<InvalidCommandContext>()("InvalidCommandContext", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Command context field "${this.field}" is invalid: ${this.rule}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export type ExecuteError =
  | Program.ProgramError
  | Numbering.NumberingError
  | InvalidCommandContext
  | CommandIdReused
  | ConcurrencyRetriesExhausted
  | EventCodec.UndecodableEvent
  | InvalidAppend
  | EventStoreError

/**
 * @since 0.1.0
 * @category models
 */
export interface LedgerService {
  readonly execute: (
    command: Requests.LedgerCommand,
    context: CommandContext
  ) => Effect.Effect<ExecuteResult, ExecuteError>
  /** The program's current state (fresh: the stream's tail is read). */
  readonly getProgram: (
    programId: string
  ) => Effect.Effect<Option.Option<Program.State>, EventCodec.UndecodableEvent | EventStoreError>
  /** Every event of a program with its envelope, in order: the audit timeline's raw material. */
  readonly history: (
    programId: string
  ) => Effect.Effect<ReadonlyArray<ProjectedEvent<Program.Event>>, EventCodec.UndecodableEvent | EventStoreError>
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
}

const programCodec = EventCodec.make(Program.Event, Program.eventSchemaVersion)
const numberingCodec = EventCodec.make(Numbering.Event, Numbering.eventSchemaVersion)

const validateContext = (context: CommandContext): Either.Either<CommandContext, InvalidCommandContext> => {
  const fail = (field: string, rule: string) => Either.left(new InvalidCommandContext({ field, rule }))
  if (context.commandId.trim() === "") return fail("commandId", "a command id is required (a UUID)")
  if (context.actor.id.trim() === "") return fail("actor.id", "the actor who records the command is required")
  if (context.actor.role.trim() === "") return fail("actor.role", "the actor's role is required")
  return Either.right(context)
}

const metadataOf = (context: CommandContext, commandHash: string): EventMetadata => ({
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
    const maxAttempts = options.maxAttempts ?? 20
    const locks = KeyedLock.make()
    const programs = StreamCache.make<Program.State, Program.Event>(Program.decider, options.cacheSize ?? 1_000)
    const numbering = StreamCache.make<Numbering.State, Numbering.Event>(Numbering.decider, options.cacheSize ?? 1_000)

    /** Brings a cached stream up to date by reading its tail. */
    const refresh = <S, E extends { readonly _tag: string }>(
      cache: StreamCache.StreamCache<S, E>,
      codec: EventCodec.EventCodec<E>,
      streamId: string
    ) =>
      Effect.gen(function* () {
        const known = cache.get(streamId)
        const tail = yield* store.readStream(streamId, { fromVersion: known.version + 1 }).pipe(
          Stream.mapEffect((stored) => Effect.map(codec.decode(stored), (event) => ({ stored, event }))),
          Stream.runCollect
        )
        return cache.advance(streamId, known, tail)
      })

    /** The stream from the cache when nothing says it is stale, else refreshed from the store. */
    const load = <S, E extends { readonly _tag: string }>(
      cache: StreamCache.StreamCache<S, E>,
      codec: EventCodec.EventCodec<E>,
      streamId: string,
      fresh: boolean
    ) => (fresh || !cache.has(streamId) ? refresh(cache, codec, streamId) : Effect.succeed(cache.get(streamId)))

    const expected = (version: number) => (version === 0 ? NoStream : version)

    /** One attempt: decide on the loaded state and append. Conflicts surface for the retry. */
    const attempt = (command: Requests.LedgerCommand, context: CommandContext, fresh: boolean) =>
      Effect.gen(function* () {
        const streamId = Program.streamId(command.programId)
        const loaded = yield* load(programs, programCodec, streamId, fresh)
        const commandHash = Requests.fingerprint(command)
        const done = loaded.commands.get(context.commandId)
        if (done !== undefined) {
          if (done.commandHash !== undefined && done.commandHash !== commandHash) {
            return yield* new CommandIdReused({ commandId: context.commandId, streamId })
          }
          return answer(command.programId, context.commandId, done, true, undefined)
        }

        const metadata = metadataOf(context, commandHash)
        const prepared = yield* Requests.prepare(command, codes)
        const encode = <E extends { readonly _tag: string }>(
          codec: EventCodec.EventCodec<E>,
          stream: string,
          events: ReadonlyArray<E>
        ) => events.map((e, i) => codec.encode(e, deriveEventId(context.commandId, stream, i), prepared.occurredAt))

        // A certificate takes the next number of its (issuer, year): both streams append together.
        const key = Program.numberingKey(prepared.toDomain(1), loaded.state)
        const counterStream = Option.map(key, ({ issuer, year }) => Numbering.streamId(issuer, year))
        const counter = Option.isSome(counterStream)
          ? yield* load(numbering, numberingCodec, counterStream.value, fresh)
          : undefined
        const events = yield* Program.decide(prepared.toDomain((counter?.state.last ?? 0) + 1), loaded.state)
        const requests: Array<AppendRequest> = [
          {
            streamId,
            expectedVersion: expected(loaded.version),
            events: encode(programCodec, streamId, events),
            metadata
          }
        ]
        let allocation: ReadonlyArray<Numbering.Event> = []
        if (counter !== undefined && Option.isSome(key) && Option.isSome(counterStream)) {
          const allocate = Requests.allocation(events, key.value, command.programId, command.occurredAt)
          if (Option.isSome(allocate)) {
            allocation = yield* Numbering.decide(allocate.value, counter.state)
            requests.push({
              streamId: counterStream.value,
              expectedVersion: expected(counter.version),
              events: encode(numberingCodec, counterStream.value, allocation),
              metadata
            })
          }
        }

        const results = yield* store.appendMany(requests)
        // Another executor of this very command id got there first: reload and answer from the stream.
        if (results[0]!.alreadyAppended) return yield* new StaleCache({ streamId })
        const recorded = { id: context.commandId, hash: commandHash }
        programs.record(streamId, events, results[0]!, recorded)
        if (Option.isSome(counterStream)) numbering.record(counterStream.value, allocation, results[1]!, recorded)
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

    const execute: LedgerService["execute"] = (command, context) =>
      Effect.gen(function* () {
        yield* validateContext(context)
        const streamId = Program.streamId(command.programId)
        let fresh = false
        return yield* Effect.suspend(() => attempt(command, context, fresh)).pipe(
          Effect.tapError(() =>
            Effect.sync(() => {
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

    const getProgram: LedgerService["getProgram"] = (programId) =>
      locks.withLock(Program.streamId(programId))(
        refresh(programs, programCodec, Program.streamId(programId)).pipe(
          Effect.map((loaded) => (loaded.version === 0 ? Option.none() : Option.some(loaded.state)))
        )
      )

    const history: LedgerService["history"] = (programId) =>
      store.readStream(Program.streamId(programId)).pipe(
        Stream.mapEffect((stored) => Effect.map(programCodec.decode(stored), (event) => projected(stored, event))),
        Stream.runCollect,
        Effect.map((chunk) => Array.from(chunk))
      )

    return Ledger.of({ execute, getProgram, history })
  })

/** The cache missed a write by another executor; the retry reloads the stream. */
class StaleCache extends Schema.TaggedError<StaleCache>()("StaleCache", { streamId: Schema.String }) {}

/** Someone else wrote first: decide again on fresh state. */
const isRetryable = (e: unknown): e is StreamVersionConflict | IdempotencyMismatch | StaleCache =>
  e instanceof StreamVersionConflict || e instanceof IdempotencyMismatch || e instanceof StaleCache

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Ledger, never, EventStore | VerificationCodes> =>
  Layer.effect(Ledger, make(options))
