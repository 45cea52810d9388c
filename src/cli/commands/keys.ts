/**
 * `keys generate --out <dir>`: the facility's signing key pair.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Commands from "../../audit/Commands.js"
import * as Help from "../Help.js"
import { emit } from "./ProofOutput.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const generate = Command.make(
  "generate",
  {
    out: CliOptions.directory("out").pipe(CliOptions.withDescription("The directory to write the two key files into.")),
    json: CliOptions.boolean("json")
  },
  ({ json, out }) => Effect.flatMap(Commands.keysGenerate({ out }), emit(json))
).pipe(
  Command.withDescription(
    Help.doc(
      "Generate the facility's Ed25519 signing key pair: ledger-signing.key (private, mode 0600: keep it with " +
        "the operator, never in the database) and ledger-signing.pub (public: give it to auditors, with its " +
        "fingerprint through another channel). Existing files are never overwritten.",
      [],
      ["training-ledger keys generate --out ./keys"]
    )
  )
)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("keys").pipe(
  Command.withDescription("The facility's signing keys."),
  Command.withSubcommands([generate])
)
