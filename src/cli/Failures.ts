/**
 * Why a command gives no answer, and the exit code that says so. Every failure prints one line
 * `<tag>: <message>` on stderr: the tag is stable (scripts match it), the message says what to do.
 *
 * | exit | meaning |
 * | --- | --- |
 * | 0 | done; `verify` found the chain intact (and the log only grew since the seal) |
 * | 1 | integrity: the chain is broken, the seal does not hold (shorter, another log), a signature does not verify, a stored event cannot be read |
 * | 2 | usage or input: a missing or malformed option, no `--db`, a malformed seal file, an existing output file, a feature not in this build (or an optional package it needs, such as vega for `report --format html`) |
 * | 3 | store: not found, not a training-ledger store, unreachable, refused, a driver missing, a database failure |
 * | 4 | not found: the program is not in the ledger (or not yet at the `--as-of` cutoff) |
 * | 5 | internal: a bug; please report it with the message |
 *
 * @since 0.2.0
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Schema from "effect/Schema"

/**
 * The exit codes (see the module's table).
 *
 * @since 0.2.0
 * @category exit codes
 */
export const ExitCode = { ok: 0, integrity: 1, usage: 2, store: 3, notFound: 4, internal: 5 } as const

/**
 * @since 0.2.0
 * @category exit codes
 */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * Neither `--db` nor `TRAINING_LEDGER_DB` names a store (there is no default file: a forgotten
 * option must not open, or create, a ledger nobody meant).
 *
 * @since 0.2.0
 * @category errors
 */
export class NoStoreGiven extends Schema.TaggedError<NoStoreGiven>()("NoStoreGiven", {}) {
  override get message() {
    return (
      "no store given: pass --db <url> (sqlite:<path>, a file path, or postgres://user@host:port/database) " +
      "or set TRAINING_LEDGER_DB"
    )
  }
}

/**
 * An `--as-of` or `--recorded-by` value that is none of the accepted forms.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidAsOf extends Schema.TaggedError<InvalidAsOf>()("InvalidAsOf", {
  option: Schema.String,
  value: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `--${this.option} "${this.value}" is not valid: ${this.rule}`
  }
}

/**
 * Options that cannot be given together, or one that needs another.
 *
 * @since 0.2.0
 * @category errors
 */
export class ConflictingOptions extends Schema.TaggedError<ConflictingOptions>()("ConflictingOptions", {
  rule: Schema.String
}) {
  override get message() {
    return this.rule
  }
}

/**
 * The output file exists already.
 *
 * @since 0.2.0
 * @category errors
 */
export class OutputExists extends Schema.TaggedError<OutputExists>()("OutputExists", { path: Schema.String }) {
  override get message() {
    return `${this.path} exists already: choose another --out, or add --force to replace it`
  }
}

/**
 * The output file cannot be written.
 *
 * @since 0.2.0
 * @category errors
 */
export class OutputNotWritten extends Schema.TaggedError<OutputNotWritten>()("OutputNotWritten", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot write ${this.path}: ${this.reason}`
  }
}

/**
 * The seal file cannot be read.
 *
 * @since 0.2.0
 * @category errors
 */
export class SealFileNotFound extends Schema.TaggedError<SealFileNotFound>()("SealFileNotFound", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot read the seal ${this.path}: ${this.reason}`
  }
}

/**
 * A feature this build of the command line does not include.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotAvailableInThisBuild extends Schema.TaggedError<NotAvailableInThisBuild>()("NotAvailableInThisBuild", {
  feature: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.feature} is not available in this build: ${this.reason}`
  }
}

/**
 * The HTML report draws its charts with the optional peers vega and vega-lite, and one of them is
 * not installed: the report is refused (exit 2, like a feature not in this build), naming the
 * package to install.
 *
 * @since 0.2.0
 * @category errors
 */
