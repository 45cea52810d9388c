import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Deferred, Effect, Fiber, Layer, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import * as SqliteDirectAppend from "../../src/adapters/sql/SqliteDirectAppend.js"
import { AnyVersion, EventStore } from "../../src/ports/EventStore.js"
import * as AuditSuite from "./AuditSuite.js"
import * as EventStoreSuite from "./EventStoreSuite.js"
import * as ProjectionStoreSuite from "./ProjectionStoreSuite.js"
import { event, metadata, uuid } from "./support/fixtures.js"
import { racerProcess } from "./support/spawnRacer.js"
import { expectWholeLog } from "./support/wholeLog.js"
import * as RawLog from "./support/RawLog.js"

/** A fresh SQLite file under the OS temporary directory, removed when the layer is released. */
const tempFile = Effect.acquireRelease(
  Effect.sync(() => join(tmpdir(), `training-ledger-${randomUUID()}.db`)),
  (filename) =>
    Effect.sync(() => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    })
)

EventStoreSuite.suite(
  "SqlEventStore (SQLite file)",
  (options) =>
    Layer.unwrapScoped(
      Effect.map(tempFile, (filename) =>
        RawLog.layerSql.pipe(Layer.provideMerge(Sqlite.layer({ filename, ...options })))
      )
    ),
  { propertyRuns: 100 }
)

// The application's own client: the file is not known, appends take the `@effect/sql` statement
// path (SqliteAppend.ts) instead of the prepared statements on a connection of their own.
EventStoreSuite.suite(
  "SqlEventStore (SQLite file, the application's own client)",
  (options) =>
    Layer.unwrapScoped(
      Effect.map(tempFile, (filename) =>
        RawLog.layerSql.pipe(
          Layer.provideMerge(Sqlite.layerWithClient(options).pipe(Layer.provideMerge(Sqlite.layerClient({ filename }))))
        )
      )
    ),
  { propertyRuns: 30 }
)

AuditSuite.suite(
  "Merkle tree (SQLite file)",
  () =>
    Layer.unwrapScoped(
      Effect.map(tempFile, (filename) => RawLog.layerSql.pipe(Layer.provideMerge(Sqlite.layer({ filename }))))
    ),
  { propertyRuns: 12, maxEvents: 90 }
)

ProjectionStoreSuite.suite("SqlProjectionStore (SQLite file)", () =>
  Layer.unwrapScoped(Effect.map(tempFile, (filename) => Sqlite.layer({ filename })))
)

