/**
 * `migrate`: apply the pending migrations to an existing store.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as StoreUrl from "../../stores/StoreUrl.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Store from "../Store.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("migrate", Options.common, ({ db, json }) =>
  Effect.gen(function* () {
    const url = yield* Store.resolveUrl(db)
    const Stores = yield* Effect.promise(() => import("../../stores/Stores.js"))
    const applied = yield* Stores.migrate(url)
    const shown = StoreUrl.redact(url)
    yield* json
      ? Output.printJson({ url: shown, applied })
      : Output.print(
          applied.length === 0
            ? `${shown} is up to date: no migration to apply`
            : `${shown}: applied ${applied.join(", ")}`
        )
  })
).pipe(
  Command.withDescription(
    Help.doc(
      "Apply the migrations a store has not had yet (after an upgrade of training-ledger). The store must exist: " +
        "`init` creates a new one.",
      [],
      ["training-ledger migrate --db sqlite:./ledger.sqlite"]
    )
  )
)