export class ChartLibraryMissing extends Schema.TaggedError<ChartLibraryMissing>()("ChartLibraryMissing", {
  packageName: Schema.String
}) {
  override get message() {
    return (
      `report --format html draws its charts with vega and vega-lite, and ${this.packageName} is not installed: ` +
      "npm install vega vega-lite (or use --format md or --format csv)"
    )
  }
}

/**
 * The HTML report could not be written for another reason than a missing package: a bug.
 *
 * @since 0.2.0
 * @category errors
 */
export class ReportNotRendered extends Schema.TaggedError<ReportNotRendered>()("ReportNotRendered", {
  reason: Schema.String
}) {
  override get message() {
    return `the HTML report could not be rendered: ${this.reason}`
  }
}

/**
 * `init` refuses to turn an existing file or database that is not a ledger into one.
 *
 * @since 0.2.0
 * @category errors
 */
export class InitRefused extends Schema.TaggedError<InitRefused>()("InitRefused", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `init refuses ${this.url}: ${this.reason}`
  }
}

/**
 * The hash chain is broken: what `verify` found, as an error line.
 *
 * @since 0.2.0
 * @category errors
 */
export class ChainBroken extends Schema.TaggedError<ChainBroken>()("ChainBroken", {
  position: Schema.Number,
  damage: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `the hash chain is broken at position ${this.position} (${this.damage}): ${this.reason}`
  }
}

/**
 * The log ends before the seal's position.
 *
 * @since 0.2.0
 * @category errors
 */
export class LogShorterThanSeal extends Schema.TaggedError<LogShorterThanSeal>()("LogShorterThanSeal", {
  head: Schema.Number,
  sealPosition: Schema.Number
}) {
  override get message() {
    return (
      `the log is shorter than the seal: it ends at position ${this.head}, the seal is at ${this.sealPosition} ` +
      `(events were removed, or this is another, older log)`
    )
  }
}

/**
 * The chain is intact up to the seal's position, but the event there has another hash: this is
 * not the log that was sealed.
 *
 * @since 0.2.0
 * @category errors
 */
export class AnotherLog extends Schema.TaggedError<AnotherLog>()("AnotherLog", {
  position: Schema.Number,
  sealHash: Schema.String,
  logHash: Schema.String
}) {
  override get message() {
    return (
      `another log: the chain is intact, but the event at position ${this.position} has hash ` +
      `${this.logHash.slice(0, 16)}..., the seal says ${this.sealHash.slice(0, 16)}... ` +
      `(a different database, or a log rewritten with recomputed hashes)`
    )
  }
}

/**
 * The live log's Merkle tree does not extend the signed checkpoint's: the log did not only grow
 * since (the chain alone could have been rewritten with recomputed hashes; the tree's root, signed,
 * cannot).
 *
 * @since 0.2.0
 * @category errors
 */
export class TreeDoesNotExtend extends Schema.TaggedError<TreeDoesNotExtend>()("TreeDoesNotExtend", {
  sealedSize: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `the Merkle tree of the log does not extend the checkpoint's tree of ${this.sealedSize} events: ${this.reason}`
  }
}

/**
 * The program existed by now, but not at the `--as-of` / `--recorded-by` cutoff.
 *
 * @since 0.2.0
 * @category errors
 */
export class ProgramNotFoundAsOf extends Schema.TaggedError<ProgramNotFoundAsOf>()("ProgramNotFoundAsOf", {
  programId: Schema.String,
  cutoff: Schema.String
}) {
  override get message() {
    return `program ${this.programId} has no events ${this.cutoff}: it was drafted (or recorded) later`
  }
}

/**
 * A projection name this build does not know.
 *
 * @since 0.2.0
 * @category errors
 */
export class UnknownProjection extends Schema.TaggedError<UnknownProjection>()("UnknownProjection", {
  name: Schema.String,
  known: Schema.Array(Schema.String)
}) {
  override get message() {
    return `no projection named ${this.name}: known projections are ${this.known.join(", ") || "(none)"}`
  }
}

