/**
 * "As it stood": the cutoffs `--as-of` and `--recorded-by` put on a program's events.
 *
 * - business time (`occurred_at`): `--as-of 2024-09-05` keeps the events that happened on or
 *   before that local date in the facility's zone, *including back-dated ones recorded later*;
 *   an instant (`2024-09-05T10:00+07:00`, or `2024-09-05 10:00` read in the facility's zone)
 *   keeps those that happened by then;
 * - log position: `--as-of 150` (or `#150`) keeps positions up to 150: the log exactly as it was
 *   when it held 150 events;
 * - record time (`recorded_at`): `--recorded-by <time>` keeps what the ledger had recorded by
 *   then: what an auditor could have seen at that moment. A date means the end of that local day.
 *
 * Given together, both must hold. Parsing is symbolic (a local date stays a local date); the
 * cutoff is resolved in the program's zone when the program is read.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Envelope } from "../domain/Envelope.js"
import * as Calendar from "../domain/program/Calendar.js"
import { InvalidAsOf } from "./Failures.js"
import { describeZone, formatInstant } from "./Output.js"

/**
 * @since 0.2.0
 * @category models
 */
export type Point =
  | { readonly _tag: "Position"; readonly position: number }
  | { readonly _tag: "LocalDate"; readonly date: string }
  | { readonly _tag: "LocalDateTime"; readonly date: string; readonly time: string }
  | { readonly _tag: "Instant"; readonly instant: Date }

/**
 * The parsed options.
 *
 * @since 0.2.0
 * @category models
 */
export interface AsOf {
  /** Business time or position (`--as-of`). */
  readonly asOf: Option.Option<Point>
  /** Record time (`--recorded-by`); never a position. */
  readonly recordedBy: Option.Option<Exclude<Point, { readonly _tag: "Position" }>>
}

/**
 * No cutoff: everything recorded.
 *
 * @since 0.2.0
 * @category constructors
 */
export const now: AsOf = { asOf: Option.none(), recordedBy: Option.none() }

/**
 * Whether a cutoff is given.
 *
 * @since 0.2.0
 * @category predicates
 */
export const isCutoff = (asOf: AsOf): boolean => Option.isSome(asOf.asOf) || Option.isSome(asOf.recordedBy)

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const localPattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/

const isRealDate = (text: string): boolean => {
  const m = datePattern.exec(text)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const isRealTime = (text: string): boolean => {
  const [h, m, s] = text.split(":").map(Number) as [number, number, number | undefined]
  return h < 24 && m < 60 && (s === undefined || s < 60)
}

const forms =
  "use a date (2024-09-05), a local time (2024-09-05 10:00, in the facility's zone), " +
  "an instant with its offset (2024-09-05T10:00+07:00 or ...Z)"

/** Reads one value; positions only where allowed. */
const point = (option: string, value: string, positions: boolean): Effect.Effect<Point, InvalidAsOf> => {
  const text = value.trim()
  const fail = (rule: string) => Effect.fail(new InvalidAsOf({ option, value, rule }))
  if (/^#?\d+$/.test(text)) {
    if (!positions) return fail(`a log position is not a time here: ${forms}`)
    const position = Number(text.replace("#", ""))
    return Number.isSafeInteger(position) && position >= 1
      ? Effect.succeed({ _tag: "Position", position })
      : fail("a position is a whole number from 1")
  }
  if (datePattern.test(text)) {
    return isRealDate(text) ? Effect.succeed({ _tag: "LocalDate", date: text }) : fail("no such date in the calendar")
  }
  const local = localPattern.exec(text)
  if (local !== null) {
    return isRealDate(local[1]!) && isRealTime(local[2]!)
      ? Effect.succeed({ _tag: "LocalDateTime", date: local[1]!, time: local[2]! })
      : fail("no such date or time")
  }
  if (instantPattern.test(text)) {
    const instant = new Date(text)
    return Number.isNaN(instant.getTime()) || !isRealDate(text.slice(0, 10))
      ? fail("no such instant")
      : Effect.succeed({ _tag: "Instant", instant })
  }
  return fail(positions ? `${forms}, or a log position (150 or #150)` : forms)
}

/**
 * Reads `--as-of` and `--recorded-by`.
 *
 * @since 0.2.0
 * @category parsing
 */
export const parse = (
  asOf: Option.Option<string>,
  recordedBy: Option.Option<string>
): Effect.Effect<AsOf, InvalidAsOf> =>
  Effect.gen(function* () {
    const a = Option.isSome(asOf) ? Option.some(yield* point("as-of", asOf.value, true)) : Option.none()
    const r = Option.isSome(recordedBy)
      ? Option.some((yield* point("recorded-by", recordedBy.value, false)) as Exclude<Point, { _tag: "Position" }>)
      : Option.none()
    return { asOf: a, recordedBy: r }
  })

/**
 * A cutoff resolved in a zone: the bounds an event must be within.
 *
 * @since 0.2.0
 * @category models
 */
export interface Cutoff {
  /** Inclusive. */
  readonly toPosition?: number | undefined
  /** Exclusive: the event happened before this instant. */
  readonly occurredBefore?: Date | undefined
  /** Exclusive: the event was recorded before this instant. */
  readonly recordedBefore?: Date | undefined
}

/** The instant a local date and time begins in the zone (UTC for an unknown zone). */
const localInstant = (date: string, time: string, timeZone: string): Date => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number]
  const [hours, minutes, seconds] = time.split(":").map(Number) as [number, number, number | undefined]
  const tz = Option.getOrElse(Calendar.zone(timeZone), () => DateTime.zoneMakeOffset(0))
  return Option.match(
    DateTime.makeZoned(
      { year, month, day, hours, minutes, seconds: seconds ?? 0 },
      { timeZone: tz, adjustForTimeZone: true }
    ),
    // toEpochMillis, not toDate: a zoned DateTime's toDate is its wall-clock time read as UTC
    { onNone: () => new Date(Number.NaN), onSome: (zoned) => new Date(DateTime.toEpochMillis(zoned)) }
  )
}

