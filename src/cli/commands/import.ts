/**
 * `import <bundle> --key <pem> --db <url>`: verify a whole-log bundle, then load it into an empty
 * store with the same positions, hashes and proofs (a facility's SQLite ledger moving to the
 * ministry's PostgreSQL). A bundle that fails verification writes nothing.
 *
 * @since 0.2.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
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
  "import",
  { ...Options.common, file: Args.file({ name: "bundle", exists: "yes" }), key: Options.requiredKey },
  ({ db, file, json, key }) =>
    Store.creating(db)(() => Effect.flatMap(Commands.importBundle({ file, key }), emit(json)))
).pipe(
  Command.withDescription(
    Help.doc(
      "Verify a whole-log bundle against the facility's public key, then load it into an empty store with the " +
        "same positions, hashes, Merkle tree and log id. Nothing is written when the bundle fails verification " +
        "or the store is not empty.",
      [],
      ["training-ledger import whole-log.jsonl --key ledger-signing.pub --db postgres://ministry@db:5432/ledger"]
    )
  )
)
