/**
 * What the command line writes, and how: plain lines on stdout (the answer), `<tag>: <message>`
 * lines on stderr (why there is no answer), JSON for `--json`, a progress bar on a terminal only,
 * and times in the facility's zone with its offset.
 *
 * Colour: none when the stream is not a terminal, when `NO_COLOR` is set (https://no-color.org)
 * or when `TERM=dumb`; `@effect/cli`'s help, which always colours, goes through {@link plainConsole}.
 *
 * @since 0.2.0
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Time from "../reports/Time.js"
import { existsSync, writeFileSync } from "node:fs"
import { OutputExists, OutputNotWritten } from "./Failures.js"

/**
 * Whether `stream` may carry ANSI colours.
 *
 * @since 0.2.0
 * @category colour
 */
export const colourAllowed = (
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env
): boolean => stream.isTTY === true && (env.NO_COLOR ?? "") === "" && env.TERM !== "dumb"

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks)
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g

/**
 * The text without ANSI escape sequences.
 *
 * @since 0.2.0
 * @category colour
 */
export const stripAnsi = (text: string): string => text.replace(ansi, "")

/**
 * The Console `@effect/cli` prints its help and prompts through: colours removed unless stdout
 * may carry them; its own error printing dropped (the command line prints every error once, as
 * `<tag>: <message>`).
 *
 * @since 0.2.0
 * @category colour
 */
export const plainConsole = (base: Console.Console): Console.Console => {
  const keep = colourAllowed(process.stdout)
  return {
    ...base,
    log: (...args: ReadonlyArray<unknown>) =>
      base.log(...args.map((a) => (typeof a === "string" && !keep ? stripAnsi(a) : a))),
    error: () => Effect.void
  }
}

const write = (stream: NodeJS.WriteStream, text: string) =>
  Effect.sync(() => {
    stream.write(text.endsWith("\n") ? text : `${text}\n`)
  })

/**
 * Prints lines on stdout.
 *
 * @since 0.2.0
 * @category printing
 */
export const print = (...lines: ReadonlyArray<string>): Effect.Effect<void> => write(process.stdout, lines.join("\n"))

/**
 * Prints a value as JSON on stdout (2-space indented; dates as ISO-8601 UTC).
 *
 * @since 0.2.0
 * @category printing
 */
export const printJson = (value: unknown): Effect.Effect<void> => write(process.stdout, JSON.stringify(value, null, 2))

/**
 * Prints lines on stderr (errors, warnings, notes that are not the answer).
 *
 * @since 0.2.0
 * @category printing
 */
export const printError = (...lines: ReadonlyArray<string>): Effect.Effect<void> =>
  write(process.stderr, lines.join("\n"))

/**
 * Writes `text` to a new file; an existing file is refused unless `overwrite` (a seal or a report
 * is evidence: it is not replaced by accident).
 *
 * @since 0.2.0
 * @category files
 */
export const writeNewFile = (
  path: string,
  text: string,
  overwrite = false
): Effect.Effect<void, OutputExists | OutputNotWritten> =>
  Effect.suspend(() => {
    if (!overwrite && existsSync(path)) return Effect.fail(new OutputExists({ path }))
    return Effect.try({
      try: () => writeFileSync(path, text, { flag: overwrite ? "w" : "wx" }),
      catch: (error) =>
        (error as NodeJS.ErrnoException)?.code === "EEXIST"
          ? new OutputExists({ path })
          : new OutputNotWritten({ path, reason: String((error as Error)?.message ?? error) })
    })
  })

/**
 * A progress bar on stderr while a long walk runs; nothing at all when stderr is not a terminal
 * (a pipe, a file, a CI log).
 *
 * @since 0.2.0
 * @category printing
 */
export interface Progress {
  readonly update: (done: number, of: number) => Effect.Effect<void>
  readonly clear: Effect.Effect<void>
}

/**
 * @since 0.2.0
 * @category printing
 */
export const progress = (label: string, stream: NodeJS.WriteStream = process.stderr): Progress => {
  if (stream.isTTY !== true) return { update: () => Effect.void, clear: Effect.void }
  const width = 30
  let shown = false
  return {
    update: (done, of) =>
      Effect.sync(() => {
        const ratio = of <= 0 ? 1 : Math.min(1, done / of)
        const filled = Math.round(ratio * width)
        stream.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${of}`)
        shown = true
      }),
    clear: Effect.sync(() => {
      if (shown) stream.write("\r\u001b[K")
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

/**
 * The Indonesian abbreviation of a zone (WIB, WITA, WIT), or UTC; undefined for other zones
 * (one definition, `reports/Time.ts`).
 *
 * @since 0.2.0
 * @category times
 */
export const zoneAbbreviation = (timeZone: string): string | undefined => Time.abbreviation(timeZone)

/**
 * Whether the zone is one of Indonesia's (the command line then speaks Indonesian by default).
 *
 * @since 0.2.0
 * @category times
 */
export const isIndonesianZone = (timeZone: string): boolean => Time.isIndonesian(timeZone)

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * An instant as a person at the facility reads it on a terminal: local date and time in the
 * zone, its abbreviation and its offset, `2024-09-07 10:00 WIB (+07:00)`; seconds are shown only
 * when they are not zero (record times have them, times typed from paper do not). A zone the
 * runtime does not know prints in UTC, labelled so.
 *
 * @since 0.2.0
 * @category times
 */
export const formatInstant = (instant: Date, timeZone: string): string => {
  const local = Time.toLocal(instant, timeZone)
  const seconds = local.seconds === 0 ? "" : `:${pad(local.seconds)}`
  const label = local.zone.startsWith("UTC+") || local.zone.startsWith("UTC-") ? "" : ` ${local.zone}`
  return `${local.date} ${local.time}${seconds}${label} (${local.offset})`
}

/**
 * A zone as headings print it: `Asia/Jakarta (WIB, +07:00)`; the offset is the one in force at
 * `at` (zones with daylight saving move).
 *
 * @since 0.2.0
 * @category times
 */
export const describeZone = (timeZone: string, at: Date): string => {
  const local = Time.toLocal(at, timeZone)
  const label = local.zone.startsWith("UTC+") || local.zone.startsWith("UTC-") ? "" : `${local.zone}, `
  return `${timeZone} (${label}${local.offset})`
}

/**
 * `formatInstant`, or `-` for no instant.
 *
 * @since 0.2.0
 * @category times
 */
export const formatOptionalInstant = (instant: Date | undefined, timeZone: string): string =>
  instant === undefined ? "-" : formatInstant(instant, timeZone)

// ---------------------------------------------------------------------------------------------
// Numbers and tables
// ---------------------------------------------------------------------------------------------

/**
 * A ratio as a percentage with one decimal (`87.5%`), or `-` when there is none.
 *
 * @since 0.2.0
 * @category numbers
 */
export const percent = (ratio: number | undefined | null): string =>
  ratio === undefined || ratio === null ? "-" : `${(ratio * 100).toFixed(1)}%`

/** Display width: combining marks take none (a name with diacritics stays aligned). */
const width = (text: string) => Array.from(text.normalize("NFC")).length

/**
 * Rows aligned in columns under a header, two spaces apart; the last column is not padded.
 *
 * @since 0.2.0
 * @category tables
 */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i] ?? ""))))
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - width(cell))))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}
