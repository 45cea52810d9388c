/**
 * "As of" for replays: which events of the log a read model computed at some point in the past
 * takes in. Three different questions, kept apart:
 *
 * - **business date** (`BusinessDate`, `BusinessTime`): what had *happened* by then, as the log
 *   knows it now: every event whose `occurred_at` is at or before the end of that local date in
 *   the program's time zone (or that instant), including events typed in later about earlier days
 *   (a paper register entered on 9 September about 5 September counts as of 5 September);
 * - **as recorded** (`RecordedBy`): what the ledger *knew* at that time: every event whose
 *   `recorded_at` is at or before it, whatever day it is about (the same entry does not count as
 *   recorded on 6 September);
 * - **log position** (`Position`): every event up to that position (an auditor's seal).
 *
 * The events taken in are folded in log order, as every replay is. A business-date replay may
 * take in an event whose cause it leaves out (a correction dated before the mark it corrects):
 * read models are total and ignore what does not fit, as the domain's `evolve` does.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Envelope } from "../domain/Envelope.js"
import { LocalDate } from "../domain/Identifiers.js"

/**
 * @since 0.2.0
 * @category schemas
 */
export const AsOf = Schema.Union(
  Schema.TaggedStruct("BusinessDate", {
    /** The local date (YYYY-MM-DD), read in each program's time zone. */
    date: LocalDate
  }),
  Schema.TaggedStruct("BusinessTime", { at: Schema.Date }),
  Schema.TaggedStruct("RecordedBy", { at: Schema.Date }),
  Schema.TaggedStruct("Position", { position: Schema.Int.pipe(Schema.nonNegative()) })
).annotations({ identifier: "AsOf" })

/**
 * @since 0.2.0
 * @category models
 */
export type AsOf = typeof AsOf.Type

/**
 * @since 0.2.0
 * @category models
 */
export type AsOfEncoded = typeof AsOf.Encoded

const ends = new Map<string, number>()

/**
 * The first instant after the local date in the zone (epoch milliseconds): events that
 * occurred before it happened on or before that date.
 *
 * @since 0.2.0
 * @category business time
 */
export const endOfLocalDate = (date: string, timeZone: string): number => {
  const cached = ends.get(`${timeZone} ${date}`)
  if (cached !== undefined) return cached
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m - 1, d + 1))
  const parts = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }
  const end = Option.match(DateTime.zoneMakeNamed(timeZone), {
    onNone: () => next.getTime(),
    onSome: (zone) =>
      Option.match(DateTime.makeZoned(parts, { timeZone: zone, adjustForTimeZone: true }), {
        onNone: () => next.getTime(),
        onSome: DateTime.toEpochMillis
      })
  })
  if (ends.size < 10_000) ends.set(`${timeZone} ${date}`, end)
  return end
}

/**
 * True when the event counts as of `asOf`. `timeZone` is the zone of the event's program
 * (UTC when unknown).
 *
 * @since 0.2.0
 * @category predicates
 */
export const includes = (asOf: AsOf, event: Envelope, timeZone: string | undefined): boolean => {
  switch (asOf._tag) {
    case "BusinessDate":
      return event.occurredAt.getTime() < endOfLocalDate(asOf.date, timeZone ?? "UTC")
    case "BusinessTime":
      return event.occurredAt.getTime() <= asOf.at.getTime()
    case "RecordedBy":
      return event.recordedAt.getTime() <= asOf.at.getTime()
    case "Position":
      return event.position <= asOf.position
  }
}

/**
 * An "as of" that cannot be read: names the field and the rule.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidAsOf extends Schema.TaggedError<InvalidAsOf>()("InvalidAsOf", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid as-of: ${this.field} ${this.rule} (e.g. { "_tag": "BusinessDate", "date": "2024-09-05" }, { "_tag": "RecordedBy", "at": "2024-09-06T00:00:00Z" }, { "_tag": "Position", "position": 120 })`
  }
}

/**
 * Decodes an "as of" from JSON (instants as ISO-8601 strings).
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (input: unknown): Either.Either<AsOf, InvalidAsOf> =>
  Either.mapLeft(Schema.decodeUnknownEither(AsOf, { onExcessProperty: "error" })(input), (error) => {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    return new InvalidAsOf({ field: issue?.path.join(".") || "asOf", rule: issue?.message ?? "is invalid" })
  })
