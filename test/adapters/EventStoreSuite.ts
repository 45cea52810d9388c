/**
 * The EventStore contract: one suite, called once per store (memory, a SQLite file, PostgreSQL).
 * Every test builds a fresh, empty store from `makeLayer`, except the model-based property, which
 * shares one store across its runs and gives each run its own stream and event ids.
 */
import { describe, expect, it } from "@effect/vitest"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { Chunk, Effect, Either, FastCheck as fc, Layer, ManagedRuntime, Stream } from "effect"
import {
  type AppendRequest,
  AnyVersion,
  EventStore,
  type ExpectedVersion,
  GenesisHash,
  NoStream,
  type StoredEvent
} from "../../src/ports/EventStore.js"
import * as Hashing from "../../src/ports/Hashing.js"
import type * as Upcasters from "../../src/ports/Upcasters.js"
import { Model, type ModelAnswer } from "./support/Model.js"
import { event, metadata, uuid } from "./support/fixtures.js"
import { RawLog } from "./support/RawLog.js"

export interface SuiteOptions {
  readonly propertyRuns?: number
  /** The store can be made to fail inside the database (a trigger); the memory store cannot. */
  readonly databaseFailures?: boolean
}

export type MakeLayer = (options?: {
  readonly upcasters?: ReadonlyArray<Upcasters.Upcaster>
}) => Layer.Layer<EventStore | LogAudit | RawLog, unknown>

export { event, metadata, uuid }

let unique = Date.now() % 1_000_000

/** Fresh ids per test, so nothing depends on another test's rows. */
export const freshIds = () => {
  const base = ++unique * 1000
  let next = 0
  return { id: () => uuid(base, next++), stream: (name: string) => `${name}-${base}` }
}

const readAll = (options?: Parameters<EventStore["Type"]["readAll"]>[0]) =>
  Effect.flatMap(EventStore, (store) => Stream.runCollect(store.readAll(options))).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const readStream = (streamId: string, options?: Parameters<EventStore["Type"]["readStream"]>[1]) =>
  Effect.flatMap(EventStore, (store) => Stream.runCollect(store.readStream(streamId, options))).pipe(
    Effect.map(Chunk.toReadonlyArray)
  )

const answerOf = (
  either: Either.Either<ReadonlyArray<import("../../src/ports/EventStore.js").AppendResult>, any>
): ModelAnswer => {
  if (Either.isRight(either)) return { _tag: "Ok", results: either.right }
  const e = either.left
  if (e._tag === "StreamVersionConflict") {
    return { _tag: "StreamVersionConflict", streamId: e.streamId, expected: e.expected, actual: e.actual }
  }
  if (e._tag === "IdempotencyMismatch") return { _tag: "IdempotencyMismatch", streamId: e.streamId, eventId: e.eventId }
  throw new Error(`unexpected failure ${e._tag}: ${e.message}`)
}

const summary = (e: StoredEvent) => ({
  position: e.position,
  streamId: e.streamId,
  version: e.version,
  eventId: e.eventId,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: JSON.stringify(e.data)
})

// --- the model-based property -------------------------------------------------------------------

type ExpectedHint = "right" | "no-stream" | "any" | number
interface PartGen {
  readonly stream: number
  readonly expected: ExpectedHint
  readonly events: ReadonlyArray<{ readonly id: number; readonly type: string; readonly n: number }>
}
type OpGen =
  | { readonly kind: "append"; readonly part: PartGen }
  | { readonly kind: "many"; readonly parts: ReadonlyArray<PartGen> }
  | { readonly kind: "retry"; readonly back: number; readonly expected: ExpectedHint | "keep" }

