/**
 * The `training-ledger` command line: the auditors' toolkit and the operator's commands, one
 * file per command under `commands/`, assembled here.
 *
 *   training-ledger demo --db sqlite:./demo.sqlite
 *   training-ledger programs --db sqlite:./demo.sqlite
 *   training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite [--as-of 2024-09-05] [--json]
 *   training-ledger verify --db sqlite:./demo.sqlite [--seal seal.json]
 *
 * Every failure prints `<tag>: <message>` on stderr and exits non-zero (codes in `Failures.ts`);
 * no colour reaches a pipe or a `NO_COLOR` terminal.
 *
 * @since 0.1.0
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Audit from "./commands/auditVerifyBundle.js"
import * as CheckSeal from "./commands/checkSeal.js"
import * as Demo from "./commands/demo.js"
import * as Export from "./commands/export.js"
import * as History from "./commands/history.js"
import * as Import from "./commands/import.js"
import * as Init from "./commands/init.js"
import * as Keys from "./commands/keys.js"
import * as Migrate from "./commands/migrate.js"
import * as Programs from "./commands/programs.js"
import * as Projections from "./commands/projections.js"
import * as Replay from "./commands/replay.js"
import * as Report from "./commands/report.js"
import * as Seal from "./commands/seal.js"
import * as Verify from "./commands/verify.js"
import { describe, ExitCode } from "./Failures.js"
import * as Output from "./Output.js"

const version = "0.2.0"

/**
 * The root command with every subcommand.
 *
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("training-ledger").pipe(
  Command.withDescription(
    "The official record of government training programs: an append-only, hash-chained event log. " +
      "Run `training-ledger <command> --help` for a command's options and examples."
  ),
  Command.withSubcommands([
    Programs.command,
    History.command,
    Replay.command,
    Report.command,
    Verify.command,
    Seal.command,
    CheckSeal.command,
    Keys.command,
    Export.command,
    Audit.command,
    Import.command,
    Projections.command,
    Init.command,
    Migrate.command,
    Demo.command
  ])
)

const summaries: ReadonlyArray<readonly [string, string]> = [
  ["programs", "list the programs: status, dates, enrolled and certified"],
  ["history <program-id>", "a program's audit timeline (--as-of, --recorded-by, --json)"],
  ["replay <program-id>", "a program's state as it stood (--as-of, --recorded-by)"],
  ["report <program-id>", "summary, roster, sessions, results, certificates (--format md|csv|html)"],
  ["verify", "recompute the hash chain; with --seal, prove the log only grew"],
  ["seal", "take a seal of the log's head (--out <file>; --sign-key: a signed checkpoint with the Merkle root)"],
  ["check-seal", "verify --seal, also with --position N --hash H"],
  ["keys generate --out <dir>", "the facility's Ed25519 signing key pair"],
  ["export --out <file>", "a signed export bundle of the log or a program (--program, --sign-key)"],
  ["audit verify-bundle <file>", "check a bundle offline with the facility's public key (--key)"],
  ["import <bundle>", "load a verified whole-log bundle into an empty store (--key, --db)"],
  ["projections status|rebuild", "the read models' state"],
  ["init", "create an empty store"],
  ["migrate", "apply pending migrations to an existing store"],
  ["demo", "record the founding case (Cipinang batik course, 2024) into a new store"]
]

const notes: ReadonlyArray<readonly [string, string]> = [
  [
    "STORE",
    "Every command takes --db <url>: sqlite:<path> (or a file path) or postgres://user@host:port/database; " +
      "without it, TRAINING_LEDGER_DB. There is no default file. Only init, migrate and demo create or change " +
      "a store; the other commands open it read-only and stop if it does not exist."
  ],
  [
    "EXIT CODES",
    "0 done (and intact); 1 integrity (chain broken, seal not held, signature refused, unreadable event); " +
      "2 usage or input; 3 store not found, not a training-ledger store, or unavailable; 4 program not found; " +
      "5 internal error. Errors print `<tag>: <message>` on stderr."
  ],
  [
    "LANGUAGE",
    "--lang id|en; default TRAINING_LEDGER_LANG, else Indonesian for a facility in an Indonesian zone " +
      "(WIB, WITA, WIT), else English. Times print in the facility's zone with its offset. --json for machines. " +
      "No colours when the output is not a terminal or NO_COLOR is set."
  ]
]

const footer = HelpDoc.blocks(notes.flatMap(([title, text]) => [HelpDoc.h1(title), HelpDoc.p(text)]))

const cli = Command.run(command, { name: "training-ledger", version, footer })

/**
 * The overview `training-ledger` and `training-ledger --help` print: each command in one line
 * (`@effect/cli` lists full usages there), then the notes every command shares.
 *
 * @since 0.2.0
 * @category help
 */
export const overview = (): string => {
  const width = Math.max(...summaries.map(([name]) => name.length))
  return [
    `training-ledger ${version}: the official record of government training programs, kept as an`,
    "append-only, hash-chained event log.",
    "",
    "USAGE",
    "  training-ledger <command> [options]      (training-ledger <command> --help: options and examples)",
    "",
    "COMMANDS",
    ...summaries.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
    "",
    "EXAMPLES",
    "  training-ledger demo --db sqlite:./demo.sqlite",
    "  training-ledger programs --db sqlite:./demo.sqlite",
    "  training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite --as-of 2024-09-05",
    "  training-ledger seal --db sqlite:./demo.sqlite --out seal.json",
    "  training-ledger verify --db sqlite:./demo.sqlite --seal seal.json",
    "",
    ...notes.flatMap(([title, text]) => [title, ...wrap(text, 96).map((line) => `  ${line}`), ""])
  ].join("\n")
}

const wrap = (text: string, width: number): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === "" ? word : `${line} ${word}`
  }
  if (line !== "") lines.push(line)
  return lines
}

/** Prints a failure once, as `<tag>: <message>`, and sets the exit code. */
const fail = (error: unknown) =>
  Effect.gen(function* () {
    const { exitCode, message, tag } = describe(error)
    yield* Output.printError(`${tag}: ${message}`)
    process.exitCode = exitCode
  })

/**
 * Runs the command line on `argv` (as `process.argv`: node, script, then the arguments) and
 * resolves when it is done; the exit code is left in `process.exitCode`.
 *
 * @since 0.2.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Promise<void> => {
  const args = argv.slice(2)
  if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
    return Effect.runPromise(Output.print(overview()))
  }
  return Effect.consoleWith((console) =>
    cli(argv).pipe(
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.sync(() => {
              process.exitCode = ExitCode.internal
            })
          : fail(Cause.squash(cause))
      ),
      Effect.withConsole(Output.plainConsole(console))
    )
  ).pipe(Effect.provide(Layer.merge(NodeContext.layer, CliConfig.layer({ showBuiltIns: false }))), (effect) =>
    Effect.runPromise(effect)
  )
}
