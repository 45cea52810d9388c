import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { EventStore } from "../../src/adapters/EventStore.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as EventStoreSuite from "./EventStoreSuite.js"
import * as RawLog from "./support/RawLog.js"
import { racerProcess } from "./support/spawnRacer.js"
import { expectWholeLog } from "./support/wholeLog.js"

const storeInFreshSchema =
  (extra: Partial<Postgres.Options> = {}): EventStoreSuite.MakeLayer =>
  (options) =>
    Layer.unwrapScoped(
      Effect.map(freshSchema(postgres.url), ({ url }) =>
        RawLog.layerSql.pipe(Layer.provideMerge(Postgres.layer({ url, ...extra, ...options })))
      )
    )

describe.skipIf(!postgres.available)(postgresSuiteName("SqlEventStore (PostgreSQL)"), () => {
  EventStoreSuite.suite("append function (one round trip per batch)", storeInFreshSchema(), { propertyRuns: 100 })
  EventStoreSuite.suite("append statements (SELECT ... FOR UPDATE)", storeInFreshSchema({ pgAppend: "statements" }), {
    propertyRuns: 50
  })

  it.live(
    "two OS processes and this one append to overlapping streams: gap-free, contiguous, nothing lost, chain intact",
    () =>
      Effect.gen(function* () {
        const { url } = yield* freshSchema(postgres.url)
        const streams = ["proc-a", "proc-b", "proc-c"]
        const fibers = 4
        const appends = 25
        const result = yield* Effect.gen(function* () {
          const store = yield* EventStore
          const here = Effect.all(
            Array.from({ length: fibers }, (_, f) =>
              Effect.forEach(
                Array.from({ length: appends }, (_, i) => i),
                (i) =>
                  store
                    .append(
                      streams[(f + i) % streams.length],
                      "any",
                      [EventStoreSuite.event(EventStoreSuite.uuid(900_000 + f, i), "HereRaced")],
                      EventStoreSuite.metadata
                    )
                    .pipe(Effect.asVoid)
              )
            ),
            { concurrency: "unbounded" }
          )
          const [a, b] = yield* Effect.all(
            [
              racerProcess("pg", url, 1, fibers, appends, streams),
              racerProcess("pg", url, 2, fibers, appends, streams),
              Effect.delay(here, "300 millis")
            ],
            { concurrency: "unbounded" }
          )
          yield* expectWholeLog(store, 3 * fibers * appends, streams)
          return { a, b }
        }).pipe(Effect.provide(Postgres.layer({ url })))
        expect(result.a.appended + result.b.appended).toBe(2 * fibers * appends)
      }).pipe(Effect.scoped),
    60_000
  )
})
