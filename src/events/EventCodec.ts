/**
 * Between a domain event (a Schema class) and the store's envelope: `type` is the event's tag,
 * `data` its Schema encoding without the tag. Public, so that any projection or tool can decode
 * any stored event of the ledger (program and certificate-numbering events) without a Ledger.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Numbering from "../domain/CertificateNumbering.js"
import { Instant } from "../domain/Instant.js"
import { type Projected, projected } from "../domain/Envelope.js"
import * as Program from "../domain/Program.js"
import type { NewEvent, StoredEvent } from "../ports/EventStore.js"

/**
 * A stored event that its Schema cannot read: a corrupt row, or a type without an upcaster.
 *
 * @since 0.1.0
 * @category errors
 */
export class UndecodableEvent extends Schema.TaggedError<UndecodableEvent>()("UndecodableEvent", {
  streamId: Schema.String,
  version: Schema.Number,
  type: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Event ${this.type} at version ${this.version} of ${this.streamId} cannot be decoded: ${this.reason}`
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface EventCodec<E extends { readonly _tag: string }> {
  readonly encode: (event: E, eventId: string, occurredAt: Date) => NewEvent
  readonly decode: (stored: StoredEvent) => Effect.Effect<E, UndecodableEvent>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = <E extends { readonly _tag: string }, I extends { readonly _tag: string }>(
  schema: Schema.Schema<E, I>,
  schemaVersions: Readonly<Record<string, number>>
): EventCodec<E> => {
  // Events that `decide` built are valid by construction: failing to encode one is a bug (a defect).
  const encodeSync = Schema.encodeSync(schema)
  const decode = ParseResult.decodeUnknown(schema)
  return {
    encode: (event, eventId, occurredAt) => {
      const { _tag, ...data } = encodeSync(event)
      return { eventId, type: _tag, schemaVersion: schemaVersions[_tag] ?? 1, data, occurredAt }
    },
    decode: (stored) =>
      decode({ ...(stored.data as object), _tag: stored.type }).pipe(
        Effect.mapError(
          (error) =>
            new UndecodableEvent({
              streamId: stored.streamId,
              version: stored.version,
              type: stored.type,
              reason: ParseResult.TreeFormatter.formatIssueSync(error)
            })
        )
      )
  }
}

/**
 * The Program's events.
 *
 * @since 0.2.0
 * @category codecs
 */
export const program: EventCodec<Program.Event> = make(Program.Event, Program.eventSchemaVersion)

/**
 * The certificate-numbering streams' events.
 *
 * @since 0.2.0
 * @category codecs
 */
export const numbering: EventCodec<Numbering.Event> = make(Numbering.Event, Numbering.eventSchemaVersion)

/**
 * Every event the Ledger records.
 *
 * @since 0.2.0
 * @category models
 */
export type LedgerEvent = Program.Event | Numbering.Event

const numberingTypes: ReadonlySet<string> = new Set(Object.keys(Numbering.eventSchemaVersion))

/**
 * Decodes any stored event of the ledger (by its type) with its envelope.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (stored: StoredEvent): Effect.Effect<Projected<LedgerEvent>, UndecodableEvent> =>
  Effect.map(
    (numberingTypes.has(stored.type) ? numbering : program).decode(stored) as Effect.Effect<
      LedgerEvent,
      UndecodableEvent
    >,
    (event) => projected(stored, event)
  )

/**
 * Decodes a stored Program event with its envelope.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeProgram = (stored: StoredEvent): Effect.Effect<Projected<Program.Event>, UndecodableEvent> =>
  Effect.map(program.decode(stored), (event) => projected(stored, event))

// For each event type, its fields that are instants (`Instant`, stored as ISO text):
// the only fields whose stored form differs from the value the event holds.
const instantFields: ReadonlyMap<string, ReadonlyArray<string>> = new Map(
  [...Program.Event.members, Numbering.Event].map((member) => {
    const fields = member.fields as Readonly<Record<string, unknown>>
    return [
      member._tag as string,
      Object.keys(fields).filter((k) => fields[k] === Instant || fields[k] === Schema.DateTimeUtc)
    ] as const
  })
)

/**
 * Reads a stored event of the ledger without validating it: the stored data as the event's
 * value (a plain object of the event's type; instants become `DateTime.Utc`), with its envelope.
 * Several times faster than {@link decode}, for readers of many events (the projection engine's
 * folds and rebuilds): every event was validated by its Schema when it was appended, the Ledger
 * validates every event it loads to decide on, and the hash chain (`verify`) shows any change
 * made outside. An unknown type is `UndecodableEvent`, as with `decode`.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeUnchecked = (stored: StoredEvent): Either.Either<Projected<LedgerEvent>, UndecodableEvent> => {
  const instants = instantFields.get(stored.type)
  if (instants === undefined || typeof stored.data !== "object" || stored.data === null)
    return Either.left(
      new UndecodableEvent({
        streamId: stored.streamId,
        version: stored.version,
        type: stored.type,
        reason: instants === undefined ? "not an event type of the ledger" : "its data is not an object"
      })
    )
  const event: Record<string, unknown> = { ...(stored.data as object), _tag: stored.type }
  for (const field of instants) {
    const value = event[field]
    if (typeof value === "string") event[field] = DateTime.unsafeMake(value)
  }
  return Either.right(withEvent(stored, event as unknown as LedgerEvent))
}

// `projected` with the envelope's fields listed: one object shape for every event (a spread of
// the envelope costs more than the rest of the unchecked decoding)
const withEvent = <E>(s: StoredEvent, event: E): Projected<E> => ({
  position: s.position,
  streamId: s.streamId,
  version: s.version,
  eventId: s.eventId,
  type: s.type,
  schemaVersion: s.schemaVersion,
  data: s.data,
  metadata: s.metadata,
  occurredAt: s.occurredAt,
  recordedAt: s.recordedAt,
  prevHash: s.prevHash,
  hash: s.hash,
  event
})
