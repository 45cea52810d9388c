/**
 * A racer in its own OS process: appends `appends` events per fiber to overlapping streams of the
 * store at `target` (a PostgreSQL url, or a SQLite file), retrying on conflicts, with `fibers`
 * fibers. Prints `{ "appended": n, "conflicts": n }`.
 *
 * node --import tsx test/adapters/support/racer.ts <pg|sqlite> <target> <racerId> <fibers> <appends> <streams...>
 */
import { Effect, Either } from "effect"
import { EventStore, NoStream } from "../../../src/ports/EventStore.js"
import * as Postgres from "../../../src/adapters/sql/Postgres.js"
import * as Sqlite from "../../../src/adapters/sql/Sqlite.js"
import { event, metadata, uuid } from "./fixtures.js"

const [kind, target, racerId, fibers, appends, ...streams] = process.argv.slice(2)

const program = Effect.gen(function* () {
  const store = yield* EventStore
  const racer = (fiber: number) =>
    Effect.gen(function* () {
      let conflicts = 0
      const guesses = new Map<string, number>()
      for (let i = 0; i < Number(appends); i++) {
        const streamId = streams[(fiber + i) % streams.length]
        const e = event(uuid(Number(racerId) * 1000 + fiber, i), "ProcessRaced", { racer: Number(racerId), fiber, i })
        for (;;) {
          const guess = guesses.get(streamId) ?? 0
          const result = yield* Effect.either(store.append(streamId, guess === 0 ? NoStream : guess, [e], metadata))
          if (Either.isRight(result)) {
            guesses.set(streamId, result.right.version)
            break
          }
          if (result.left._tag !== "StreamVersionConflict") return yield* Effect.die(result.left)
          conflicts += 1
          guesses.set(streamId, result.left.actual)
        }
      }
      return conflicts
    })
  const conflicts = yield* Effect.all(
    Array.from({ length: Number(fibers) }, (_, f) => racer(f)),
    { concurrency: "unbounded" }
  )
  return { appended: Number(fibers) * Number(appends), conflicts: conflicts.reduce((a, b) => a + b, 0) }
})

program
  .pipe(
    Effect.provide(kind === "pg" ? Postgres.layer({ url: target }) : Sqlite.layer({ filename: target })),
    Effect.runPromise
  )
  .then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + "\n")
      process.exit(0)
    },
    (error) => {
      process.stderr.write(String(error?.stack ?? error) + "\n")
      process.exit(1)
    }
  )
