/**
 * `check-seal --seal <file>|- | --position N --hash H`: `verify --seal`, under the name earlier
 * versions used, and with the seal also given as flags.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ConflictingOptions } from "../Failures.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Verify from "./verify.js"

const position = CliOptions.integer("position").pipe(
  CliOptions.withDescription("The sealed position (with --hash)."),
  CliOptions.optional
)
const hash = CliOptions.text("hash").pipe(
  CliOptions.withDescription("The sealed hash, 64 hex digits (with --position)."),
  CliOptions.optional
)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "check-seal",
  { ...Options.common, seal: Options.seal, position, hash, key: Options.key },
  ({ hash, position, seal, ...args }) =>
    Effect.gen(function* () {
      const flags = Option.isSome(position) || Option.isSome(hash)
      if (Option.isSome(seal) && flags) {
        return yield* new ConflictingOptions({ rule: "give either --seal <file|-> or --position N --hash H, not both" })
      }
      if (Option.isNone(seal) && !(Option.isSome(position) && Option.isSome(hash))) {
        return yield* new ConflictingOptions({
          rule: flags
            ? "--position and --hash go together: give both"
            : "give the seal: --seal <file|-> or --position N --hash H"
        })
      }
      return yield* Verify.run({
        ...args,
        seal: Option.isSome(seal)
          ? Option.some({ _tag: "File" as const, source: seal.value })
          : Option.some({
              _tag: "Flags" as const,
              position: Option.getOrThrow(position),
              hash: Option.getOrThrow(hash)
            })
      })
    })
).pipe(
  Command.withDescription(
    Help.doc(
      "Check that the log only grew since a seal: the same as `verify --seal`, which also takes the seal as " +
        "--position and --hash.",
      [
        "Exit 0 when the chain is intact and the event at the seal's position still has the sealed hash; exit 1 " +
          "when the chain is broken, the log is shorter than the seal, or it is another log."
      ],
      [
        "training-ledger check-seal --db sqlite:./demo.sqlite --seal seal.json",
        "training-ledger check-seal --db sqlite:./demo.sqlite --position 297 --hash 74d8...",
        "cat seal.json | training-ledger check-seal --db sqlite:./demo.sqlite --seal -"
      ]
    )
  )
)
