/**
 * The event log port: the one service every other part of training-ledger stands on. Append
 * (all or nothing, with an expected version and durable idempotency), read a stream or the whole
 * log in order, read the head. The audit operations over the same log (verify the chain, seals)
 * are their own narrow port, `LogAudit.ts`.
 *
 * Implementations: `adapters/memory/MemoryEventStore.ts` (tests, quick starts) and
 * `adapters/sql/SqlEventStore.ts` (SQLite and PostgreSQL through `@effect/sql`). All of them pass
 * `test/adapters/EventStoreSuite.ts`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { Envelope, EventMetadataInput } from "../domain/Envelope.js"

/**
 * Expected version of a stream before an append: an exact version (1-based, the version of the
 * stream's last event), {@link NoStream} ("the stream must not exist yet") or {@link AnyVersion}
 * ("do not check").
 *
 * @since 0.1.0
 * @category models
 */
export type ExpectedVersion = number | typeof NoStream | typeof AnyVersion

/**
 * @since 0.1.0
 * @category models
 */
export const NoStream = "no-stream" as const

/**
 * @since 0.1.0
 * @category models
 */
export const AnyVersion = "any" as const

/**
 * @since 0.1.0
 * @category models
 */
export { Actor, EventMetadata, type EventMetadataInput, Source } from "../domain/Envelope.js"

/**
 * An event as a caller hands it to the store: already encoded to JSON by its Schema.
 *
 * @since 0.1.0
 * @category models
 */
export interface NewEvent {
  /** UUID; a second append of the same id answers with the original position (idempotency). */
  readonly eventId: string
  /** The event's tag, e.g. `ParticipantEnrolled`. */
  readonly type: string
  /** Version of the event's schema; upcasters lift older versions on read. */
  readonly schemaVersion: number
  /** The payload, JSON-encoded by the event's Schema (a plain JSON value). */
  readonly data: unknown
  /** Business time, given by the caller (may be back-dated). */
  readonly occurredAt: Date
}

/**
 * A stored event in its envelope (defined once, in `domain/Envelope.ts`).
 *
 * @since 0.1.0
 * @category models
 */
export type StoredEvent = Envelope

/**
 * One stream's part of an append.
 *
 * @since 0.1.0
 * @category models
 */
export interface AppendRequest {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
  readonly metadata: EventMetadataInput
}

/**
 * @since 0.1.0
 * @category models
 */
export interface AppendResult {
  readonly streamId: string
  /** The stream's version after the append (use it as the next expected version). */
  readonly version: number
  /** The global positions of the appended events, in order. */
  readonly positions: ReadonlyArray<number>
  /** True when every event was already stored with the same content (an idempotent retry). */
  readonly alreadyAppended: boolean
}

/**
 * The head of the log: the last position and its hash (position 0 and the genesis hash when empty).
 *
 * @since 0.1.0
 * @category models
 */
export interface LogHead {
  readonly position: number
  readonly hash: string
}

/**
 * The genesis `prev_hash`: 64 zeros.
 *
 * @since 0.1.0
 * @category constants
 */
export const GenesisHash = "0".repeat(64)

/**
 * The stream's version is not what the caller expected: someone else appended first.
 *
 * @since 0.1.0
 * @category errors
 */
export class StreamVersionConflict extends Schema.TaggedError<StreamVersionConflict>()("StreamVersionConflict", {
  streamId: Schema.String,
  expected: Schema.Union(Schema.Number, Schema.Literal(NoStream, AnyVersion)),
  /** The stream's actual version (0 when the stream does not exist). */
  actual: Schema.Number
}) {
  override get message() {
    return `Stream ${this.streamId} is at version ${this.actual}, the append expected ${this.expected}: re-read and decide again`
  }
}

/**
 * A retry whose events do not match what is stored under the same event ids (some ids stored and
 * some not, or the same id with different content). The store does not guess: nothing is appended.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyMismatch extends Schema.TaggedError<IdempotencyMismatch>()("IdempotencyMismatch", {
  streamId: Schema.String,
  eventId: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Event ${this.eventId} on stream ${this.streamId} was already appended with other content: ${this.reason}`
  }
}

/**
 * The store itself failed (database unreachable, disk full, a corrupt row). Names the method.
 *
 * @since 0.1.0
 * @category errors
 */
