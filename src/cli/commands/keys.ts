/**
 * `keys generate --out <dir> [--json]`: the facility's Ed25519 signing key pair.
 *
 * Register with `Command.withSubcommands([..., Keys.command])` (see `audit/Commands.ts`).
 *
 * @since 0.2.0
 */
import { Command, Options } from "@effect/cli"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Commands from "../../audit/Commands.js"

/** Prints a command's output (text, or JSON with --json); exit code 1 when it did not succeed. */
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
export const generate = Command.make(
  "generate",
  {
    out: Options.directory("out").pipe(Options.withDescription("the directory to write the two key files into")),
    json: Options.boolean("json")
  },
  ({ json, out }) => Effect.flatMap(Commands.keysGenerate({ out }), emit(json))
).pipe(
  Command.withDescription(
    "generate the signing key pair: ledger-signing.key (private, 0600) and ledger-signing.pub (public); never overwrites"
  )
)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("keys").pipe(
  Command.withDescription("the facility's signing keys"),
  Command.withSubcommands([generate])
)