const byTag: ReadonlyMap<string, ExitCode> = new Map<string, ExitCode>([
  ...[
    "ChainBroken",
    "LogShorterThanSeal",
    "AnotherLog",
    "TreeDoesNotExtend",
    "BadSignature",
    "SignedByOtherKey",
    "UndecodableEvent",
    "BundleRefused"
  ].map((tag) => [tag, ExitCode.integrity] as const),
  ...[
    "UsageError",
    "NoStoreGiven",
    "UnsupportedStoreUrl",
    "InvalidAsOf",
    "ConflictingOptions",
    "OutputExists",
    "OutputNotWritten",
    "SealFileNotFound",
    "MalformedCheckpoint",
    "NotAvailableInThisBuild",
    "ChartLibraryMissing",
    "UnknownProjection",
    "InitRefused",
    "StoreNotEmpty",
    "KeyFileMissing",
    "NotAKey",
    "WrongKeyType",
    "KeyFileError",
    "KeyFileExists",
    "SealFileError",
    "BundleWriteError",
    "TargetNotEmpty",
    "InvalidProofRequest",
    "InvalidReadOptions",
    "NotAuthorised"
  ].map((tag) => [tag, ExitCode.usage] as const),
  ...[
    "StoreNotFound",
    "StoreUnavailable",
    "MissingPeerDependency",
    "EventStoreError",
    "ProjectionStoreError",
    "RegistryError",
    "SqlError",
    "MigrationError"
  ].map((tag) => [tag, ExitCode.store] as const),
  ...["ProgramNotFound", "ProgramNotFoundAsOf"].map((tag) => [tag, ExitCode.notFound] as const)
])

/**
 * One failure as it is printed: its tag, a message a person can act on, and the exit code.
 *
 * @since 0.2.0
 * @category models
 */
export interface Described {
  readonly tag: string
  readonly message: string
  readonly exitCode: ExitCode
}

/** The message of a failure; never `[object Object]`. */
const messageOf = (error: unknown): string => {
  if (typeof error === "string") return error
  if (typeof error !== "object" || error === null) return String(error)
  const own = (error as { message?: unknown }).message
  let message = typeof own === "string" ? own.trim() : ""
  if (message === "") {
    const fields = Object.fromEntries(
      Object.entries(error).filter(([key, value]) => key !== "_tag" && key !== "stack" && typeof value !== "function")
    )
    message = Object.keys(fields).length > 0 ? safeJson(fields) : ""
  }
  // SqlError and friends say "Failed to execute statement": the driver's reason is in the cause.
  const cause = (error as { cause?: unknown }).cause
  if (cause !== undefined && cause !== null) {
    const inner = messageOf(cause)
    if (inner !== "" && !message.includes(inner)) message = message === "" ? inner : `${message}: ${inner}`
  }
  if (message === "") {
    const text = String(error)
    message = text === "[object Object]" ? "(no message)" : text
  }
  return message
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value)
  } catch {
    return "(unprintable details)"
  }
}

/**
 * A usage error of `@effect/cli` (its message is a help document) as one or two lines of text.
 *
 * @since 0.2.0
 * @category describing
 */
export const usageText = (error: ValidationError.ValidationError): string =>
  HelpDoc.toAnsiText(error.error)
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ")

/**
 * What to print for a failure, and the exit code.
 *
 * @since 0.2.0
 * @category describing
 */
export const describe = (error: unknown): Described => {
  if (ValidationError.isValidationError(error)) {
    return {
      tag: "UsageError",
      message: `${usageText(error) || error._tag} (training-ledger <command> --help shows the options)`,
      exitCode: ExitCode.usage
    }
  }
  const tag =
    typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string"
      ? (error as { _tag: string })._tag
      : error instanceof Error
        ? error.name
        : "Error"
  return { tag, message: messageOf(error), exitCode: byTag.get(tag) ?? ExitCode.internal }
}
