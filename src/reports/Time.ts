/**
 * Instants as a facility reads them: in the facility's IANA time zone, with the Indonesian
 * abbreviation where there is one (WIB = Asia/Jakarta and Asia/Pontianak, +07:00; WITA =
 * Asia/Makassar, +08:00; WIT = Asia/Jayapura, +09:00) and the UTC offset otherwise
 * (`UTC+05:30`). Pure: the zone rules come from the runtime's time-zone data through
 * `effect/DateTime`, nothing reads a clock. The command line uses the same functions.
 *
 * A zone the runtime does not know is read as UTC and labelled `UTC`, so a time is never shown
 * in a zone it is not in; `ReportData` refuses such zones before anything is rendered.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import type { Lang } from "./I18n.js"
import { formatLocalDate, labels } from "./I18n.js"

const abbreviations: ReadonlyMap<string, string> = new Map([
  ["Asia/Jakarta", "WIB"],
  ["Asia/Pontianak", "WIB"],
  ["Asia/Makassar", "WITA"],
  ["Asia/Jayapura", "WIT"],
  ["UTC", "UTC"],
  ["Etc/UTC", "UTC"]
])

/**
 * An instant read in a zone.
 *
 * @since 0.2.0
 * @category models
 */
export interface LocalInstant {
  /** `YYYY-MM-DD` */
  readonly date: string
  /** `HH:mm` */
  readonly time: string
  /** 0 to 59 (record times have them; times typed from paper usually do not). */
  readonly seconds: number
  /** `+07:00` */
  readonly offset: string
  /** `WIB`, `WITA`, `WIT`, `UTC`, or `UTC+05:30` for a zone without an abbreviation. */
  readonly zone: string
}

const pad = (n: number) => String(n).padStart(2, "0")

const toDateTime = (instant: Date | DateTime.DateTime): DateTime.Utc =>
  DateTime.toUtc(DateTime.isDateTime(instant) ? instant : DateTime.unsafeMake(instant))

/**
 * The abbreviation of a zone (`WIB`, `WITA`, `WIT`, `UTC`), if it has one.
 *
 * @since 0.2.0
 * @category zones
 */
export const abbreviation = (timeZone: string): string | undefined => abbreviations.get(timeZone)

/**
 * Whether the zone is one of Indonesia's (WIB, WITA, WIT).
 *
 * @since 0.2.0
 * @category zones
 */
export const isIndonesian = (timeZone: string): boolean => {
  const name = abbreviations.get(timeZone)
  return name === "WIB" || name === "WITA" || name === "WIT"
}

/**
 * Whether the runtime knows this IANA zone.
 *
 * @since 0.2.0
 * @category zones
 */
export const isTimeZone = (timeZone: string): boolean => Option.isSome(DateTime.zoneMakeNamed(timeZone))

/**
 * Reads an instant in a zone.
 *
 * @since 0.2.0
 * @category zones
 */
export const toLocal = (instant: Date | DateTime.DateTime, timeZone: string): LocalInstant => {
  const utc = toDateTime(instant)
  const zoned = Option.getOrElse(DateTime.makeZoned(utc, { timeZone }), () =>
    DateTime.setZone(utc, DateTime.zoneMakeOffset(0))
  )
  const known = isTimeZone(timeZone)
  const parts = DateTime.toParts(zoned)
  const offset = DateTime.zonedOffsetIso(zoned)
  const name = known ? abbreviations.get(timeZone) : "UTC"
  return {
    date: `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`,
    time: `${pad(parts.hours)}:${pad(parts.minutes)}`,
    seconds: parts.seconds,
    offset,
    zone: name ?? `UTC${offset}`
  }
}

/**
 * How an instant is printed.
 *
 * - `long`: `7 September 2024 pukul 10.00 WIB` (id), `7 September 2024, 10:00 WIB` (en)
 * - `short`: `7 Sep 2024 10.00 WIB` (id), `7 Sep 2024 10:00 WIB` (en), for tables
 * - `compact`: `2024-09-07 10:00 WIB` in every language, for CSV and terminals
 *
 * `offset: true` adds the UTC offset after an abbreviation: `10:00 WIB (UTC+07:00)`.
 *
 * @since 0.2.0
 * @category models
 */
export interface FormatOptions {
  readonly lang?: Lang | undefined
  readonly style?: "long" | "short" | "compact" | undefined
  readonly offset?: boolean | undefined
}

/**
 * Prints an instant in a facility's zone.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatInstant = (
  instant: Date | DateTime.DateTime,
  timeZone: string,
  options: FormatOptions = {}
): string => {
  const lang = options.lang ?? "id"
  const style = options.style ?? "long"
  const local = toLocal(instant, timeZone)
  const zone =
    options.offset === true && !local.zone.startsWith("UTC") ? `${local.zone} (UTC${local.offset})` : local.zone
  if (style === "compact") return `${local.date} ${local.time} ${zone}`
  const l = labels(lang)
  const time = local.time.replace(":", l.timeSeparator)
  return style === "long"
    ? `${formatLocalDate(local.date, lang, "long")}${l.dateTimeJoin}${time} ${zone}`
    : `${formatLocalDate(local.date, lang, "short")} ${time} ${zone}`
}

/**
 * The zone as a heading prints it: `Asia/Jakarta (WIB, UTC+07:00)`, or `Europe/Berlin
 * (UTC+02:00)`. The offset is the one in force at `at` (zones with daylight saving move).
 *
 * @since 0.2.0
 * @category formatting
 */
export const describeZone = (timeZone: string, at: Date | DateTime.DateTime): string => {
  const local = toLocal(at, timeZone)
  return local.zone.startsWith("UTC")
    ? `${timeZone} (UTC${local.offset})`
    : `${timeZone} (${local.zone}, UTC${local.offset})`
}