export class EventStoreError extends Schema.TaggedError<EventStoreError>()("EventStoreError", {
  method: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Event store ${this.method} failed: ${cause}`
  }
}

/**
 * An append the store refuses before touching the log: a malformed event id, a negative or
 * fractional expected version, data that is not plain JSON. Names the offending field and the rule.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAppend extends Schema.TaggedError<InvalidAppend>()("InvalidAppend", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid append: ${this.field} must be ${this.rule}`
  }
}

/**
 * Read options the store cannot honour (a bound that is not a positive integer, a batch size
 * out of range). Names the option and the rule; the same on every store.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidReadOptions extends Schema.TaggedError<InvalidReadOptions>()("InvalidReadOptions", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid read option ${this.field}: ${this.rule}`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type ReadError = EventStoreError | InvalidReadOptions

/**
 * @since 0.1.0
 * @category errors
 */
export type AppendError = StreamVersionConflict | IdempotencyMismatch | InvalidAppend | EventStoreError

/**
 * Read options; bounds are inclusive.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReadStreamOptions {
  /** A positive integer (default 1). */
  readonly fromVersion?: number | undefined
  /** A positive integer (default: the stream's last version). */
  readonly toVersion?: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ReadAllOptions {
  /** A positive integer (default 1). */
  readonly fromPosition?: number | undefined
  /** A positive integer (default: the head). */
  readonly toPosition?: number | undefined
  /** Rows fetched per round trip, 1 to 10,000 (default 1000): memory stays flat for any log size. */
  readonly batchSize?: number | undefined
}

/**
 * The event store service. Methods have no requirements: dependencies are resolved when the
 * layer is built.
 *
 * @since 0.1.0
 * @category models
 */
export interface EventStoreService {
  /**
   * Appends events to one stream, all or nothing, after checking its expected version.
   *
   * - Idempotency comes first: when every event id is already stored with the same stream, type,
   *   schema version and data, the answer is the original positions and version with
   *   `alreadyAppended: true` (whatever the expected version); when only some are, or one differs,
   *   `IdempotencyMismatch`.
   * - An empty `events` is a no-op that still checks the expected version.
   * - Malformed input (an id that is not a UUID, a negative or fractional expected version, data
   *   that is not plain JSON, an invalid date) is an `InvalidAppend`. Event ids are stored lowercase.
   * - Inside a SQL transaction of the same `SqlClient` (`sql.withTransaction`), the append joins it.
   */
  readonly append: (
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: ReadonlyArray<NewEvent>,
    metadata: EventMetadataInput
  ) => Effect.Effect<AppendResult, AppendError>
  /** Appends to several streams in one atomic append; each request keeps its own version check. */
  readonly appendMany: (
    requests: ReadonlyArray<AppendRequest>
  ) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError>
  /** One stream's events in version order; malformed options fail with `InvalidReadOptions`. */
  readonly readStream: (streamId: string, options?: ReadStreamOptions) => Stream.Stream<StoredEvent, ReadError>
  /**
   * One stream's events (or a range of versions) as an array, in one call: cheaper than a
   * `Stream` for the short reads of a command's load (a program is hundreds of events).
   */
  readonly readStreamArray: (
    streamId: string,
    options?: ReadStreamOptions
  ) => Effect.Effect<ReadonlyArray<StoredEvent>, ReadError>
  /**
   * The whole log (or a range of positions) in position order, read in batches: each batch is one
   * chunk of the stream. Fold it a chunk at a time, with `Stream.runFold` (a pure step),
   * `Stream.runForEachChunk`, or `LogReads.foldAll`; `Stream.runForEach` runs one effect per event
   * and reads the log at about half the speed.
   */
  readonly readAll: (options?: ReadAllOptions) => Stream.Stream<StoredEvent, ReadError>
  readonly head: () => Effect.Effect<LogHead, EventStoreError>
  /**
   * Runs `effect` (a command's load, decision and append) as the stream's one writer: on
   * PostgreSQL in one transaction holding the stream's turn (an advisory lock that every append
   * to the stream waits for, taken before the log's head so no deadlock can form); elsewhere as it
   * is (SQLite and memory write one transaction at a time). The Ledger runs a command's retries
   * this way: a writer that lost a race to another process takes its turn next instead of losing
   * again and again while the other keeps writing.
   */
  readonly exclusive: <A, E, R>(
    streamId: string,
    effect: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | EventStoreError, R>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class EventStore extends Context.Tag("training-ledger/EventStore")<EventStore, EventStoreService>() {}
