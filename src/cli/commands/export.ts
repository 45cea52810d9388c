/**
 * `export [--program <id>] --out <file> --sign-key <file> [--proofs]`: an export bundle of the
 * whole log or of one program, signed: what an auditor carries away and checks offline with
 * `audit verify-bundle`.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Commands from "../../audit/Commands.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Store from "../Store.js"
import { emit } from "./ProofOutput.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "export",
  {
    ...Options.common,
    out: CliOptions.text("out").pipe(
      CliOptions.withDescription("The bundle file to write (JSON Lines; never overwritten).")
    ),
    signKey: Options.requiredSignKey,
    program: CliOptions.text("program").pipe(
      CliOptions.withDescription(
        "Export one program (its events and its certificates' numbers); default: the whole log."
      ),
      CliOptions.optional
    ),
    proofs: CliOptions.boolean("proofs").pipe(
      CliOptions.withDescription(
        "A whole-log bundle: add each event's inclusion proof (a program bundle always has them)."
      )
    )
  },
  ({ db, json, out, program, proofs, signKey }) =>
    Store.readOnly(db)(() =>
      Effect.flatMap(
        Commands.exportBundle({ out, signKey, program: Option.getOrUndefined(program), proofs }),
        emit(json)
      )
    )
).pipe(
  Command.withDescription(
    Help.doc(
      "Write an export bundle: a signed checkpoint, every event with its full envelope and its inclusion proof, " +
        "and a signed manifest. `audit verify-bundle` checks it offline; `import` loads a whole-log bundle into " +
        "an empty store.",
      [],
      [
        "training-ledger export --db sqlite:./demo.sqlite --program cip-batik-2024 --sign-key keys/ledger-signing.key --out cip-batik-2024.jsonl",
        "training-ledger export --db sqlite:./demo.sqlite --sign-key keys/ledger-signing.key --out whole-log.jsonl"
      ]
    )
  )
)
