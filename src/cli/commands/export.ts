/**
 * `export [--program <id>] --out <file> --sign-key <file> [--proofs] [--db <url>] [--json]`: an
 * export bundle of the whole log or of one program, signed.
 *
 * @since 0.2.0
 */
import { Command, Options } from "@effect/cli"
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
  "export",
  {
    db: Options.text("db").pipe(
      Options.withDescription("the store: sqlite:<path>, postgres://user@host:port/database"),
      Options.withDefault("sqlite:./training-ledger.sqlite")
    ),
    out: Options.text("out").pipe(Options.withDescription("the bundle file to write (JSON Lines; never overwritten)")),
    signKey: Options.file("sign-key").pipe(Options.withDescription("the facility's private key (ledger-signing.key)")),
    program: Options.text("program").pipe(
      Options.withDescription("export one program (default: the whole log)"),
      Options.optional
    ),
    proofs: Options.boolean("proofs").pipe(
      Options.withDescription("a whole-log bundle: add each event's inclusion proof (a program bundle always has them)")
    ),
    json: Options.boolean("json")
  },
  ({ db, json, out, program, proofs, signKey }) =>
    Commands.exportBundle({ out, signKey, program: program._tag === "Some" ? program.value : undefined, proofs }).pipe(
      Effect.flatMap(emit(json)),
      Effect.provide(Stores.layer(db, { create: false }))
    )
).pipe(
  Command.withDescription(
    "write an export bundle: a signed checkpoint, every event with its inclusion proof, a signed manifest; verify it offline with audit verify-bundle"
  )
)