const expectedArb: fc.Arbitrary<ExpectedHint> = fc.oneof(
  { arbitrary: fc.constant("right" as const), weight: 4 },
  { arbitrary: fc.constantFrom("no-stream" as const, "any" as const), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 2 }
)
const partArb: fc.Arbitrary<PartGen> = fc.record({
  stream: fc.nat(2),
  expected: expectedArb,
  events: fc.array(fc.record({ id: fc.nat(15), type: fc.constantFrom("A", "B"), n: fc.nat(2) }), { maxLength: 3 })
})
const opArb: fc.Arbitrary<OpGen> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("append" as const), part: partArb }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant("many" as const),
      parts: fc.array(partArb, { minLength: 1, maxLength: 3 })
    }),
    weight: 2
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("retry" as const),
      back: fc.nat(4),
      expected: fc.oneof(fc.constant("keep" as const), expectedArb)
    }),
    weight: 2
  }
)

/**
 * Runs a generated program against the store and the model. `atOnce`: all appends are fired
 * together (in program order), so the store's writer takes them in one or a few group commits;
 * the answers must still be the model's sequential answers.
 */
const runProgram = (ops: ReadonlyArray<OpGen>, run: number, atOnce: boolean) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const base = (yield* store.head()).position
    const model = new Model(base)
    const streamId = (i: number) => `prop-${run}-${process.pid}-${atOnce ? "once" : "seq"}-s${i}`
    const history: Array<ReadonlyArray<AppendRequest>> = []
    const resolve = (hint: ExpectedHint, stream: string): ExpectedVersion =>
      hint === "right" ? model.version(stream) : hint === "no-stream" ? NoStream : hint === "any" ? AnyVersion : hint
    const toRequest = (part: PartGen): AppendRequest => {
      const stream = streamId(part.stream)
      return {
        streamId: stream,
        expectedVersion: resolve(part.expected, stream),
        events: part.events.map((e) => event(uuid(run, e.id + (atOnce ? 100 : 0)), e.type, { n: e.n })),
        metadata
      }
    }
    const calls: Array<{ readonly call: Effect.Effect<ModelAnswer>; readonly expected: ModelAnswer }> = []
    for (const op of ops) {
      let requests: ReadonlyArray<AppendRequest>
      if (op.kind === "retry") {
        const previous = history[history.length - 1 - op.back]
        if (previous === undefined) continue
        requests =
          op.expected === "keep"
            ? previous
            : previous.map((r) => ({ ...r, expectedVersion: resolve(op.expected as ExpectedHint, r.streamId) }))
      } else {
        requests = op.kind === "append" ? [toRequest(op.part)] : op.parts.map(toRequest)
      }
      history.push(requests)
      const expected = model.append(requests)
      const call = Effect.map(
        Effect.either(
          requests.length === 1 && op.kind !== "many"
            ? Effect.map(
                store.append(requests[0].streamId, requests[0].expectedVersion, requests[0].events, metadata),
                (r) => [r]
              )
            : store.appendMany(requests)
        ),
        answerOf
      )
      if (atOnce) calls.push({ call, expected })
      else expect(yield* call).toEqual(expected)
    }
    if (atOnce) {
      const answers = yield* Effect.all(
        calls.map((c) => c.call),
        { concurrency: "unbounded" }
      )
      expect(answers).toEqual(calls.map((c) => c.expected))
    }
    for (let s = 0; s < 3; s++) {
      expect((yield* readStream(streamId(s))).map(summary)).toEqual(model.stream(streamId(s)))
      expect((yield* readStream(streamId(s), { fromVersion: 2, toVersion: 3 })).map(summary)).toEqual(
        model.stream(streamId(s)).filter((e) => e.version >= 2 && e.version <= 3)
      )
    }
    expect((yield* readAll({ fromPosition: base + 1, batchSize: 7 })).map(summary)).toEqual(model.log)
    expect((yield* store.head()).position).toBe(base + model.log.length)
  })

// --- the suite ----------------------------------------------------------------------------------

