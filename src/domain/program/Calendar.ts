/**
 * Local dates and times in the program's time zone, and the certificate number template.
 * Pure: effect's DateTime reads the zone rules through `Intl`, no clock.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import type { LocalDate } from "../Identifiers.js"
import * as TimeZone from "../TimeZone.js"
import type { SessionSlot } from "./Values.js"

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/**
 * The named IANA zone, or None when the id is not a zone (defined once, in `TimeZone`).
 *
 * @since 0.1.0
 * @category calendar
 */
export const zone = TimeZone.zone

/**
 * The local calendar parts of an instant in a zone.
 *
 * @since 0.1.0
 * @category calendar
 */
export const localParts = (instant: DateTime.DateTime, tz: DateTime.TimeZone): DateTime.DateTime.PartsWithWeekday =>
  DateTime.toParts(DateTime.setZone(instant, tz))

/**
 * The local date of an instant in a zone.
 *
 * @since 0.1.0
 * @category calendar
 */
export const localDate = (instant: DateTime.DateTime, tz: DateTime.TimeZone): LocalDate => {
  const p = localParts(instant, tz)
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}` as LocalDate
}

/**
 * The instant (epoch milliseconds) a session starts, reading its local date and time in the
 * zone. A wall-clock time skipped by a DST change is shifted by the zone rules.
 *
 * @since 0.1.0
 * @category calendar
 */
export const slotStartMillis = (slot: SessionSlot, tz: DateTime.TimeZone): number => {
  const [year, month, day] = slot.date.split("-").map(Number) as [number, number, number]
  const [hours, minutes] = slot.start.split(":").map(Number) as [number, number]
  return Option.match(
    DateTime.makeZoned({ year, month, day, hours, minutes }, { timeZone: tz, adjustForTimeZone: true }),
    {
      // makeZoned fails only on out-of-range parts, which LocalDate and LocalTime exclude
      onNone: () => Number.NaN,
      onSome: DateTime.toEpochMillis
    }
  )
}

const romanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"] as const

/**
 * The month as a Roman numeral, as Indonesian letter numbers write it (9 -> IX).
 *
 * @since 0.1.0
 * @category certificates
 */
export const romanMonth = (month: number): string => romanMonths[month - 1] ?? String(month)

const placeholder = /\{(seq(?::[1-9])?|facility|issuer|romanMonth|month|year)\}/g
const anyPlaceholder = /\{[^}]*\}/g

/**
 * Checks a number template: it must contain `{seq}` or `{seq:N}` and only known placeholders
 * (`{facility}`, `{issuer}`, `{romanMonth}`, `{month}`, `{year}`). Returns the problem, if any.
 *
 * @since 0.1.0
 * @category certificates
 */
export const templateProblem = (template: string): Option.Option<string> => {
  const unknown = (template.match(anyPlaceholder) ?? []).filter((p) => p.match(placeholder) === null)
  if (unknown.length > 0) return Option.some(`unknown placeholder ${unknown[0]}`)
  if (!/\{seq(:[1-9])?\}/.test(template)) return Option.some("it must contain {seq} or {seq:N}")
  return Option.none()
}

/**
 * The data a certificate number is made of.
 *
 * @since 0.1.0
 * @category certificates
 */
export interface NumberParts {
  readonly sequence: number
  readonly facility: string
  readonly issuer: string
  readonly month: number
  readonly year: number
}

/**
 * Formats a certificate number: `{seq:3}` zero-pads the sequence to 3 digits.
 *
 * @since 0.1.0
 * @category certificates
 */
export const formatNumber = (template: string, parts: NumberParts): string =>
  template.replace(placeholder, (_, name: string) => {
    if (name.startsWith("seq")) return pad(parts.sequence, name.length > 3 ? Number(name.slice(4)) : 1)
    switch (name) {
      case "facility":
        return parts.facility
      case "issuer":
        return parts.issuer
      case "romanMonth":
        return romanMonth(parts.month)
      case "month":
        return pad(parts.month, 2)
      default:
        return String(parts.year)
    }
  })
