/**
 * The envelope every recorded event travels in: who recorded it, in which role, at which
 * facility, from which source, why (command, correlation and causation ids), when it happened
 * (business time) and when the log stored it, and where it sits in the log (position, stream
 * version, hash chain).
 *
 * Defined once, here, as a Schema. The rest derives from it:
 * - the event log port (`ports/EventStore.ts`) stores and returns {@link Envelope}s;
 * - the hashed content (`ports/Hashing.ts`) is {@link Content}: the envelope without its place in
 *   the chain (position, prev_hash, hash);
 * - the SQL row codec (`adapters/sql/EventRows.ts`) is a `Schema.transform` from the row to it;
 * - projections fold {@link Projected} events: the envelope with its decoded domain event.
 *
 * It lives in the domain because DOMAIN.md makes the actor, the source and both times part of
 * every event; it imports nothing but `effect`.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { FacilityCode } from "./Identifiers.js"

/** Printable text without U+0000 or lone surrogates (what PostgreSQL and JSON can hold). */
const wellFormed = /^(?:[^\u0000\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/

/**
 * A short label (an id, a role): 1 to 128 characters, no leading or trailing space, no U+0000.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Label = Schema.String.pipe(
  Schema.minLength(1, { message: () => "a non-empty text" }),
  Schema.maxLength(128, { message: () => "at most 128 characters" }),
  Schema.pattern(/^\S(?:.*\S)?$/s, { message: () => "no leading or trailing spaces" }),
  Schema.pattern(wellFormed, { message: () => "text without U+0000 or lone surrogates" })
)

/**
 * Who recorded an event: the actor's opaque id, their role, and the facility they act for.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Actor = Schema.Struct({
  id: Label,
  role: Label,
  facility: FacilityCode
})

/**
 * @since 0.2.0
 * @category models
 */
export interface Actor extends Schema.Schema.Type<typeof Actor> {}

/**
 * Where a command came from: a person (`user`), another system (`system`, e.g. a custody system
 * reporting a release) or a bulk `import` (a paper register typed in later).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Source = Schema.Literal("user", "system", "import").annotations({
  message: () => "one of user, system, import"
})

/**
 * @since 0.2.0
 * @category models
 */
export type Source = Schema.Schema.Type<typeof Source>

/**
 * Metadata stored with every event of an append: who, from where, and why.
 *
 * @since 0.2.0
 * @category schemas
 */
export const EventMetadata = Schema.Struct({
  actor: Actor,
  source: Source,
  commandId: Schema.optional(Label),
  /** SHA-256 of the command's canonical JSON: tells a repeat from a reuse of the same command id. */
  commandHash: Schema.optional(Schema.String),
  correlationId: Schema.optional(Label),
  causationId: Schema.optional(Label)
})

/**
 * @since 0.2.0
 * @category models
 */
export interface EventMetadata extends Schema.Schema.Type<typeof EventMetadata> {}

/**
 * Metadata as a caller writes it (plain strings); the store checks it against {@link EventMetadata}.
 *
 * @since 0.2.0
 * @category models
 */
export type EventMetadataInput = Schema.Schema.Encoded<typeof EventMetadata>

const Sha256 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/, { message: () => "64 lower-case hex digits" }))
const Positive = Schema.Int.pipe(Schema.positive())

/**
 * The fields of a stored event, in one place (see {@link Envelope}).
 *
 * @since 0.2.0
 * @category schemas
 */
export const envelopeFields = {
  /** Global, gap-free, strictly increasing position in the log (1-based). */
  position: Positive,
  streamId: Schema.String.pipe(Schema.minLength(1)),
  /** 1-based version of the event in its stream. */
  version: Positive,
  /** UUID; unique in the log. */
  eventId: Schema.UUID,
  /** The event's tag, e.g. `ParticipantEnrolled`. */
  type: Schema.String.pipe(Schema.minLength(1)),
  /** The version of the event's schema (after upcasting, when read). */
  schemaVersion: Positive,
  /** The payload as its Schema encoded it (plain JSON). */
  data: Schema.Unknown,
  metadata: EventMetadata,
  /** Business time: when it happened (may be back-dated). */
  occurredAt: Schema.DateFromSelf,
  /** When the log stored it. */
  recordedAt: Schema.DateFromSelf,
  /** Hex SHA-256 of the previous event's `hash` (64 zeros at position 1). */
  prevHash: Sha256,
  /** Hex `sha256(prev_hash || content_hash)`: the hash chain. */
  hash: Sha256
}

/**
 * A stored event: the event's type, schema version and JSON payload in its envelope.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Envelope = Schema.Struct(envelopeFields)

/**
 * @since 0.2.0
 * @category models
 */
export interface Envelope extends Schema.Schema.Type<typeof Envelope> {}

/**
 * The full envelope as JSON: everything needed to recompute the event's content hash and link
 * (`Hashing.contentHash`, `Hashing.link`), times as ISO-8601 UTC with milliseconds. The shape of
 * the command line's `history --format json` and of the Promise API's `events`.
 *
 * @since 0.2.0
 * @category encoding
 */
export const toJson = (e: Envelope) => ({
  position: e.position,
  eventId: e.eventId,
  streamId: e.streamId,
  version: e.version,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
  occurredAt: e.occurredAt.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
  prevHash: e.prevHash,
  hash: e.hash
})

/**
 * What the hash covers: the envelope without its place in the chain. The position is not part of
 * it (the chain orders events); the stream version is.
 *
 * @since 0.2.0
 * @category models
 */
export type Content = Omit<Envelope, "position" | "prevHash" | "hash">

/**
 * A decoded domain event with the envelope it was stored in: what projections fold.
 *
 * @since 0.2.0
 * @category models
 */
export interface Projected<Event> extends Envelope {
  readonly event: Event
}

/**
 * Pairs a decoded event with its envelope.
 *
 * @since 0.2.0
 * @category constructors
 */
export const projected = <Event>(envelope: Envelope, event: Event): Projected<Event> => ({ ...envelope, event })