const nextDay = (date: string): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/** The exclusive upper bound of a point in time. */
const before = (p: Exclude<Point, { readonly _tag: "Position" }>, timeZone: string): Date => {
  switch (p._tag) {
    case "Instant":
      return new Date(p.instant.getTime() + 1)
    case "LocalDateTime":
      return new Date(localInstant(p.date, p.time, timeZone).getTime() + 1)
    case "LocalDate":
      return localInstant(nextDay(p.date), "00:00", timeZone)
  }
}

/**
 * Resolves the cutoff in the program's zone.
 *
 * @since 0.2.0
 * @category resolving
 */
export const resolve = (asOf: AsOf, timeZone: string): Cutoff => ({
  toPosition: Option.match(asOf.asOf, {
    onNone: () => undefined,
    onSome: (p) => (p._tag === "Position" ? p.position : undefined)
  }),
  occurredBefore: Option.match(asOf.asOf, {
    onNone: () => undefined,
    onSome: (p) => (p._tag === "Position" ? undefined : before(p, timeZone))
  }),
  recordedBefore: Option.match(asOf.recordedBy, { onNone: () => undefined, onSome: (p) => before(p, timeZone) })
})

/**
 * Whether an event is within the cutoff.
 *
 * @since 0.2.0
 * @category filtering
 */
export const includes =
  (cutoff: Cutoff) =>
  (event: Pick<Envelope, "position" | "occurredAt" | "recordedAt">): boolean =>
    (cutoff.toPosition === undefined || event.position <= cutoff.toPosition) &&
    (cutoff.occurredBefore === undefined || event.occurredAt.getTime() < cutoff.occurredBefore.getTime()) &&
    (cutoff.recordedBefore === undefined || event.recordedAt.getTime() < cutoff.recordedBefore.getTime())

const describePoint = (p: Point, timeZone: string): string => {
  switch (p._tag) {
    case "Position":
      return `position #${p.position}`
    case "LocalDate":
      return `${p.date} (to the end of that day in ${describeZone(timeZone, localInstant(p.date, "00:00", timeZone))})`
    case "LocalDateTime":
      return formatInstant(localInstant(p.date, p.time, timeZone), timeZone)
    case "Instant":
      return formatInstant(p.instant, timeZone)
  }
}

/**
 * The cutoff in words, for headings and errors: `as of business time 2024-09-05 (end of day,
 * WIB (+07:00)); recorded by 2024-09-06 12:00 WIB (+07:00)`.
 *
 * @since 0.2.0
 * @category formatting
 */
export const describe = (asOf: AsOf, timeZone: string): string => {
  const parts: Array<string> = []
  if (Option.isSome(asOf.asOf)) {
    parts.push(
      asOf.asOf.value._tag === "Position"
        ? `as of log ${describePoint(asOf.asOf.value, timeZone)}`
        : `as of business time ${describePoint(asOf.asOf.value, timeZone)}`
    )
  }
  if (Option.isSome(asOf.recordedBy)) parts.push(`recorded by ${describePoint(asOf.recordedBy.value, timeZone)}`)
  return parts.length === 0 ? "as recorded now" : parts.join("; ")
}

/**
 * The cutoff as JSON (for `--json` output).
 *
 * @since 0.2.0
 * @category formatting
 */
export const toJson = (asOf: AsOf, cutoff: Cutoff) => ({
  asOf: Option.getOrNull(asOf.asOf),
  recordedBy: Option.getOrNull(asOf.recordedBy),
  toPosition: cutoff.toPosition ?? null,
  occurredBefore: cutoff.occurredBefore?.toISOString() ?? null,
  recordedBefore: cutoff.recordedBefore?.toISOString() ?? null
})
