/**
 * Instants (business time: when a session was held, when a certificate was issued) as they
 * cross the boundary: ISO-8601 with an explicit offset or `Z`, and a real calendar date and
 * time, nothing else.
 *
 * `Schema.DateTimeUtc` reads whatever `Date` reads: `2024-02-30T00:00:00Z` becomes 1 March and
 * `01/09/2024 08:00` (1 September, as an Indonesian officer writes it) becomes 9 January in the
 * machine's zone. An instant in the official record must mean one thing, so anything that is not
 * the one unambiguous form is refused with the form to use.
 *
 * Encoded, an instant is the UTC ISO string with milliseconds (`2024-09-03T01:00:00.000Z`), the
 * form `Schema.DateTimeUtc` wrote, so every stored event still decodes and its hash still holds.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { daysInMonth } from "./Identifiers.js"

/**
 * The words of the instant rule.
 *
 * @since 0.2.0
 * @category rules
 */
export const instantRule = "must be an ISO-8601 instant with an offset or Z, e.g. 2024-09-03T08:00:00+07:00"

const shape = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/

// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants whose ISO form has a
// four-digit year, so that the encoded form decodes again
const earliest = -62135596800000
const latest = 253402300799999

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/**
 * The epoch milliseconds of an ISO-8601 instant, or why the string is not one. Digits beyond
 * the millisecond are dropped (the record keeps milliseconds).
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseInstant = (s: string): number | string => {
  // the shape is bounded (at most 35 characters), so a long string is refused before any work
  const m = s.length > 35 ? null : shape.exec(s)
  if (m === null) return instantRule
  const [year, month, day, hours, minutes] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number
  ]
  const seconds = m[6] === undefined ? 0 : Number(m[6])
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"))
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return `${date} is not a calendar date: ${instantRule}`
  if (hours > 23 || minutes > 59 || seconds > 59)
    return `${pad(hours)}:${pad(minutes)}:${pad(seconds)} is not a time of day (00:00:00 to 23:59:59): ${instantRule}`
  let offsetMinutes = 0
  if (m[8] !== undefined) {
    const oh = Number(m[9])
    const om = Number(m[10])
    if (om > 59 || oh * 60 + om > 14 * 60)
      return `the offset ${m[8]}${m[9]}:${m[10]} is not a UTC offset (-14:00 to +14:00): ${instantRule}`
    offsetMinutes = (m[8] === "-" ? -1 : 1) * (oh * 60 + om)
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hours, minutes, seconds, millis)
  const epochMillis = d.getTime() - offsetMinutes * 60_000
  if (epochMillis < earliest || epochMillis > latest) return `must be between the years 0001 and 9999 in UTC`
  return epochMillis
}

const InstantString = Schema.String.annotations({ message: () => instantRule })

/**
 * An instant: decodes an ISO-8601 string with an offset or `Z` into a `DateTime.Utc`, encodes
 * it as the UTC ISO string with milliseconds.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Instant = Schema.transformOrFail(InstantString, Schema.DateTimeUtcFromSelf, {
  strict: true,
  decode: (s, _, ast) => {
    const parsed = parseInstant(s)
    return typeof parsed === "number"
      ? ParseResult.succeed(DateTime.unsafeMake(parsed))
      : ParseResult.fail(new ParseResult.Type(ast, s, parsed))
  },
  encode: (instant, _, ast) =>
    instant.epochMillis >= earliest && instant.epochMillis <= latest
      ? ParseResult.succeed(DateTime.formatIso(instant))
      : ParseResult.fail(new ParseResult.Type(ast, instant, "must be between the years 0001 and 9999 in UTC"))
}).annotations({ identifier: "Instant" })

/**
 * @since 0.2.0
 * @category schemas
 */
export type Instant = typeof Instant.Type
