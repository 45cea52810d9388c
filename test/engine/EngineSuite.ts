/**
 * The projection engine's laws, run once per store (memory, a SQLite file, PostgreSQL). Each
 * property run builds a fresh store: a generated log of a few programs (commands decided by the
 * pure domain, with corrections, ends, cancellations, certificates) interleaved, plus events of
 * another application.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, FastCheck as fc, Layer, Option, type Scope } from "effect"
import * as Engine from "../../src/engine/Engine.js"
import * as Fold from "../../src/engine/Fold.js"
import * as Inline from "../../src/engine/Inline.js"
import * as Runner from "../../src/engine/Runner.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { ProjectionStore, type ProjectionStoreService } from "../../src/ports/ProjectionStore.js"
import * as Catalog from "../../src/projections/Catalog.js"
import * as Columns from "../../src/projections/Columns.js"
import type * as Projection from "../../src/projections/Projection.js"
import { commandSequenceArb } from "../domain/arbitraries.js"
import * as Log from "./support/log.js"
import { Schema } from "effect"

export type MakeLayer = () => Layer.Layer<EventStore | ProjectionStore, unknown>

const projections = Catalog.builtIn

const logArb = fc
  .tuple(
    fc.array(commandSequenceArb, { minLength: 1, maxLength: 3 }),
    fc.array(fc.nat({ max: 2 }), { maxLength: 200 }),
    fc.nat({ max: 3 })
  )
  .map(([programs, order, foreign]) => {
    const requests = Log.interleave(
      programs.map((commands, p) => Log.programRequests(commands, `P${p + 1}`, "log")),
      order
    )
    // other applications' events, somewhere in the log
    for (let n = 0; n < foreign; n++) requests.splice(Math.min(requests.length, n * 7 + 3), 0, Log.foreignRequest(n))
    return requests
  })

const tracked = (ps: ReadonlyArray<Projection.Any<any>> = projections) => ps.map((p) => Runner.track(Fold.member(p, 4)))

const expectRebuilt = (ps: ReadonlyArray<Projection.Any<any>> = projections) =>
  Effect.gen(function* () {
    expect(Log.comparable(yield* Log.storedRows(ps))).toEqual(Log.comparable(yield* Log.rebuiltRows(ps)))
  })

/** A one-row-per-event projection whose rows carry its version: a reader sees one version or the other. */
const versioned = (version: number): Projection.Projection<unknown, null> => {
  const table = Columns.table(
    "test_versioned",
    Schema.Struct({ position: Columns.integer("position"), version: Columns.integer("the definition's version") }),
    { description: "test", primaryKey: ["position"] }
  )
  return {
    name: "test-versioned",
    version,
    handles: "all",
    tables: [table],
    partition: () => "log",
    source: { _tag: "None" },
    initialState: () => null,
    evolve: (s, e, emit) => {
      emit.upsert(table.name, { position: e.position, version })
      return s
    },
    row: () => undefined
  }
}

/** The store with a commit that fails before (`lost: false`) or after (`lost: true`) writing. */
const crashingCommit = (store: ProjectionStoreService, after: number, lost: boolean): ProjectionStoreService => {
  let commits = 0
  return {
    ...store,
    commit: (changes, move) =>
      Effect.suspend(() => {
        if (++commits <= after) return store.commit(changes, move)
        return lost
          ? Effect.zipRight(store.commit(changes, move), Effect.die("the worker crashed after its commit"))
          : Effect.die("the worker crashed before its commit")
      })
  }
}

