/**
 * The event log port: the one service every other part of training-ledger stands on.
 *
 * Implementations: `memory/MemoryEventStore.ts` (tests, quick starts) and `sql/SqlEventStore.ts`
 * (SQLite and PostgreSQL through `@effect/sql`). All of them pass `test/adapters/EventStoreSuite.ts`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"

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
 * Who recorded an event: the actor, in which role, at which facility.
 *
 * @since 0.1.0
 * @category models
 */
export const Actor = Schema.Struct({
  id: Schema.String,
  role: Schema.String,
  facility: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Actor extends Schema.Schema.Type<typeof Actor> {}

/**
 * Where a command came from.
 *
 * @since 0.1.0
 * @category models
 */
export const Source = Schema.Literal("user", "system", "import")

/**
 * @since 0.1.0
 * @category models
 */
export type Source = Schema.Schema.Type<typeof Source>

/**
 * Metadata stored with every event of an append: who, from where, and why (correlation and
 * causation ids, the command id that produced it).
 *
 * @since 0.1.0
 * @category models
 */
export const EventMetadata = Schema.Struct({
  actor: Actor,
  source: Source,
  commandId: Schema.optional(Schema.String),
  /** SHA-256 of the command's canonical JSON: tells a repeat from a reuse of the same command id. */
  commandHash: Schema.optional(Schema.String),
  correlationId: Schema.optional(Schema.String),
  causationId: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface EventMetadata extends Schema.Schema.Type<typeof EventMetadata> {}

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
 * The envelope of a stored event (DESIGN.md, The event log).
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredEvent {
  /** Global, gap-free, strictly increasing position (1-based). */
  readonly position: number
  readonly streamId: string
  /** 1-based version in its stream. */
  readonly version: number
  readonly eventId: string
  readonly type: string
  /** The schema version after upcasting (the stored row keeps the original). */
  readonly schemaVersion: number
  readonly data: unknown
  readonly metadata: EventMetadata
  readonly occurredAt: Date
  readonly recordedAt: Date
  /** Hex SHA-256 of the previous event's `hash` (64 zeros for position 1). */
  readonly prevHash: string
  /** Hex SHA-256 `sha256(prev_hash || content_hash)`, see `Hashing.ts`. */
  readonly hash: string
}

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
  readonly metadata: EventMetadata
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
 * A seal an auditor keeps (ideally outside the database) to prove later that the log only grew.
 *
 * @since 0.1.0
 * @category models
 */
export interface Seal extends LogHead {
  readonly sealedAt: Date
}

/**
 * What `verify()` found.
 *
 * @since 0.1.0
 * @category models
 */
export type VerifyReport =
  | { readonly _tag: "Intact"; readonly head: LogHead; readonly checked: number }
  | {
      readonly _tag: "Broken"
      /** The first position whose row does not match (or where a gap or an extra row is). */
      readonly position: number
      readonly reason: string
      readonly checked: number
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
  readonly fromVersion?: number
  readonly toVersion?: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ReadAllOptions {
  readonly fromPosition?: number
  readonly toPosition?: number
  /** Rows fetched per round trip (default 1000): memory stays flat for any log size. */
  readonly batchSize?: number
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
    metadata: EventMetadata
  ) => Effect.Effect<AppendResult, AppendError>
  /** Appends to several streams in one atomic append; each request keeps its own version check. */
  readonly appendMany: (
    requests: ReadonlyArray<AppendRequest>
  ) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError>
  readonly readStream: (streamId: string, options?: ReadStreamOptions) => Stream.Stream<StoredEvent, EventStoreError>
  readonly readAll: (options?: ReadAllOptions) => Stream.Stream<StoredEvent, EventStoreError>
  readonly head: () => Effect.Effect<LogHead, EventStoreError>
  /** Walks the chain from position 1 and reports the first position that does not match. */
  readonly verify: () => Effect.Effect<VerifyReport, EventStoreError>
  /** The current head, stamped: keep it to check later that the log only grew. */
  readonly seal: () => Effect.Effect<Seal, EventStoreError>
  /** True when the event at the seal's position still has the seal's hash (the log only grew since). */
  readonly checkSeal: (seal: LogHead) => Effect.Effect<boolean, EventStoreError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class EventStore extends Context.Tag("training-ledger/EventStore")<EventStore, EventStoreService>() {}
