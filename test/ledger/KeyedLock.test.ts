/**
 * The per-process lock of the Ledger: one holder per key, turns in order of arrival (no newcomer
 * takes the permit from a waiter), and an interrupted waiter or holder never leaves it taken.
 */
import { Deferred, Effect, Fiber } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as KeyedLock from "../../src/ledger/KeyedLock.js"

describe("KeyedLock", () => {
  it("one holder per key at a time, whatever the timing; other keys go on", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom("a", "b"), pause: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 30
        }),
        async (jobs) => {
          const lock = KeyedLock.make()
          const inside = new Map<string, number>()
          let overlap = false
          const done: Array<number> = []
          await Effect.runPromise(
            Effect.forEach(
              jobs,
              (job, i) =>
                lock.withLock(job.key)(
                  Effect.gen(function* () {
                    const n = (inside.get(job.key) ?? 0) + 1
                    inside.set(job.key, n)
                    if (n > 1) overlap = true
                    yield* Effect.sleep(`${job.pause} millis`)
                    inside.set(job.key, n - 1)
                    done.push(i)
                  })
                ),
              { concurrency: "unbounded", discard: true }
            )
          )
          expect(overlap).toBe(false)
          expect(done.sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i))
        }
      ),
      { numRuns: 40 }
    )
  })

  it("serves waiters in order of arrival: a newcomer after a release waits behind them", async () => {
    const lock = KeyedLock.make()
    const order: Array<string> = []
    await Effect.runPromise(
      Effect.gen(function* () {
        const release = yield* Deferred.make<void>()
        const holder = yield* Effect.fork(lock.withLock("p")(Deferred.await(release)))
        yield* Effect.sleep("5 millis")
        const waiters = yield* Effect.forEach(["w1", "w2", "w3"], (name) =>
          Effect.fork(lock.withLock("p")(Effect.sync(() => order.push(name)))).pipe(
            Effect.tap(Effect.sleep("2 millis"))
          )
        )
        yield* Deferred.succeed(release, undefined)
        // arrives right as the holder releases: it must not pass the three waiting
        const newcomer = yield* Effect.fork(lock.withLock("p")(Effect.sync(() => order.push("newcomer"))))
        yield* Fiber.join(holder)
        yield* Effect.forEach([...waiters, newcomer], Fiber.join)
      })
    )
    expect(order).toEqual(["w1", "w2", "w3", "newcomer"])
  })

  it("an interrupted waiter leaves its place; an interrupted holder releases", async () => {
    const lock = KeyedLock.make()
    const order: Array<string> = []
    await Effect.runPromise(
      Effect.gen(function* () {
        const holder = yield* Effect.fork(lock.withLock("p")(Effect.never))
        yield* Effect.sleep("2 millis")
        const gone = yield* Effect.fork(lock.withLock("p")(Effect.sync(() => order.push("gone"))))
        yield* Effect.sleep("2 millis")
        const next = yield* Effect.fork(lock.withLock("p")(Effect.sync(() => order.push("next"))))
        yield* Effect.sleep("2 millis")
        yield* Fiber.interrupt(gone)
        yield* Fiber.interrupt(holder)
        yield* Fiber.join(next)
        // and the key is free again
        yield* lock.withLock("p")(Effect.sync(() => order.push("after")))
      })
    )
    expect(order).toEqual(["next", "after"])
  })
})
