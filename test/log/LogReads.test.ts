/**
 * Reading the whole log a page at a time, on memory, a SQLite file and PostgreSQL: `readAll`
 * emits each batch as one chunk, `LogReads.foldAll` folds every event in position order with no
 * effect per event, and `LogReads.readPage` reads one page and never the next.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, type Scope, Stream } from "effect"
import * as LogReads from "../../src/log/LogReads.js"
import { EventStore, type StoredEvent } from "../../src/ports/EventStore.js"
import * as Stores from "../../src/stores/Stores.js"
import * as Databases from "../support/databases.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"

const metadata = { actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" }, source: "user" as const }

/** `total` events over streams of 100, appended 1,000 at a time; each event's data holds its number. */
const fill = (total: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    for (let from = 0; from < total; from += 1000) {
      const requests = []
      for (let s = from; s < Math.min(from + 1000, total); s += 100) {
        const events = Array.from({ length: Math.min(100, total - s) }, (_, i) => ({
          eventId: crypto.randomUUID(),
          type: "Counted",
          schemaVersion: 1,
          data: { n: s + i + 1 },
          occurredAt: new Date("2024-09-01T00:00:00.000Z")
        }))
        requests.push({ streamId: `log-${s / 100}`, expectedVersion: "no-stream" as const, events, metadata })
      }
      yield* store.appendMany(requests)
    }
  })

const chunkSizes = (stream: Stream.Stream<StoredEvent, unknown>) =>
  Effect.map(Stream.runCollect(Stream.mapChunks(stream, (chunk) => Chunk.of(chunk.length))), Chunk.toReadonlyArray)

const checks = (name: string, database: Effect.Effect<Databases.Database, never, Scope.Scope>) =>
  it.scoped(`${name}: one chunk per page; foldAll and readPage see every event in order`, () =>
    Effect.gen(function* () {
      const db = yield* database
      yield* Effect.gen(function* () {
        const store = yield* EventStore
        yield* fill(2345)

        expect(yield* chunkSizes(store.readAll({ batchSize: 1000 }))).toEqual([1000, 1000, 345])
        expect(yield* chunkSizes(store.readAll({ fromPosition: 11, toPosition: 40, batchSize: 7 }))).toEqual([
          7, 7, 7, 7, 2
        ])

        const positions = yield* LogReads.foldAll(store, [] as Array<number>, (out, e) => (out.push(e.position), out))
        expect(positions).toEqual(Array.from({ length: 2345 }, (_, i) => i + 1))
        const sum = yield* LogReads.foldAll(store, 0, (total, e) => total + (e.data as { n: number }).n, {
          fromPosition: 101,
          toPosition: 200,
          batchSize: 30
        })
        expect(sum).toBe((101 + 200) * 50)
        // a fold is an effect: run twice, it starts from its initial state each time
        const count = LogReads.foldAll(store, 0, (n) => n + 1, { batchSize: 500 })
        expect([yield* count, yield* count]).toEqual([2345, 2345])

        const page = yield* LogReads.readPage(store, { fromPosition: 1999, batchSize: 300 })
        expect(page.map((e) => e.position)).toEqual(Array.from({ length: 300 }, (_, i) => 1999 + i))
        expect((yield* LogReads.readPage(store, { fromPosition: 2301 })).length).toBe(45)
        expect(yield* LogReads.readPage(store, { fromPosition: 2346 })).toEqual([])

        const refused = yield* Effect.flip(LogReads.foldAll(store, 0, (n) => n + 1, { batchSize: 0 }))
        expect(refused).toMatchObject({ _tag: "InvalidReadOptions", field: "batchSize" })
        const refusedPage = yield* Effect.flip(LogReads.readPage(store, { fromPosition: -3 }))
        expect(refusedPage).toMatchObject({ _tag: "InvalidReadOptions", field: "fromPosition" })
      }).pipe(Effect.provide(Layer.orDie(Stores.layer(db.url))))
    })
  )

describe("LogReads", () => {
  checks("memory", Databases.memory)
  checks("SQLite file", Databases.sqlite)
  describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
    checks("PostgreSQL", Databases.pg)
  })

  it.effect("readPage takes the first page and never pulls the next", () =>
    Effect.gen(function* () {
      const event = (position: number) => ({ position }) as StoredEvent
      let pulledNext = false
      const store = {
        readAll: () =>
          Stream.concat(
            Stream.fromChunk(Chunk.make(event(1), event(2), event(3))),
            Stream.suspend(() => {
              pulledNext = true
              return Stream.die("the second page was read")
            })
          )
      }
      const page = yield* LogReads.readPage(store, { batchSize: 3 })
      expect(page.map((e) => e.position)).toEqual([1, 2, 3])
      expect(pulledNext).toBe(false)
    })
  )
})