export const suite = (name: string, makeLayer: MakeLayer, options: SuiteOptions = {}) =>
  describe(name, () => {
    const propertyRuns = options.propertyRuns ?? 100

    it(`model: ${propertyRuns} random programs (and ${Math.ceil(propertyRuns / 2)} fired at once, group-committed) give the model's answers and reads`, async () => {
      const runtime = ManagedRuntime.make(makeLayer())
      try {
        let run = 0
        await fc.assert(
          fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) =>
            runtime.runPromise(runProgram(ops, run++, false))
          ),
          { numRuns: propertyRuns }
        )
        await fc.assert(
          fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 16 }), (ops) =>
            runtime.runPromise(runProgram(ops, run++, true))
          ),
          { numRuns: Math.ceil(propertyRuns / 2) }
        )
        const report = await runtime.runPromise(Effect.flatMap(LogAudit, (audit) => audit.verify()))
        expect(report._tag).toBe("Intact")
      } finally {
        await runtime.dispose()
      }
    })

    it("every JSON value either survives its stored encoding or is refused as InvalidAppend", async () => {
      const runtime = ManagedRuntime.make(makeLayer())
      try {
        const ids = freshIds()
        const s = ids.stream("json")
        await fc.assert(
          fc.asyncProperty(fc.oneof(fc.unicodeJsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 })), (data) =>
            runtime.runPromise(
              Effect.gen(function* () {
                const store = yield* EventStore
                let canonical: string | undefined
                try {
                  canonical = Hashing.canonicalJson(data)
                } catch {
                  canonical = undefined
                }
                const result = yield* Effect.either(
                  store.append(s, AnyVersion, [event(ids.id(), "Json", data)], metadata)
                )
                if (canonical === undefined) {
                  expect(result).toMatchObject({ left: { _tag: "InvalidAppend" } })
                  return
                }
                if (Either.isLeft(result)) throw result.left
                const [stored] = yield* readAll({
                  fromPosition: result.right.positions[0],
                  toPosition: result.right.positions[0]
                })
                expect(Hashing.canonicalJson(stored.data)).toBe(canonical)
              })
            )
          ),
          { numRuns: 60 }
        )
        const report = await runtime.runPromise(Effect.flatMap(LogAudit, (audit) => audit.verify()))
        expect(report._tag).toBe("Intact")
      } finally {
        await runtime.dispose()
      }
    })

    it.live("races: 16 fibers x 25 appends on 4 streams: contiguous versions, no lost update, chain intact", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const streams = [0, 1, 2, 3].map((i) => ids.stream(`race${i}`))
        const racers = 16
        const appends = 25
        const racer = (r: number) =>
          Effect.gen(function* () {
            let conflicts = 0
            const guesses = new Map<string, number>()
            for (let i = 0; i < appends; i++) {
              const streamId = streams[(r + i) % streams.length]
              const e = event(uuid(r, i + 1_000_000), "Raced", { r, i })
              for (;;) {
                const guess = guesses.get(streamId) ?? 0
                const result = yield* Effect.either(
                  store.append(streamId, guess === 0 ? NoStream : guess, [e], metadata)
                )
                if (Either.isRight(result)) {
                  guesses.set(streamId, result.right.version)
                  break
                }
                const error = result.left
                if (error._tag !== "StreamVersionConflict") return yield* Effect.die(error)
                conflicts += 1
                guesses.set(streamId, error.actual)
              }
            }
            return conflicts
          })
        const conflicts = yield* Effect.all(
          Array.from({ length: racers }, (_, r) => racer(r)),
          { concurrency: "unbounded" }
        )
        const all = yield* readAll({ batchSize: 64 })
        expect(all.map((e) => e.position)).toEqual(Array.from({ length: racers * appends }, (_, i) => i + 1))
        for (const streamId of streams) {
          const versions = (yield* readStream(streamId)).map((e) => e.version)
          expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1))
        }
        const seen = new Set(all.map((e) => e.eventId))
        expect(seen.size).toBe(racers * appends)
        const report = yield* (yield* LogAudit).verify()
        expect(report).toMatchObject({ _tag: "Intact", checked: racers * appends })
        expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(0)
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("in one batch, each append keeps its own check: one conflicts, the others commit", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const x = ids.stream("x")
        const y = ids.stream("y")
        const [a, b, c] = yield* Effect.all(
          [
            Effect.either(store.append(x, NoStream, [event(ids.id())], metadata)),
            Effect.either(store.append(x, NoStream, [event(ids.id())], metadata)),
            Effect.either(store.append(y, NoStream, [event(ids.id())], metadata))
          ],
          { concurrency: "unbounded" }
        )
        expect(Either.isRight(a)).toBe(true)
        expect(b).toMatchObject({ left: { _tag: "StreamVersionConflict", streamId: x, expected: NoStream, actual: 1 } })
        expect(Either.isRight(c)).toBe(true)
        expect((yield* store.head()).position).toBe(2)
        expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
      }).pipe(Effect.provide(makeLayer()))
    )

    describe("idempotency decision table", () => {
      it.live("appended / already appended / wrong version / partial match / same id other content", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const ids = freshIds()
          const s = ids.stream("program")
          const [e1, e2, e3] = [ids.id(), ids.id(), ids.id()]
          const first = yield* store.append(s, NoStream, [event(e1), event(e2)], metadata)
          expect(first).toEqual({ streamId: s, version: 2, positions: [1, 2], alreadyAppended: false })

          // already appended: answered with the original positions, before (and despite) the version check
          const again = yield* store.append(s, NoStream, [event(e1), event(e2)], metadata)
          expect(again).toEqual({ streamId: s, version: 2, positions: [1, 2], alreadyAppended: true })

          const wrong = yield* Effect.flip(store.append(s, 1, [event(e3)], metadata))
          expect(wrong).toMatchObject({ _tag: "StreamVersionConflict", streamId: s, expected: 1, actual: 2 })

          const partial = yield* Effect.flip(store.append(s, 2, [event(e2), event(e3)], metadata))
          expect(partial).toMatchObject({ _tag: "IdempotencyMismatch", streamId: s, eventId: e3 })

          const changed = yield* Effect.flip(
            store.append(s, AnyVersion, [event(e1, "SessionHeld", { n: 2 })], metadata)
          )
          expect(changed).toMatchObject({ _tag: "IdempotencyMismatch", eventId: e1 })

          const otherType = yield* Effect.flip(store.append(s, AnyVersion, [event(e1, "Other")], metadata))
          expect(otherType).toMatchObject({ _tag: "IdempotencyMismatch", eventId: e1 })

          const otherStream = yield* Effect.flip(store.append(ids.stream("other"), AnyVersion, [event(e1)], metadata))
          expect(otherStream).toMatchObject({ _tag: "IdempotencyMismatch", eventId: e1 })

          // a retry of only the second event is still a match (all of its ids are stored)
          const tail = yield* store.append(s, 0, [event(e2)], metadata)
          expect(tail).toEqual({ streamId: s, version: 2, positions: [2], alreadyAppended: true })

          expect((yield* store.head()).position).toBe(2)
          expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
        }).pipe(Effect.provide(makeLayer()))
      )
    })

    describe("an append that fails writes nothing", () => {
      it.live("appendMany whose second stream conflicts; a repeated id inside one append", () =>
        Effect.gen(function* () {
          const store = yield* EventStore
          const ids = freshIds()
          const a = ids.stream("a")
          const b = ids.stream("b")
          yield* store.append(b, NoStream, [event(ids.id())], metadata)
          const failed = yield* Effect.flip(
            store.appendMany([
              { streamId: a, expectedVersion: NoStream, events: [event(ids.id()), event(ids.id())], metadata },
              { streamId: b, expectedVersion: NoStream, events: [event(ids.id())], metadata }
            ])
          )
          expect(failed).toMatchObject({ _tag: "StreamVersionConflict", streamId: b, actual: 1 })
          expect(yield* readStream(a)).toEqual([])
          expect((yield* store.head()).position).toBe(1)

          const dup = ids.id()
          const repeated = yield* Effect.flip(store.append(a, NoStream, [event(dup), event(dup)], metadata))
          expect(repeated).toMatchObject({ _tag: "IdempotencyMismatch", eventId: dup })
          const across = yield* Effect.flip(
            store.appendMany([
              { streamId: a, expectedVersion: NoStream, events: [event(dup)], metadata },
              { streamId: b, expectedVersion: 1, events: [event(dup)], metadata }
            ])
          )
          expect(across).toMatchObject({ _tag: "IdempotencyMismatch", eventId: dup })
          expect((yield* store.head()).position).toBe(1)

          const both = yield* store.appendMany([
            { streamId: a, expectedVersion: NoStream, events: [event(ids.id())], metadata },
            { streamId: b, expectedVersion: 1, events: [event(ids.id())], metadata },
            { streamId: a, expectedVersion: 1, events: [event(ids.id())], metadata }
          ])
          expect(both.map((r) => [r.streamId, r.version, r.positions])).toEqual([
            [a, 1, [2]],
            [b, 2, [3]],
            [a, 2, [4]]
          ])
          expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
        }).pipe(Effect.provide(makeLayer()))
      )

      // Registered only where a failure can be injected, so no test passes by asserting nothing.
      if (options.databaseFailures !== false)
        it.live("a failure inside the database: nothing of that append, the head unchanged, the others commit", () =>
          Effect.gen(function* () {
            const store = yield* EventStore
            const raw = yield* RawLog
            if (raw.failInsertsOfType === undefined) {
              return yield* Effect.dieMessage("this store cannot inject failures: pass databaseFailures: false")
            }
            const ids = freshIds()
            yield* store.append(ids.stream("before"), NoStream, [event(ids.id())], metadata)
            yield* raw.failInsertsOfType("Boom")
            const before = yield* store.head()
            const [ok1, boom, ok2] = yield* Effect.all(
              [
                Effect.either(store.append(ids.stream("p"), NoStream, [event(ids.id())], metadata)),
                Effect.either(
                  store.append(ids.stream("q"), NoStream, [event(ids.id()), event(ids.id(), "Boom")], metadata)
                ),
                Effect.either(store.append(ids.stream("r"), NoStream, [event(ids.id())], metadata))
              ],
              { concurrency: "unbounded" }
            )
            expect(Either.isRight(ok1)).toBe(true)
            expect(Either.isRight(ok2)).toBe(true)
            expect(boom).toMatchObject({ left: { _tag: "EventStoreError", method: "append" } })
            expect(yield* readStream(ids.stream("q"))).toEqual([])
            expect((yield* store.head()).position).toBe(before.position + 2)
            const later = yield* store.append(ids.stream("q"), NoStream, [event(ids.id())], metadata)
            expect(later.version).toBe(1)
            expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: 4 })
          }).pipe(Effect.provide(makeLayer()))
        )
    })

    describe("tampering: verify() names the position", () => {
      const seed = Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        for (let i = 0; i < 10; i++) {
          yield* store.append(ids.stream(`t${i % 3}`), AnyVersion, [event(ids.id(), "T", { i })], metadata)
        }
        expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: 10 })
        return { store, raw: yield* RawLog, ids }
      })
      const cases: ReadonlyArray<
        readonly [
          string,
          (raw: RawLog["Type"], ids: ReturnType<typeof freshIds>) => Effect.Effect<void, unknown>,
          number,
          string
        ]
      > = [
        ["UPDATE a row's data", (raw) => raw.setData(4, { i: 99 }), 4, "changed"],
        ["change a hash", (raw) => raw.setHash(3, "ab".repeat(32)), 3, "changed"],
        ["DELETE a row", (raw) => raw.deleteRow(6), 6, "missing"],
        ["DELETE the last row", (raw) => raw.deleteRow(10), 10, "missing"],
        ["INSERT a row past the head", (raw, ids) => raw.insertCopy(10, 11, ids.id()), 11, "inserted"],
        ["INSERT a linked row in the middle", (raw, ids) => raw.insertLinked(5, ids.id()), 5, "inserted"],
        ["swap two neighbouring rows", (raw) => raw.swapRows(7, 8), 7, "reordered"],
        ["swap two distant rows", (raw) => raw.swapRows(3, 6), 3, "reordered"]
      ]
      for (const [label, tamper, position, damage] of cases) {
        it.live(`${label}: broken at ${position}, ${damage}`, () =>
          Effect.gen(function* () {
            const { ids, raw } = yield* seed
            yield* tamper(raw, ids)
            expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Broken", position, damage })
          }).pipe(Effect.provide(makeLayer()))
        )
      }

      it.live("verify() reports its progress up to the head", () =>
        Effect.gen(function* () {
          yield* seed
          const seen: Array<readonly [number, number]> = []
          const report = yield* (yield* LogAudit).verify({
            onProgress: (checked, of) => Effect.sync(() => void seen.push([checked, of]))
          })
          expect(report).toMatchObject({ _tag: "Intact", checked: 10 })
          expect(seen.at(-1)).toEqual([10, 10])
        }).pipe(Effect.provide(makeLayer()))
      )

      it.live("a row whose stored JSON or time no longer parses is reported Broken at its position, not thrown", () =>
        Effect.gen(function* () {
          const { raw } = yield* seed
          if (raw.sql === undefined) {
            // The memory store keeps the stored form too: tamper with it the same way.
            yield* raw.setRawColumn(5, "dataJson", "{not json")
          } else {
            yield* raw.sql.onDialectOrElse({
              // jsonb cannot hold broken JSON: break the metadata's shape instead
              pg: () => raw.setRawColumn(5, "metadata", JSON.stringify({ source: "user" })),
              orElse: () => raw.setRawColumn(5, "data", "{not json")
            })
          }
          const report = yield* (yield* LogAudit).verify()
          expect(report).toMatchObject({ _tag: "Broken", position: 5 })
          expect(report._tag === "Broken" && report.reason).toMatch(/cannot be read/)
        }).pipe(Effect.provide(makeLayer()))
      )

      it.live("a seal holds while the log only grows, and fails once its event changes", () =>
        Effect.gen(function* () {
          const { ids, raw, store } = yield* seed
          const seal = yield* (yield* LogAudit).seal()
          expect(seal.position).toBe(10)
          expect(seal.sealedAt).toBeInstanceOf(Date)
          yield* store.append(ids.stream("later"), NoStream, [event(ids.id())], metadata)
          expect(yield* (yield* LogAudit).checkSeal(seal)).toBe(true)
          expect(yield* (yield* LogAudit).checkSeal({ position: 0, hash: GenesisHash })).toBe(true)
          yield* raw.setHash(10, "cd".repeat(32))
          expect(yield* (yield* LogAudit).checkSeal(seal)).toBe(false)
        }).pipe(Effect.provide(makeLayer()))
      )
    })

    it.live("malformed read options are one typed InvalidReadOptions naming the option, on every read", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        yield* store.append(ids.stream("r"), NoStream, [event(ids.id()), event(ids.id())], metadata)
        const bad: ReadonlyArray<readonly [Record<string, unknown> | null, string]> = [
          [{ fromVersion: Number.NaN }, "fromVersion"],
          [{ fromVersion: -1 }, "fromVersion"],
          [{ toVersion: 1.5 }, "toVersion"],
          [{ toVersion: Number.POSITIVE_INFINITY }, "toVersion"],
          [{ fromVersion: "1" }, "fromVersion"],
          [null, "options"]
        ]
        for (const [options, field] of bad) {
          const streamError = yield* Effect.flip(Stream.runCollect(store.readStream(ids.stream("r"), options as any)))
          expect(streamError).toMatchObject({ _tag: "InvalidReadOptions", field })
          const arrayError = yield* Effect.flip(store.readStreamArray(ids.stream("r"), options as any))
          expect(arrayError).toMatchObject({ _tag: "InvalidReadOptions", field })
        }
        for (const [options, field] of [
          [{ fromPosition: Number.NaN }, "fromPosition"],
          [{ toPosition: 0 }, "toPosition"],
          [{ batchSize: 0 }, "batchSize"],
          [{ batchSize: 10_001 }, "batchSize"]
        ] as const) {
          const error = yield* Effect.flip(Stream.runCollect(store.readAll(options)))
          expect(error).toMatchObject({ _tag: "InvalidReadOptions", field })
        }
        const array = yield* store.readStreamArray(ids.stream("r"), { fromVersion: 2 })
        expect(array.map((e) => e.version)).toEqual([2])
        expect(array).toEqual(yield* readStream(ids.stream("r"), { fromVersion: 2 }))
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("upcasters lift old versions on read; the stored row is unchanged and still verifies", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const s = ids.stream("u")
        yield* store.append(
          s,
          NoStream,
          [event(ids.id(), "Scored", { points: 7 }, 1), event(ids.id(), "Other")],
          metadata
        )
        const [scored, other] = yield* readStream(s)
        expect(scored).toMatchObject({ schemaVersion: 3, data: { score: 7, scale: 100, passed: false } })
        expect(other).toMatchObject({ schemaVersion: 1, data: { n: 1 } })
        const raw = yield* RawLog
        if (raw.sql !== undefined) {
          const [row] = yield* raw.sql<{ data: unknown; schema_version: unknown }>`
            SELECT data, schema_version FROM events WHERE position = 1`
          const data = typeof row.data === "string" ? JSON.parse(row.data) : row.data
          expect(data).toEqual({ points: 7 })
          expect(Number(row.schema_version)).toBe(1)
        }
        expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
      }).pipe(
        Effect.provide(
          makeLayer({
            upcasters: [
              { type: "Scored", fromVersion: 1, toVersion: 2, upcast: (d: any) => ({ score: d.points, scale: 100 }) },
              { type: "Scored", fromVersion: 2, toVersion: 3, upcast: (d: any) => ({ ...d, passed: d.score >= 60 }) }
            ]
          })
        )
      )
    )

    it.live("inside the caller's SQL transaction an append joins it: rolled back or committed with it", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const raw = yield* RawLog
        if (raw.sql === undefined) return
        const sql = raw.sql
        const ids = freshIds()
        const s = ids.stream("tx")
        const aborted = yield* Effect.flip(
          sql.withTransaction(
            Effect.gen(function* () {
              const result = yield* store.append(s, NoStream, [event(ids.id())], metadata)
              expect(result.positions).toEqual([1])
              return yield* Effect.fail("abort" as const)
            })
          )
        )
        expect(aborted).toBe("abort")
        expect((yield* store.head()).position).toBe(0)
        const committed = yield* sql.withTransaction(
          Effect.zip(
            store.append(s, NoStream, [event(ids.id())], metadata),
            store.append(s, 1, [event(ids.id())], metadata)
          )
        )
        expect(committed.map((r) => r.version)).toEqual([1, 2])
        const outside = yield* store.append(s, 2, [event(ids.id())], metadata)
        expect(outside.positions).toEqual([3])
        expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: 3 })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("an upcaster that throws fails the read with EventStoreError, not a defect", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const s = ids.stream("bad-upcast")
        yield* store.append(s, NoStream, [event(ids.id(), "Fragile")], metadata)
        const error = yield* Effect.flip(readStream(s))
        expect(error).toMatchObject({ _tag: "EventStoreError", method: "readStream" })
        const all = yield* Effect.flip(readAll())
        expect(all).toMatchObject({ _tag: "EventStoreError", method: "readAll" })
      }).pipe(
        Effect.provide(
          makeLayer({
            upcasters: [
              {
                type: "Fragile",
                fromVersion: 1,
                toVersion: 2,
                upcast: () => {
                  throw new Error("cannot lift")
                }
              }
            ]
          })
        )
      )
    )

    it.live("readAll over 5,000 events in batches of 100 returns everything in order; ranges are inclusive", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const total = 5_000
        yield* Effect.forEach(
          Array.from({ length: total / 100 }, (_, chunk) => chunk),
          (chunk) =>
            store.append(
              ids.stream(`bulk${chunk % 5}`),
              AnyVersion,
              Array.from({ length: 100 }, (_, i) => event(ids.id(), "Bulk", { i: chunk * 100 + i })),
              metadata
            ),
          { concurrency: 4 }
        )
        const all = yield* readAll({ batchSize: 100 })
        expect(all.length).toBe(total)
        expect(all.every((e, i) => e.position === i + 1)).toBe(true)
        const window = yield* readAll({ fromPosition: 101, toPosition: 250, batchSize: 100 })
        expect(window.map((e) => e.position)).toEqual(Array.from({ length: 150 }, (_, i) => i + 101))
        const stream = yield* readStream(ids.stream("bulk0"), { fromVersion: 950 })
        expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 950))
        expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: total })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("the envelope round-trips: metadata, times, hashes link from the genesis hash", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const s = ids.stream("env")
        const data = { nested: { b: [1, 2.5, "x", null, true], a: "ü 🎓" }, z: -3 }
        const id = ids.id().toUpperCase()
        yield* store.append(s, NoStream, [event(id, "Enveloped", data, 2)], metadata)
        const [e] = yield* readStream(s)
        expect(e).toMatchObject({
          position: 1,
          streamId: s,
          version: 1,
          eventId: id.toLowerCase(),
          type: "Enveloped",
          schemaVersion: 2,
          data,
          metadata,
          occurredAt: new Date("2024-03-04T00:00:00.000Z"),
          prevHash: GenesisHash
        })
        expect(e.recordedAt).toBeInstanceOf(Date)
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/)
        expect(yield* store.head()).toEqual({ position: 1, hash: e.hash })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("invalid input is a typed InvalidAppend, never a defect; an empty append is a checked no-op", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const ids = freshIds()
        const s = ids.stream("v")
        const invalid = (effect: Effect.Effect<unknown, { readonly _tag: string }>) =>
          Effect.map(Effect.flip(effect), (e) => e as any)
        expect(yield* invalid(store.append(s, NoStream, [event("not-a-uuid")], metadata))).toMatchObject({
          _tag: "InvalidAppend",
          field: "events[0].eventId"
        })
        expect(yield* invalid(store.append(s, -1, [event(ids.id())], metadata))).toMatchObject({
          _tag: "InvalidAppend",
          field: "expectedVersion"
        })
        expect(yield* invalid(store.append(s, 1.5, [event(ids.id())], metadata))).toMatchObject({
          _tag: "InvalidAppend"
        })
        expect(yield* invalid(store.append("", NoStream, [event(ids.id())], metadata))).toMatchObject({
          _tag: "InvalidAppend",
          field: "streamId"
        })
        expect(
          yield* invalid(store.append(s, NoStream, [event(ids.id(), "T", { f: () => 1 })], metadata))
        ).toMatchObject({ _tag: "InvalidAppend", field: "events[0].data.f" })
        expect(yield* invalid(store.append(s, NoStream, [event(ids.id(), "T", { x: NaN })], metadata))).toMatchObject({
          _tag: "InvalidAppend"
        })
        expect(
          yield* invalid(store.append(s, NoStream, [{ ...event(ids.id()), occurredAt: new Date("nope") }], metadata))
        ).toMatchObject({ _tag: "InvalidAppend", field: "events[0].occurredAt" })
        expect(yield* invalid(store.append(s, NoStream, [event(ids.id(), "T", "a\u0000b")], metadata))).toMatchObject({
          _tag: "InvalidAppend"
        })
        expect(
          yield* invalid(
            store.appendMany([{ streamId: s, expectedVersion: 0, events: [event(ids.id())], metadata: {} as any }])
          )
        ).toMatchObject({ _tag: "InvalidAppend", field: "requests[0].metadata" })

        expect(yield* store.append(s, NoStream, [], metadata)).toEqual({
          streamId: s,
          version: 0,
          positions: [],
          alreadyAppended: false
        })
        yield* store.append(s, NoStream, [event(ids.id())], metadata)
        expect(yield* store.append(s, 1, [], metadata)).toMatchObject({ version: 1, positions: [] })
        expect(yield* Effect.flip(store.append(s, 5, [], metadata))).toMatchObject({ _tag: "StreamVersionConflict" })
        expect(yield* store.appendMany([])).toEqual([])
        expect((yield* store.head()).position).toBe(1)
      }).pipe(Effect.provide(makeLayer()))
    )
  })
