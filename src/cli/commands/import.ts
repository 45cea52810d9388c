/**
 * `import <file> --key <pem> --db <url> [--json]`: a whole-log bundle into an empty store, after
 * verifying it (nothing is written when it does not verify).
 *
 * @since 0.2.0
 */
import { Args, Command, Options } from "@effect/cli"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Commands from "../../audit/Commands.js"
import * as Stores from "../../stores/Stores.js"

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
export const command = Command.make(
  "import",
  {
    file: Args.file({ name: "bundle", exists: "yes" }),
    key: Options.file("key").pipe(Options.withDescription("the facility's public key (ledger-signing.pub)")),
    db: Options.text("db").pipe(
      Options.withDescription("the empty target store: sqlite:<path>, postgres://user@host:port/database")
    ),
    json: Options.boolean("json")
  },
  ({ db, file, json, key }) =>
    Commands.importBundle({ file, key }).pipe(Effect.flatMap(emit(json)), Effect.provide(Stores.layer(db)))
).pipe(
  Command.withDescription(
    "verify a whole-log bundle, then load it into an empty store with the same positions, hashes and proofs"
  )
)
