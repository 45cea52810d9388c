// training-ledger-promise:sqlite / :postgres: training-ledger called the way a Promise caller
// calls it, through the same workload code as the raw drivers and Emmett (lib/workloads.mjs):
// one `runtime.runPromise` per append and per read, on a `ManagedRuntime` of the store's layer;
// the whole-log read is `Stream.runForEach` over `readAll`, as an Effect user writes a fold.
// W3 also times the fast ways to fold the log (details): `LogReads.foldAll` in one `runPromise`,
// and the Promise API's `ledger.foldEvents` (`openLedger` on the same database: one `runPromise`
// per page of 1,000, events as JSON).
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as LogReads from "../../src/log/LogReads.ts"
import { EventStore } from "../../src/ports/EventStore.ts"
import { openLedger, type PromiseLedger } from "../../src/promise.ts"
import { Conflict } from "../lib/workloads.mjs"
import { freshDatabase, toNew } from "./training-ledger.ts"

export const make = (db: "sqlite" | "postgres") => {
  let runtime: ManagedRuntime.ManagedRuntime<EventStore, unknown> | undefined
  let cleanup: (() => Promise<void>) | undefined
  let target: string
  let ledger: PromiseLedger | undefined
  let store: EventStore["Type"]
  const run = <A, E>(effect: Effect.Effect<A, E, never>) => runtime!.runPromise(effect)

  const append = async (streamId: string, expected: number, events: ReadonlyArray<any>, metadata: any) => {
    const r = await run(Effect.either(store.append(streamId, expected, events.map(toNew), metadata)))
    if (Either.isRight(r)) return r.right.version
    if (r.left._tag === "StreamVersionConflict") throw new Conflict(streamId, expected, r.left.actual)
    throw new Error(r.left.message)
  }
  const readStream = (streamId: string) => run(store.readStreamArray(streamId))

  return {
    setup: async () => {
      const fresh = await freshDatabase(db, "promise")
      cleanup = fresh.cleanup
      target = fresh.target
      runtime = ManagedRuntime.make(fresh.layer as Layer.Layer<EventStore, unknown>)
      store = await runtime.runPromise(EventStore)
    },
    teardown: async () => {
      await ledger?.close()
      await runtime?.dispose()
      await cleanup?.()
    },
    append,
    importBatch: async (groups: ReadonlyArray<any>) => {
      await run(
        store.appendMany(
          groups.map((g) => ({
            streamId: g.streamId,
            expectedVersion: g.expectedVersion,
            events: g.events.map(toNew),
            metadata: g.metadata
          }))
        )
      )
    },
    readStream,
    readAll: (visit: (e: unknown) => void) =>
      run(Stream.runForEach(store.readAll({ batchSize: 1000 }), (e) => Effect.sync(() => visit(e)))),
    // W3's details; the ledger is opened here, before the timing
    readAllVariants: async () => {
      ledger = await openLedger({ url: db === "sqlite" ? `sqlite:${target}` : target })
      return {
        fold: (visit: (e: unknown) => void) =>
          run(LogReads.foldAll(store, 0, (n, e) => (visit(e), n + 1), { batchSize: 1000 })),
        promise_fold: (visit: (e: unknown) => void) =>
          ledger!.foldEvents(0, (n, e) => (visit(e), n + 1), { batchSize: 1000 })
      }
    },
    // The writers of W5 share the one store (its group commit), as the fibers of the Effect target do.
    writers: async (k: number) => Array.from({ length: k }, () => ({ append, readStream, close: async () => {} }))
  }
}
