/**
 * `init`: create an empty store.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { statSync } from "node:fs"
import { EventStore } from "../../ports/EventStore.js"
import * as StoreUrl from "../../stores/StoreUrl.js"
import { InitRefused } from "../Failures.js"
import * as Help from "../Help.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Store from "../Store.js"

const head = Effect.flatMap(EventStore, (store) => store.head())

/**
 * Whether a store is already at `url` (its head), or none is and one may be created there. A
 * SQLite file that exists but is not a training-ledger store is refused: its tables belong to
 * someone else.
 *
 * @since 0.2.0
 * @category store
 */
export const existing = (url: string) =>
  Effect.gen(function* () {
    const parsed = StoreUrl.parse(url)
    if (Either.isLeft(parsed)) return yield* parsed.left
    if (parsed.right._tag === "Memory") return undefined
    if (parsed.right._tag === "Sqlite") {
      const size = (() => {
        try {
          return statSync(parsed.right.filename).size
        } catch {
          return 0
        }
      })()
      if (size === 0) return undefined
    }
    return yield* Effect.provide(head, Store.layer(url, false)).pipe(
      Effect.catchTag("StoreNotFound", (error) =>
        parsed.right._tag === "Sqlite"
          ? Effect.fail(
              new InitRefused({
                url: StoreUrl.redact(url),
                reason: `the file exists and is not a training-ledger store (${error.reason}); choose a new file`
              })
            )
          : // PostgreSQL: the tables go into the database (or schema) named; pending migrations run.
            Effect.succeed(undefined)
      )
    )
  })

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("init", Options.common, ({ db, json }) =>
  Effect.gen(function* () {
    const url = yield* Store.resolveUrl(db)
    const found = yield* existing(url)
    const shown = StoreUrl.redact(url)
    if (found !== undefined) {
      return yield* json
        ? Output.printJson({ url: shown, created: false, events: found.position })
        : Output.print(`${shown} is already a training-ledger store (${found.position} events): nothing to do`)
    }
    yield* Effect.provide(head, Store.layer(url, true))
    yield* json
      ? Output.printJson({ url: shown, created: true, events: 0 })
      : Output.print(`created an empty training-ledger store at ${shown}`)
  })
).pipe(
  Command.withDescription(
    Help.doc(
      "Create an empty store: the SQLite file (or the tables in the PostgreSQL database or schema) with every " +
        "migration applied. A store that exists already is left as it is; a SQLite file that is not a " +
        "training-ledger store is refused.",
      [],
      [
        "training-ledger init --db sqlite:./ledger.sqlite",
        "training-ledger init --db 'postgres://ledger@db:5432/ledger?options=-c%20search_path%3Dlpcip'"
      ]
    )
  )
)