describe("Sqlite.layer", () => {
  // The contract suite above runs on the direct append only if its driver loads: a silent
  // fallback to the statement path would hide a lost speed-up, not a wrong answer.
  it("the direct append loads better-sqlite3 as @effect/sql-sqlite-node resolves it, for files only", () => {
    expect(SqliteDirectAppend.loadDriver()).toBeTypeOf("function")
    expect(SqliteDirectAppend.isFile("/tmp/ledger.sqlite")).toBe(true)
    expect(SqliteDirectAppend.isFile(":memory:")).toBe(false)
    expect(SqliteDirectAppend.isFile("file:ledger?mode=memory")).toBe(false)
  })

  // The stream read on the direct connection (SqliteDirectReads.ts): outside a transaction it
  // neither waits for an open transaction of the application (which holds the @effect/sql
  // connection) nor sees its uncommitted events; inside one, it reads on the transaction's
  // connection and sees them.
  it.live("a stream read outside a transaction reads committed events without waiting; inside one, its own", () =>
    Effect.gen(function* () {
      const filename = yield* tempFile
      const context = yield* Layer.build(Sqlite.layer({ filename }))
      const store = Context.get(context, EventStore)
      const sql = Context.get(context, SqlClient.SqlClient)
      const versions = (events: Iterable<{ readonly version: number }>) => Array.from(events, (e) => e.version)
      yield* store.append("direct-read", "no-stream", [event(uuid(9, 1))], metadata)
      const appended = yield* Deferred.make<ReadonlyArray<number>>()
      const release = yield* Deferred.make<void>()
      const transaction = yield* Effect.fork(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* store.append("direct-read", 1, [event(uuid(9, 2))], metadata)
            yield* Deferred.succeed(appended, versions(yield* store.readStreamArray("direct-read")))
            yield* Deferred.await(release)
          })
        )
      )
      // inside the transaction: its own append is read
      expect(yield* Deferred.await(appended)).toEqual([1, 2])
      // outside, while it is open: the committed event, at once (the @effect/sql connection is held)
      const outside = yield* store.readStreamArray("direct-read").pipe(Effect.timeout("2 seconds"))
      expect(versions(outside)).toEqual([1])
      expect(
        versions(yield* Stream.runCollect(store.readStream("direct-read")).pipe(Effect.timeout("2 seconds")))
      ).toEqual([1])
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(transaction)
      expect(versions(yield* store.readStreamArray("direct-read"))).toEqual([1, 2])
      expect(versions(yield* store.readStreamArray("direct-read", { fromVersion: 2 }))).toEqual([2])
    }).pipe(Effect.scoped)
  )

  const pragmas = Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const [journal] = yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`
    const [sync] = yield* sql<{ synchronous: number }>`PRAGMA synchronous`
    const [busy] = yield* sql<{ timeout: number }>`PRAGMA busy_timeout`
    return { journal: journal.journal_mode, synchronous: sync.synchronous, busy: busy.timeout }
  })

  it.live("durable by default: WAL, synchronous FULL, a busy timeout; NORMAL only when asked", () =>
    Effect.gen(function* () {
      const filename = yield* tempFile
      expect(yield* pragmas.pipe(Effect.provide(Sqlite.layer({ filename })))).toEqual({
        journal: "wal",
        synchronous: 2,
        busy: 5000
      })
      expect((yield* pragmas.pipe(Effect.provide(Sqlite.layer({ filename, synchronous: "NORMAL" })))).synchronous).toBe(
        1
      )
    }).pipe(Effect.scoped)
  )

  // Every writer is a process of its own: better-sqlite3 waits for another process's lock
  // synchronously (busy_timeout), which would block this test worker's event loop and, on a
  // loaded machine, time out vitest's RPC with its worker. This process only reads, afterwards.
  it.live(
    "three OS processes append to one file: gap-free, contiguous, nothing lost, chain intact",
    () =>
      Effect.gen(function* () {
        const filename = yield* tempFile
        const streams = ["file-a", "file-b", "file-c"]
        const fibers = 4
        const appends = 20
        yield* Effect.provide(Effect.asVoid(Effect.flatMap(EventStore, (s) => s.head())), Sqlite.layer({ filename }))
        yield* Effect.all(
          [1, 2, 3].map((racer) => racerProcess("sqlite", filename, racer, fibers, appends, streams)),
          { concurrency: "unbounded" }
        )
        yield* Effect.flatMap(EventStore, (store) => expectWholeLog(store, 3 * fibers * appends, streams)).pipe(
          Effect.provide(Sqlite.layer({ filename }))
        )
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("SQLite refuses to edit the log", () => {
  it.live("UPDATE and DELETE on events, and moving the head backwards, are refused by the database", () =>
    Effect.gen(function* () {
      const store = yield* EventStore
      yield* store.append("edit-me", AnyVersion, [event(uuid(7, 1)), event(uuid(7, 2))], metadata)
      const sql = yield* SqlClient.SqlClient
      for (const statement of [
        sql`UPDATE events SET data = '{}' WHERE position = 1`,
        sql`DELETE FROM events WHERE position = 2`,
        sql`UPDATE event_log_head SET position = 1`,
        sql`DELETE FROM event_log_head`
      ]) {
        const error = yield* Effect.flip(statement)
        expect(String((error as any).cause?.message ?? error)).toMatch(
          /append-only|only moves forward|cannot be deleted/
        )
      }
      expect((yield* store.head()).position).toBe(2)
    }).pipe(Effect.provide(Layer.unwrapScoped(Effect.map(tempFile, (filename) => Sqlite.layer({ filename })))))
  )
})
