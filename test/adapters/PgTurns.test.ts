/**
 * The streams' turns on PostgreSQL (`EventStore.exclusive`): a writer that holds a stream's turn
 * loads, decides and appends while every other append to that stream waits (the Ledger's retry
 * takes it, so a writer that lost a race cannot keep losing it); appends to other streams do not
 * wait for it.
 */
import { describe, expect, it } from "@effect/vitest"
import { Context, Deferred, Effect, Fiber, Layer } from "effect"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import { EventStore, type EventStoreService } from "../../src/ports/EventStore.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { event, metadata, uuid } from "./support/fixtures.js"

/** A store of its own (its pool and group commit), as another process has. */
const storeAt = (url: string) =>
  Effect.map(Layer.build(Postgres.layer({ url, maxConnections: 2 })), (context) => Context.get(context, EventStore))

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL: the streams' turns"), () => {
  it.live(
    "an append waits while another writer holds its stream's turn; an append to another stream does not",
    () =>
      Effect.gen(function* () {
        const { url } = yield* freshSchema(postgres.url)
        const holder: EventStoreService = yield* storeAt(url)
        const other: EventStoreService = yield* storeAt(url)
        yield* holder.append("turn-a", "no-stream", [event(uuid(1, 1))], metadata)
        const inTurn = yield* Deferred.make<void>()
        const release = yield* Deferred.make<void>()
        // the holder takes turn-a's turn, then appends at version 1 only when released
        const turn = yield* Effect.fork(
          holder.exclusive(
            "turn-a",
            Effect.gen(function* () {
              yield* Deferred.succeed(inTurn, undefined)
              yield* Deferred.await(release)
              return yield* holder.append("turn-a", 1, [event(uuid(1, 2))], metadata)
            })
          )
        )
        yield* Deferred.await(inTurn)
        // another writer appends to turn-a (any version) and to turn-b meanwhile
        const waiting = yield* Effect.fork(other.append("turn-a", "any", [event(uuid(1, 3))], metadata))
        const elsewhere = yield* other.append("turn-b", "no-stream", [event(uuid(1, 4))], metadata)
        expect(elsewhere.version).toBe(1)
        yield* Effect.sleep("300 millis")
        // still waiting for the turn: had it not waited, it would have taken version 2 and the
        // holder's append at version 1 would fail
        expect(yield* Fiber.poll(waiting)).toMatchObject({ _tag: "None" })
        yield* Deferred.succeed(release, undefined)
        expect((yield* Fiber.join(turn)).version).toBe(2)
        expect((yield* Fiber.join(waiting)).version).toBe(3)
      }).pipe(Effect.scoped),
    30_000
  )
})
