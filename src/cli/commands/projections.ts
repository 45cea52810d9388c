/**
 * `projections status` and `projections rebuild [name]`: the read models' state, through the
 * projection port (`ProjectionsPort.ts`).
 *
 * @since 0.2.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import { Projections } from "../ProjectionsPort.js"
import * as Store from "../Store.js"

const status = Command.make("status", Options.common, ({ db, json }) =>
  Store.readOnly(db)(() =>
    Effect.gen(function* () {
      const all = yield* (yield* Projections).status()
      if (json) return yield* Output.printJson(all)
      yield* Output.print(
        Output.table(
          ["projection", "version", "storage", "position", "head", "state"],
          all.map((p) => [
            p.name,
            String(p.version),
            p.storage === "fold" ? "fold (computed from the log on each query)" : `table (${p.storage})`,
            p.position === undefined ? "-" : `#${p.position}`,
            `#${p.head}`,
            p.state
          ])
        )
      )
    })
  )
).pipe(
  Command.withDescription(
    Help.doc(
      "The read models and how far each has applied the log: current, behind, stale (built by another version: " +
        "a rebuild is due) or empty.",
      [],
      ["training-ledger projections status --db sqlite:./demo.sqlite"]
    )
  )
)

const rebuild = Command.make(
  "rebuild",
  {
    ...Options.common,
    name: Args.text({ name: "name" }).pipe(
      Args.withDescription("The projection to rebuild (all when omitted)."),
      Args.optional
    )
  },
  ({ db, json, name }) =>
    Store.readOnly(db)(() =>
      Effect.gen(function* () {
        const done = yield* (yield* Projections).rebuild(Option.getOrUndefined(name))
        if (json) return yield* Output.printJson(done)
        for (const r of done) {
          yield* Output.print(`${r.name} v${r.version}: rebuilt from ${r.events} events, at #${r.position}`)
        }
      })
    )
).pipe(
  Command.withDescription(
    Help.doc(
      "Rebuild a read model (or all of them) from position 1: its tables are emptied and the whole log applied " +
        "again, then its checkpoint set.",
      ["The rebuilt tables replace the old ones in one transaction: readers never see half a rebuild; appends go on."],
      ["training-ledger projections rebuild program-summary --db sqlite:./demo.sqlite"]
    )
  )
)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("projections").pipe(
  Command.withDescription("The read models: status, rebuild."),
  Command.withSubcommands([status, rebuild])
)
