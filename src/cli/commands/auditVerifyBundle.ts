/**
 * `audit verify-bundle <file> --key <pem>`: check an export bundle offline (no `--db`): every
 * hash, every proof, the signatures, and the program's read model replayed from the bundle alone.
 *
 * @since 0.2.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Commands from "../../audit/Commands.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import { emit } from "./ProofOutput.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const verifyBundle = Command.make(
  "verify-bundle",
  { file: Args.file({ name: "bundle", exists: "yes" }), key: Options.requiredKey, json: CliOptions.boolean("json") },
  ({ file, json, key }) => Effect.flatMap(Commands.verifyBundle({ file, key }), emit(json))
).pipe(
  Command.withDescription(
    Help.doc(
      "Check a bundle offline, trusting only the public key you were given (check its fingerprint with the " +
        "facility through another channel): the checkpoint's and the manifest's signatures, every event's " +
        "content hash and chain link, every inclusion proof, and the program's summary replayed from the " +
        "bundle alone. Exit 1 when anything is refused, with the reason.",
      [],
      ["training-ledger audit verify-bundle cip-batik-2024.jsonl --key ledger-signing.pub"]
    )
  )
)

/**
 * `audit`, the auditors' offline checks.
 *
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("audit").pipe(
  Command.withDescription("The auditors' offline checks (no store needed)."),
  Command.withSubcommands([verifyBundle])
)
