/**
 * The ProjectionStore contract: one suite, called once per store (memory, a SQLite file,
 * PostgreSQL). Every test builds a fresh, empty store (with the event store on the same
 * database) from `makeLayer`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Option, Stream } from "effect"
import { EventStore, NoStream } from "../../src/ports/EventStore.js"
import { ProjectionStore, shadowName, type Table } from "../../src/ports/ProjectionStore.js"
import { event, metadata, uuid } from "./support/fixtures.js"

export type MakeLayer = () => Layer.Layer<EventStore | ProjectionStore, unknown>

const roster: Table = {
  name: "test_roster",
  columns: [
    { name: "program_id", type: "text", nullable: false },
    { name: "participant_id", type: "text", nullable: false },
    { name: "kind", type: "text", nullable: false },
    { name: "sessions", type: "integer", nullable: false },
    { name: "ratio", type: "real", nullable: true },
    { name: "certified", type: "boolean", nullable: false },
    { name: "enrolled_at", type: "timestamp", nullable: true },
    { name: "extra", type: "json", nullable: true }
  ],
  primaryKey: ["program_id", "participant_id"],
  partitionColumn: "program_id",
  indexes: [["participant_id"]]
}

const row = (program: string, participant: string, sessions = 1) => ({
  program_id: program,
  participant_id: participant,
  kind: "inmate",
  sessions,
  ratio: 0.5,
  certified: false,
  enrolled_at: new Date("2024-09-03T01:00:00.000Z"),
  extra: { reasons: ["sick"], note: "ñ é \u00e0 \u0130 \ud83d\ude00" }
})

const ids = (rows: ReadonlyArray<Record<string, unknown>>) => rows.map((r) => `${r.program_id}/${r.participant_id}`)

export const suite = (name: string, makeLayer: MakeLayer, signals = false) =>
  describe(name, () => {
    const withStore = <A, E>(f: (store: ProjectionStore["Type"]) => Effect.Effect<A, E, EventStore>) =>
      Effect.gen(function* () {
        const store = yield* ProjectionStore
        yield* store.ensureTables([roster])
        return yield* f(store)
      }).pipe(Effect.provide(makeLayer()))

    it.live("rows round-trip with their column types; upsert replaces by primary key; select filters and orders", () =>
      withStore((store) =>
        Effect.gen(function* () {
          // ids that are also names of Object.prototype members are data like any other
          yield* store.commit([
            {
              _tag: "upsert",
              table: "test_roster",
              rows: [row("p1", "constructor"), row("p1", "__proto__"), row("p2", "a")]
            }
          ])
          yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "constructor", 7)] }])
          const p1 = yield* store.select(roster, { where: { program_id: "p1" } })
          expect(ids(p1)).toEqual(["p1/__proto__", "p1/constructor"])
          expect(p1[1]).toEqual(row("p1", "constructor", 7))
          const byParticipant = yield* store.select(roster, { where: { participant_id: "a" } })
          expect(ids(byParticipant)).toEqual(["p2/a"])
          const limited = yield* store.select(roster, { orderBy: ["sessions", "participant_id"], limit: 2 })
          expect(ids(limited)).toEqual(["p1/__proto__", "p2/a"])
          // lower bounds, with equality and a limit
          expect(ids(yield* store.select(roster, { atLeast: { sessions: 2 } }))).toEqual(["p1/constructor"])
          expect(
            ids(
              yield* store.select(roster, { where: { program_id: "p1" }, atLeast: { participant_id: "a" }, limit: 1 })
            )
          ).toEqual(["p1/constructor"])
        })
      )
    )

    it.live("delete by key and replacePartition touch only their rows", () =>
      withStore((store) =>
        Effect.gen(function* () {
          yield* store.commit([
            { _tag: "upsert", table: "test_roster", rows: [row("p1", "a"), row("p1", "b"), row("p2", "a")] }
          ])
          yield* store.commit([{ _tag: "delete", table: "test_roster", keys: [["p1", "a"]] }])
          yield* store.commit([
            { _tag: "replacePartition", table: "test_roster", partition: "p2", rows: [row("p2", "z")] }
          ])
          expect(ids(yield* store.select(roster))).toEqual(["p1/b", "p2/z"])
        })
      )
    )

    it.live("a row that does not fit its table is refused and nothing of the commit is written", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const exit = yield* Effect.exit(
            store.commit([
              { _tag: "upsert", table: "test_roster", rows: [row("p1", "ok"), { ...row("p1", "bad"), sessions: 1.5 }] }
            ])
          )
          expect(exit).toMatchObject({ _tag: "Failure" })
          expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("ProjectionStoreError")
          expect(yield* store.select(roster)).toEqual([])
        })
      )
    )

    it.live("the checkpoint moves by compare-and-set: a stale expectation writes nothing", () =>
      withStore((store) =>
        Effect.gen(function* () {
          expect(yield* store.checkpoint("roster")).toEqual(Option.none())
          const first = { projection: "roster", version: 1, position: 10 }
          yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "a")] }], {
            expected: Option.none(),
            next: first
          })
          expect(yield* store.checkpoint("roster")).toEqual(Option.some(first))
          // A second worker that read "nothing yet" loses: its rows are not written.
          const lost = yield* Effect.flip(
            store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "stale")] }], {
              expected: Option.none(),
              next: { projection: "roster", version: 1, position: 12 }
            })
          )
          expect(lost).toMatchObject({ _tag: "CheckpointConflict", projection: "roster", expected: 0, actual: 10 })
          const stale = yield* Effect.flip(
            store.commit([], {
              expected: Option.some({ projection: "roster", version: 1, position: 9 }),
              next: { projection: "roster", version: 1, position: 12 }
            })
          )
          expect(stale).toMatchObject({ _tag: "CheckpointConflict", expected: 9, actual: 10 })
          yield* store.commit([], { expected: Option.some(first), next: { ...first, position: 20 } })
          expect(yield* store.checkpoint("roster")).toEqual(Option.some({ ...first, position: 20 }))
          expect(ids(yield* store.select(roster))).toEqual(["p1/a"])
        })
      )
    )

    it.live("in one transaction an append and row writes commit together, or roll back together", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const events = yield* EventStore
          const stream = `projection-tx-${Date.now()}`
          const failed = yield* Effect.exit(
            store.transaction(
              Effect.gen(function* () {
                yield* events.append(stream, NoStream, [event(uuid(901, 1))], metadata)
                yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "tx")] }])
                return yield* Effect.fail("a later step failed")
              })
            )
          )
          expect(Exit.isFailure(failed)).toBe(true)
          expect((yield* events.head()).position).toBe(0)
          expect(yield* store.select(roster)).toEqual([])

          yield* store.transaction(
            Effect.gen(function* () {
              yield* events.append(stream, NoStream, [event(uuid(901, 2))], metadata)
              yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "tx")] }], {
                expected: Option.none(),
                next: { projection: "roster", version: 1, position: 1 }
              })
            })
          )
          expect((yield* events.head()).position).toBe(1)
          expect(ids(yield* store.select(roster))).toEqual(["p1/tx"])
        })
      )
    )

    it.live("dropTables removes a table; ensureTables creates it again, empty", () =>
      withStore((store) =>
        Effect.gen(function* () {
          yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "a")] }])
          yield* store.dropTables(["test_roster"])
          yield* store.ensureTables([roster])
          expect(yield* store.select(roster)).toEqual([])
        })
      )
    )

    it.live("several checkpoints move together, or none does", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const a = { projection: "a", version: 1, position: 5 }
          const b = { projection: "b", version: 2, position: 5 }
          yield* store.commit(
            [],
            [
              { expected: Option.none(), next: a },
              { expected: Option.none(), next: b }
            ]
          )
          // b's expectation is stale: a does not move either, and no row is written
          const conflict = yield* Effect.flip(
            store.commit(
              [{ _tag: "upsert", table: "test_roster", rows: [row("p1", "a")] }],
              [
                { expected: Option.some(a), next: { ...a, position: 9 } },
                { expected: Option.some({ ...b, position: 4 }), next: { ...b, position: 9 } }
              ]
            )
          )
          expect(conflict).toMatchObject({ _tag: "CheckpointConflict", projection: "b", expected: 4, actual: 5 })
          expect(yield* store.checkpoint("a")).toEqual(Option.some(a))
          expect(yield* store.select(roster)).toEqual([])
          yield* store.commit(
            [{ _tag: "upsert", table: "test_roster", rows: [row("p1", "a")] }],
            [
              { expected: Option.some(a), next: { ...a, position: 9 } },
              { expected: Option.some(b), next: { ...b, position: 9 } }
            ]
          )
          expect(yield* store.checkpoint("b")).toEqual(Option.some({ ...b, position: 9 }))
          expect(ids(yield* store.select(roster))).toEqual(["p1/a"])
        })
      )
    )

    it.live("a twin table is filled beside the table and swapped in with the checkpoint, indexes and all", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const twin = { ...roster, name: shadowName(roster.name) }
          yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "old")] }], {
            expected: Option.none(),
            next: { projection: "roster", version: 1, position: 3 }
          })
          yield* store.ensureTables([twin])
          yield* store.commit([{ _tag: "upsert", table: twin.name, rows: [row("p1", "new"), row("p2", "new")] }], {
            expected: Option.none(),
            next: { projection: shadowName("roster"), version: 2, position: 7 }
          })
          // readers of the table still see the old rows
          expect(ids(yield* store.select(roster))).toEqual(["p1/old"])
          yield* store.swap([roster], { projection: "roster", version: 2, position: 8 })
          expect(ids(yield* store.select(roster))).toEqual(["p1/new", "p2/new"])
          expect(yield* store.checkpoint("roster")).toEqual(
            Option.some({ projection: "roster", version: 2, position: 8 })
          )
          expect(yield* store.checkpoint(shadowName("roster"))).toEqual(Option.none())
          // the table works as before (its primary key, its partition), and a new twin can be made
          yield* store.commit([
            { _tag: "upsert", table: "test_roster", rows: [row("p1", "new", 5)] },
            { _tag: "replacePartition", table: "test_roster", partition: "p2", rows: [] }
          ])
          expect((yield* store.select(roster)).map((r) => r.sessions)).toEqual([5])
          yield* store.ensureTables([twin])
          yield* store.ensureTables([roster])
          expect(yield* store.select(twin)).toEqual([])
        })
      )
    )

    it.live("a swap that fails leaves the table and the checkpoint as they were", () =>
      withStore((store) =>
        Effect.gen(function* () {
          yield* store.commit([{ _tag: "upsert", table: "test_roster", rows: [row("p1", "old")] }], {
            expected: Option.none(),
            next: { projection: "roster", version: 1, position: 3 }
          })
          const exit = yield* Effect.exit(
            store.transaction(
              Effect.zipRight(
                store.swap([roster], { projection: "roster", version: 2, position: 9 }),
                Effect.fail("the rebuild's last step failed")
              )
            )
          )
          expect(Exit.isFailure(exit)).toBe(true)
          expect(ids(yield* store.select(roster))).toEqual(["p1/old"])
          expect(yield* store.checkpoint("roster")).toEqual(
            Option.some({ projection: "roster", version: 1, position: 3 })
          )
        })
      )
    )

    it.live("a transaction that locks the log keeps appends out until it ends", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const events = yield* EventStore
          const stream = `locked-${Date.now()}`
          const order: Array<string> = []
          const locked = yield* Effect.fork(
            store.transaction(
              Effect.gen(function* () {
                order.push("locked")
                yield* Effect.sleep("300 millis")
                order.push("unlocking")
              }),
              { lockLog: true }
            )
          )
          yield* Effect.sleep("50 millis")
          yield* events.append(stream, NoStream, [event(uuid(902, 1))], metadata)
          order.push("appended")
          yield* Fiber.join(locked)
          expect(order).toEqual(["locked", "unlocking", "appended"])
        })
      )
    )

    it.live("a claim is held by one coordinator at a time, and released with its scope", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const first = yield* Effect.scoped(
            Effect.gen(function* () {
              const a = yield* store.coordinator
              const b = yield* Effect.scoped(
                Effect.gen(function* () {
                  const b = yield* store.coordinator
                  expect(yield* a.tryClaim("roster")).toBe(true)
                  expect(yield* a.tryClaim("roster")).toBe(true)
                  expect(yield* b.tryClaim("roster")).toBe(false)
                  expect(yield* b.tryClaim("summary")).toBe(true)
                  expect(yield* a.alive).toBe(true)
                  return "b closed"
                })
              )
              // b's claims went with its scope
              expect(yield* a.tryClaim("summary")).toBe(true)
              yield* a.release("roster")
              return b
            })
          )
          expect(first).toBe("b closed")
          const c = yield* Effect.scoped(Effect.flatMap(store.coordinator, (c) => c.tryClaim("roster")))
          expect(c).toBe(true)
        })
      )
    )

    it.live("appended: signals appends where the database can (PostgreSQL), nothing elsewhere", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const events = yield* EventStore
          const received = yield* Effect.fork(Stream.runHead(store.appended))
          yield* Effect.sleep("300 millis")
          yield* events.append(`notify-${Date.now()}`, NoStream, [event(uuid(903, 1))], metadata)
          const got = yield* Fiber.join(received).pipe(Effect.timeout("2 seconds"), Effect.option)
          const signalled = Option.isSome(got) && Option.isSome(got.value)
          expect(signalled ? "signalled" : "silent").toBe(signals ? "signalled" : "silent")
        })
      )
    )
  })