export const suite = (name: string, makeLayer: MakeLayer, options: { readonly runs: number }) =>
  describe(name, () => {
    const inStore = <A, E>(effect: Effect.Effect<A, E, EventStore | ProjectionStore | Scope.Scope>) =>
      Effect.scoped(Effect.provide(effect, makeLayer()))

    it.live(
      "applying the log in any split of batches gives the rows of one rebuild",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(logArb, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (log, sizes) =>
              Effect.runPromise(
                inStore(
                  Effect.gen(function* () {
                    const store = yield* ProjectionStore
                    yield* store.ensureTables(projections.flatMap((p) => p.tables))
                    yield* Log.appendAll(log)
                    const members = tracked()
                    for (let i = 0; (yield* Runner.step(members, { batchSize: sizes[i % sizes.length]! })) > 0; i++) {
                      /* step by step */
                    }
                    const head = (yield* (yield* EventStore).head()).position
                    for (const m of members)
                      expect(Option.match(m.checkpoint, { onNone: () => 0, onSome: (c) => c.position })).toBe(head)
                    yield* expectRebuilt()
                  })
                )
              )
            ),
            { numRuns: options.runs }
          )
        ),
      120_000
    )

    it.live(
      "inline rows, committed with each append, equal the rows of one rebuild (and so the async ones)",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(logArb, (log) =>
              Effect.runPromise(
                inStore(
                  Effect.gen(function* () {
                    const inline = yield* Inline.make(projections, { cacheSize: 2 })
                    yield* inline.start
                    for (const request of log) yield* inline.append([request])
                    yield* expectRebuilt()
                  })
                )
              )
            ),
            { numRuns: Math.max(1, Math.floor(options.runs / 2)) }
          )
        ),
      120_000
    )

    it.live(
      "two processes' inline writers and a writer without read models, interleaved at random: every append lands, the rows equal one rebuild",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(logArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1 }), (log, writers) =>
              Effect.runPromise(
                inStore(
                  Effect.gen(function* () {
                    // two Inline instances on one store are two processes: each keeps its own
                    // checkpoints and states, and assumes the other moved the checkpoints
                    // (pages of 3 events: a gap folds over several)
                    const a = yield* Inline.make(projections, { cacheSize: 2, batchSize: 3 })
                    const b = yield* Inline.make(projections, { cacheSize: 2, batchSize: 3 })
                    yield* a.start
                    yield* b.start
                    const plain = yield* EventStore
                    for (const [i, request] of log.entries()) {
                      const writer = writers[i % writers.length]
                      if (writer === 0) yield* a.append([request])
                      else if (writer === 1) yield* b.append([request])
                      else yield* plain.appendMany([request])
                    }
                    // the writer without read models may have appended last: its events reach the
                    // tables with a catch-up (an inline append after it folds them, its assumption
                    // failing first)
                    if (writers.includes(2)) yield* Runner.catchUp(tracked(), { batchSize: 7 })
                    yield* expectRebuilt()
                  })
                )
              )
            ),
            { numRuns: Math.max(1, Math.floor(options.runs / 2)) }
          )
        ),
      120_000
    )

    it.live(
      "the default inline read models (roster, certificate register), skipping the appends they do not read, equal one rebuild",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(logArb, fc.integer({ min: 1, max: 3 }), (log, cacheSize) =>
              Effect.runPromise(
                inStore(
                  Effect.gen(function* () {
                    const defaults = Engine.inlineOf()
                    const inline = yield* Inline.make(defaults, { cacheSize })
                    yield* inline.start
                    for (const request of log) yield* inline.append([request])
                    yield* expectRebuilt(defaults)
                    const head = (yield* (yield* EventStore).head()).position
                    const store = yield* ProjectionStore
                    for (const p of defaults)
                      expect(Option.map(yield* store.checkpoint(p.name), (c) => c.position)).toEqual(Option.some(head))
                  })
                )
              )
            ),
            { numRuns: Math.max(1, Math.floor(options.runs / 2)) }
          )
        ),
      120_000
    )

    it.live(
      "a worker stopped at a random event, before or after its commit, and started again gives the same rows",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(
              logArb,
              fc.integer({ min: 0, max: 6 }),
              fc.boolean(),
              fc.integer({ min: 1, max: 25 }),
              (log, after, lost, batchSize) =>
                Effect.runPromise(
                  inStore(
                    Effect.gen(function* () {
                      const store = yield* ProjectionStore
                      yield* store.ensureTables(projections.flatMap((p) => p.tables))
                      yield* Log.appendAll(log)
                      // the first worker dies at its commit number `after + 1`
                      const crashed = yield* Effect.exit(
                        Runner.catchUp(tracked(), { batchSize }).pipe(
                          Effect.provideService(ProjectionStore, crashingCommit(store, after, lost))
                        )
                      )
                      const head = (yield* (yield* EventStore).head()).position
                      if (Exit.isSuccess(crashed)) expect(head).toBeLessThanOrEqual((after + 1) * batchSize)
                      // a new process: nothing in memory, only the checkpoints
                      yield* Runner.reload(tracked()).pipe(Effect.asVoid)
                      const fresh = tracked()
                      yield* Runner.reload(fresh)
                      yield* Runner.catchUp(fresh, { batchSize })
                      yield* expectRebuilt()
                    })
                  )
                )
            ),
            { numRuns: options.runs }
          )
        ),
      120_000
    )

    it.live(
      "a worker interrupted at a random moment and started again gives the same rows",
      () =>
        Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(logArb, fc.integer({ min: 0, max: 30 }), (log, millis) =>
              Effect.runPromise(
                inStore(
                  Effect.gen(function* () {
                    const store = yield* ProjectionStore
                    yield* store.ensureTables(projections.flatMap((p) => p.tables))
                    yield* Log.appendAll(log)
                    const fiber = yield* Effect.fork(Runner.catchUp(tracked(), { batchSize: 7 }))
                    yield* Effect.sleep(millis)
                    yield* Fiber.interrupt(fiber)
                    const fresh = tracked()
                    yield* Runner.reload(fresh)
                    yield* Runner.catchUp(fresh, { batchSize: 50 })
                    yield* expectRebuilt()
                  })
                )
              )
            ),
            { numRuns: Math.max(1, Math.floor(options.runs / 2)) }
          )
        ),
      120_000
    )

    it.live(
      "two workers on one store: each projection has one owner; together they reach the head",
      () =>
        inStore(
          Effect.gen(function* () {
            const [log] = fc.sample(logArb, { numRuns: 1, seed: 7 })
            yield* Log.appendAll(log!)
            const claims: Array<string> = []
            const options = (worker: string): Engine.Options => ({
              inline: [],
              worker: {
                pollInterval: "20 millis",
                claimInterval: "20 millis",
                onClaim: (p: string) => Effect.sync(() => void claims.push(`${worker}:${p}`))
              }
            })
            const head = (yield* (yield* EventStore).head()).position
            yield* Effect.scoped(
              Effect.gen(function* () {
                const engine = yield* Engine.make(options("a"))
                yield* Engine.make(options("b"))
                // wait until every projection is at the head
                for (;;) {
                  const status = yield* engine.status()
                  if (status.every((s) => s.lag === 0)) break
                  yield* Effect.sleep("20 millis")
                }
              })
            )
            const owners = new Map<string, Set<string>>()
            for (const c of claims) {
              const [worker, p] = c.split(":") as [string, string]
              owners.set(p, (owners.get(p) ?? new Set()).add(worker))
            }
            expect([...owners.keys()].sort()).toEqual(projections.map((p) => p.name).sort())
            for (const workers of owners.values()) expect(workers.size).toBe(1)
            expect(head).toBeGreaterThan(0)
            yield* expectRebuilt()
          })
        ),
      60_000
    )

    it.live(
      "a rebuild runs while appends go on; readers see the old tables or the new ones, never half",
      () =>
        inStore(
          Effect.gen(function* () {
            const [log] = fc.sample(logArb, { numRuns: 1, seed: 11 })
            const store = yield* ProjectionStore
            const first = log!.slice(0, Math.floor(log!.length / 2))
            const rest = log!.slice(first.length)
            const v1 = versioned(1)
            const v2 = versioned(2)
            // version 1, inline with the appends
            const inline1 = yield* Inline.make([v1])
            yield* inline1.start
            for (const r of first) yield* inline1.append([r])
            // version 2 is rebuilt into new tables while version 1 goes on with the appends
            const engine = yield* Engine.make({ projections: [v2], inline: [], batchSize: 3 })
            const seen = new Set<string>()
            const reader = Effect.forever(
              Effect.flatMap(store.select(v2.tables[0]!), (rows) =>
                Effect.sync(() => {
                  seen.add([...new Set(rows.map((r) => r.version))].sort().join(","))
                })
              )
            )
            const readerFiber = yield* Effect.fork(reader)
            const appends = yield* Effect.fork(
              // the first append after the swap meets the new version's checkpoint and is tried again, as
              // the Ledger does; from then on this process leaves the read model to version 2
              Effect.forEach(
                rest,
                (r) =>
                  inline1.append([r]).pipe(Effect.retry({ times: 2, while: (e) => e._tag === "CheckpointConflict" })),
                { discard: true }
              )
            )
            yield* engine.catchUp(["test-versioned"])
            yield* Fiber.join(appends)
            yield* Fiber.interrupt(readerFiber)
            expect([...seen].every((s) => s === "1" || s === "2" || s === "")).toBe(true)
            expect(seen.has("1")).toBe(true)
            const after = yield* store.select(v2.tables[0]!)
            expect(new Set(after.map((r) => r.version))).toEqual(new Set([2]))
            yield* engine.catchUp(["test-versioned"])
            const checkpoint = yield* store.checkpoint("test-versioned")
            expect(Option.map(checkpoint, (c) => c.version)).toEqual(Option.some(2))
            yield* expectRebuilt([v2])
          })
        ),
      60_000
    )

    it.live("rebuild on demand gives the rows of one rebuild", () =>
      inStore(
        Effect.gen(function* () {
          const [log] = fc.sample(logArb, { numRuns: 1, seed: 3 })
          yield* Log.appendAll(log!)
          const engine = yield* Engine.make({ inline: [], batchSize: 9 })
          yield* engine.catchUp()
          for (const p of projections) yield* engine.rebuild(p.name)
          yield* expectRebuilt()
          const status = yield* engine.status()
          expect(status.every((s) => s.lag === 0)).toBe(true)
        }).pipe(Effect.scoped)
      )
    )
  })
