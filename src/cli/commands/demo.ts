/**
 * `demo [--force]`: record the founding case into a new or empty store.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Demo from "../../demo/Demo.js"
import * as StoreUrl from "../../stores/StoreUrl.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Store from "../Store.js"
import { existing } from "./init.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "demo",
  {
    ...Options.common,
    force: Options.force("Record beside the events already in the store, under a program id of its own.")
  },
  ({ db, force, json }) =>
    Effect.gen(function* () {
      const url = yield* Store.resolveUrl(db)
      // Refuses a SQLite file that is not a ledger before anything is written to it.
      yield* existing(url)
      // Personal data is encrypted: the keys come from the environment, or key files beside the store.
      const keys = yield* Demo.keysFor(url)
      const recorded = yield* Effect.provide(Demo.record({ force }), Store.layer(url, true, keys.privacy))
      const shown = StoreUrl.redact(url)
      if (json) {
        return yield* Output.printJson({
          url: shown,
          programId: recorded.programId,
          events: recorded.after.position - recorded.before.position,
          head: recorded.after,
          certificates: recorded.certificates.map((c) => ({ certificateId: c.certificateId, number: c.number }))
        })
      }
      yield* Output.print(
        `recorded the founding case (Bimtek Wirausaha Baru IKM Batik, Lapas Kelas I Cipinang, 3-7 Sept 2024) at ${shown}`,
        `  program ${recorded.programId}: ${recorded.commands} commands, ` +
          `${recorded.after.position - recorded.before.position} events (#${recorded.before.position + 1}..#${recorded.after.position})`,
        `  certificates: ${recorded.certificates.map((c) => c.number).join(", ")}`,
        `  privacy keys: ${keys.note}`,
        "",
        "next:",
        `  training-ledger programs --db ${shown}`,
        `  training-ledger history ${recorded.programId} --db ${shown}`,
        `  training-ledger verify --db ${shown}`
      )
    })
).pipe(
  Command.withDescription(
    Help.doc(
      "Record the founding case, the batik entrepreneurship course at Lapas Kelas I Cipinang (3 to 7 September " +
        "2024, 25 participants, 3 certified), through the Ledger: a store to try every other command on.",
      [
        "The store is created when new. A store that already holds events is refused (the demo never writes " +
          "among someone's records) unless --force: the demo's program then gets an id of its own beside them. " +
          "Participants are fictional."
      ],
      ["training-ledger demo --db sqlite:./demo.sqlite", "training-ledger demo --db sqlite:./shared.sqlite --force"]
    )
  )
)
