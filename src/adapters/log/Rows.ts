/**
 * The stored form of an envelope and its decoding, derived from the one envelope Schema
 * (`domain/Envelope.ts`).
 *
 * A stored row keeps data and metadata as canonical JSON text and both times as ISO-8601 UTC
 * text with milliseconds: exactly what was hashed. {@link RawEventFromStored} is the
 * `Schema.transformOrFail` from that form to the envelope (plus its content hash); `verify()`
 * and imports decode with it, so a row whose JSON or time no longer parses is reported, not
 * thrown. Reads of rows this store wrote take {@link fromStored}, the same mapping without the
 * validation pass (about 4x cheaper per row; `verify()` is what checks stored rows).
 *
 * @since 0.2.0
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { envelopeFields } from "../../domain/Envelope.js"
import type { RawEvent } from "./Verifier.js"

const Hex64 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))

/**
 * The stored form of an event (the `events` table's columns, camel-cased).
 *
 * @since 0.2.0
 * @internal
 */
export const StoredRow = Schema.Struct({
  position: Schema.Number,
  streamId: Schema.String,
  version: Schema.Number,
  eventId: Schema.String,
  type: Schema.String,
  schemaVersion: Schema.Number,
  /** Canonical JSON of the data. */
  dataJson: Schema.String,
  /** Canonical JSON of the metadata. */
  metadataJson: Schema.String,
  /** ISO-8601 UTC with milliseconds. */
  occurredAt: Schema.String,
  recordedAt: Schema.String,
  contentHash: Hex64,
  prevHash: Hex64,
  hash: Hex64
})

/**
 * @since 0.2.0
 * @internal
 */
export interface StoredRow extends Schema.Schema.Type<typeof StoredRow> {}

/**
 * The envelope with its content hash (what `verify()` checks).
 *
 * @since 0.2.0
 * @internal
 */
export const RawEventSchema = Schema.Struct({ ...envelopeFields, contentHash: Hex64 })

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

const parseJson = (text: string, column: string, ast: Schema.Schema.Any["ast"]) =>
  Either.try({
    try: () => JSON.parse(text) as unknown,
    catch: () => new ParseResult.Type(ast, text, `${column} is not valid JSON`)
  })

const parseTime = (text: string, column: string, ast: Schema.Schema.Any["ast"]) => {
  const date = new Date(text)
  return iso.test(text) && !Number.isNaN(date.getTime()) && date.toISOString() === text
    ? Either.right(date)
    : Either.left(new ParseResult.Type(ast, text, `${column} is not an ISO-8601 UTC time with milliseconds`))
}

/**
 * Stored form -> envelope, validating every field (JSON that parses, real times, the envelope's
 * own rules: a UUID event id, positive integers, hex hashes, well-formed metadata).
 *
 * @since 0.2.0
 * @internal
 */
export const RawEventFromStored = Schema.transformOrFail(StoredRow, RawEventSchema, {
  strict: false,
  decode: (row, _, ast) =>
    Either.all({
      data: parseJson(row.dataJson, "data", ast),
      metadata: parseJson(row.metadataJson, "metadata", ast),
      occurredAt: parseTime(row.occurredAt, "occurred_at", ast),
      recordedAt: parseTime(row.recordedAt, "recorded_at", ast)
    }).pipe(
      Either.map((parsed) => ({
        position: row.position,
        streamId: row.streamId,
        version: row.version,
        eventId: row.eventId,
        type: row.type,
        schemaVersion: row.schemaVersion,
        ...parsed,
        contentHash: row.contentHash,
        prevHash: row.prevHash,
        hash: row.hash
      }))
    ),
  encode: (event) =>
    ParseResult.succeed({
      position: event.position,
      streamId: event.streamId,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      dataJson: JSON.stringify(event.data),
      metadataJson: JSON.stringify(event.metadata),
      occurredAt: event.occurredAt.toISOString(),
      recordedAt: event.recordedAt.toISOString(),
      contentHash: event.contentHash,
      prevHash: event.prevHash,
      hash: event.hash
    })
})

const decodeChecked = Schema.decodeUnknownEither(RawEventFromStored, { errors: "first" })

/**
 * A stored row, validated: the envelope, or why it cannot be read (for `verify()`).
 *
 * @since 0.2.0
 * @internal
 */
export const fromStoredChecked = (row: StoredRow): Either.Either<RawEvent, string> =>
  Either.mapLeft(decodeChecked(row), (error) => ParseResult.TreeFormatter.formatErrorSync(error))

/**
 * A stored row this store wrote, without the validation pass (the hot read path).
 *
 * @since 0.2.0
 * @internal
 */
export const fromStored = (row: StoredRow): RawEvent => ({
  position: row.position,
  streamId: row.streamId,
  version: row.version,
  eventId: row.eventId,
  type: row.type,
  schemaVersion: row.schemaVersion,
  data: JSON.parse(row.dataJson),
  metadata: JSON.parse(row.metadataJson),
  occurredAt: new Date(row.occurredAt),
  recordedAt: new Date(row.recordedAt),
  contentHash: row.contentHash,
  prevHash: row.prevHash,
  hash: row.hash
})
