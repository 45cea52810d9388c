/**
 * `audit verify-bundle <file> --key <pem> [--json]`: the offline check of an export bundle, from
 * the file and the facility's public key alone (no `--db`: no store is opened).
 *
 * @since 0.2.0
 */
import { Args, Command, Options } from "@effect/cli"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Commands from "../../audit/Commands.js"

const emit = (json: boolean) => (output: Commands.CommandOutput) =>
  Effect.zipRight(
    Console.log(json ? JSON.stringify(output.json, null, 2) : output.text),
    Effect.sync(() => {
      if (!output.ok) process.exitCode = 1
    })
  )

/**
 * @since 0.2.0
 * @category commands
 */
export const verifyBundle = Command.make(
  "verify-bundle",
  {
    file: Args.file({ name: "bundle", exists: "yes" }),
    key: Options.file("key").pipe(
      Options.withDescription(
        "the facility's public key (ledger-signing.pub), obtained and fingerprint-checked out of band"
      )
    ),
    json: Options.boolean("json")
  },
  ({ file, json, key }) => Effect.flatMap(Commands.verifyBundle({ file, key }), emit(json))
).pipe(
  Command.withDescription(
    "check a bundle offline: signatures, every hash, every proof, the chain; replay the program's summary; exit code 1 when refused"
  )
)

/**
 * `audit` with its `verify-bundle` subcommand (merge the subcommand into an existing `audit`
 * group if the command line has one).
 *
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("audit").pipe(
  Command.withDescription("auditors' offline checks"),
  Command.withSubcommands([verifyBundle])
)
