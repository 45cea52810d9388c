/**
 * The append on a SQLite file through prepared statements of better-sqlite3, underneath
 * `@effect/sql`: the same decision (`log/AppendPlan.ts`), the same statements in the same order
 * as `SqliteAppend.ts`, minus `@effect/sql`'s cost per statement (compile, prepared-statement
 * cache lookup, one effect per statement: about 15 µs each, five statements per append, the
 * largest share of an append's JavaScript in the profile of W1, bench/README.md).
 *
 * It writes on a second connection to the file, opened by `Sqlite.layer` (it knows the file; an
 * application's own client does not, and keeps `SqliteAppend.ts`), and never waits on it: it
 * takes the write lock with `BEGIN IMMEDIATE` and no busy timeout. When the lock is held (a
 * transaction of the application on the `@effect/sql` connection, or another process), the
 * batch goes to the `@effect/sql` path, which waits for the lock without blocking this thread
 * on a lock this thread's own transaction holds. Appends inside the application's transaction
 * take that path too, in it (`GroupCommit.ts`).
 *
 * @since 0.2.0
 * @internal
 */
import { createRequire } from "node:module"
import { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { LogHead } from "../../ports/EventStore.js"
import * as Plan from "../log/AppendPlan.js"
import * as Tree from "../log/Tree.js"
import * as EventRows from "./EventRows.js"
import type { AppendBatch } from "./GroupCommit.js"

/** The part of better-sqlite3's API used here (its types are not a dependency). @internal */
export interface Statement {
  run(...params: ReadonlyArray<unknown>): unknown
  get(...params: ReadonlyArray<unknown>): unknown
  all(...params: ReadonlyArray<unknown>): Array<unknown>
  /** Rows as arrays of column values (`true`) or as objects. */
  raw(toggle: boolean): Statement
}
/** @internal */
export interface Database {
  prepare(source: string): Statement
  pragma(source: string): unknown
  close(): void
  readonly inTransaction: boolean
}
type DatabaseConstructor = new (filename: string, options?: { readonly fileMustExist?: boolean }) => Database

/** Where the direct path may open its connection. @internal */
export interface Options {
  readonly filename: string
  readonly synchronous?: "FULL" | "NORMAL" | undefined
}

/**
 * better-sqlite3 as `@effect/sql-sqlite-node` resolves it (it is that package's dependency, not
 * ours): the same copy, whatever the application's install layout.
 *
 * @internal
 */
export const loadDriver = (): DatabaseConstructor | undefined => {
  try {
    const own = createRequire(import.meta.url)
    const client = own.resolve("@effect/sql-sqlite-node/SqliteClient")
    return createRequire(client)("better-sqlite3") as DatabaseConstructor
  } catch {
    return undefined
  }
}

/** Only a file on disk: two connections to `:memory:` (or a temporary database) are two databases. */
export const isFile = (filename: string): boolean =>
  filename.length > 0 && filename !== ":memory:" && !filename.startsWith("file:")

/** @internal */
export const isBusy = (error: unknown): boolean =>
  typeof error === "object" && error !== null && String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY")

const failed = (cause: unknown) => new SqlError({ cause, message: "Failed to append" })

interface StoredIdRow extends EventRows.StoredSummaryRow {
  readonly data: string
}

const statements = (db: Database) => ({
  begin: db.prepare("BEGIN IMMEDIATE"),
  commit: db.prepare("COMMIT"),
  rollback: db.prepare("ROLLBACK"),
  head: db.prepare("SELECT position, hash FROM event_log_head WHERE id = 1"),
  version: db.prepare("SELECT max(version) AS v FROM events WHERE stream_id = ?"),
  stored: db.prepare(
    "SELECT event_id, stream_id, version, position, type, schema_version, data FROM events WHERE event_id = ?"
  ),
  insert: db.prepare(
    `INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
      occurred_at, recorded_at, content_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ),
  moveHead: db.prepare("UPDATE event_log_head SET position = ?, hash = ? WHERE id = 1")
})

const treeStatements = (db: Database) => ({
  node: db.prepare("SELECT hash FROM merkle_nodes WHERE node = ?"),
  tail: db.prepare("SELECT content_hash AS h FROM events WHERE position >= ? AND position <= ? ORDER BY position"),
  insertNode: db.prepare("INSERT INTO merkle_nodes (node, hash) VALUES (?, ?)")
})

/**
 * Opens the connection in `scope` and returns the batch append and the connection (the direct
 * reads use it too, `SqliteDirectReads.ts`), or `undefined` when the driver cannot be loaded
 * (then the `@effect/sql` path serves).
 *
 * @internal
 */
export const make = (
  options: Options & { readonly tree: boolean; readonly fallback: AppendBatch }
): Effect.Effect<{ readonly appendBatch: AppendBatch; readonly db: Database } | undefined, SqlError, Scope.Scope> =>
  Effect.gen(function* () {
    const Driver = loadDriver()
    if (Driver === undefined || !isFile(options.filename)) return undefined
    const db = yield* Effect.acquireRelease(
      Effect.try({
        try: () => {
          const db = new Driver(options.filename, { fileMustExist: true })
          // The settings of `Sqlite.layerPragmas`, on this connection too.
          // No wait here: a busy lock sends the batch to the `@effect/sql` path, which waits.
          db.pragma("busy_timeout = 0")
          db.pragma(`synchronous = ${options.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`)
          db.pragma("secure_delete = ON")
          return db
        },
        catch: (cause) => new SqlError({ cause, message: "Failed to open the append connection" })
      }),
      (db) => Effect.sync(() => db.close())
    )
    const fallback = options.fallback
    // Prepared on first use: the layer's migrations run on the other connection first.
    let prepared: ReturnType<typeof statements> | undefined
    let preparedTree: ReturnType<typeof treeStatements> | undefined
    let known: { readonly head: LogHead; readonly frontier: Tree.Frontier } | undefined

    const fetchSync = (keys: ReadonlyArray<number>, tailFrom: number, tailTo: number): Tree.Fetched => {
      const t = preparedTree!
      const nodes = new Map<number, string>()
      for (const key of keys) {
        const row = t.node.get(key) as { hash: string } | undefined
        if (row !== undefined) nodes.set(key, row.hash)
      }
      const tail = tailTo < tailFrom ? [] : (t.tail.all(tailFrom, tailTo) as Array<{ h: string }>).map((row) => row.h)
      return { nodes, tail }
    }

    const write = (jobs: ReadonlyArray<Plan.Job>, recordedAt: string) => {
      const s = (prepared ??= statements(db))
      const keys = Plan.keysOf(jobs)
      const versions = new Map<string, number>()
      const stored = new Map<string, Plan.StoredSummary>()
      const h = s.head.get() as { position: number; hash: string } | undefined
      if (h === undefined) throw new Error("the event log has no head row")
      const head: LogHead = { position: Number(h.position), hash: h.hash }
      for (const streamId of keys.streamIds) {
        const row = s.version.get(streamId) as { v: number | null }
        if (row.v !== null) versions.set(streamId, Number(row.v))
      }
      for (const eventId of keys.eventIds) {
        const row = s.stored.get(eventId) as StoredIdRow | undefined
        if (row !== undefined) stored.set(row.event_id, EventRows.toStoredSummary(row, JSON.parse(row.data)))
      }
      const plan = Plan.plan(jobs, Plan.stateOf(head, versions, stored), recordedAt)
      let written: typeof known
      if (plan.rows.length > 0) {
        if (options.tree) {
          const t = (preparedTree ??= treeStatements(db))
          const frontier =
            known !== undefined && known.head.position === head.position && known.head.hash === head.hash
              ? known.frontier
              : Effect.runSync(
                  Tree.readFrontier(head.position, (k, from, to) => Effect.sync(() => fetchSync(k, from, to)))
                )
          const next = Tree.extend(
            frontier,
            plan.rows.map((row) => row.contentHash)
          )
          for (const node of Tree.toStored(next.nodes)) t.insertNode.run(node.key, node.hash)
          written = { head: plan.head, frontier: next.frontier }
        }
        for (const row of plan.rows) {
          s.insert.run(
            row.position,
            row.streamId,
            row.version,
            row.eventId,
            row.type,
            row.schemaVersion,
            row.dataJson,
            row.metadataJson,
            row.occurredAt,
            row.recordedAt,
            row.contentHash,
            row.prevHash,
            row.hash
          )
        }
        s.moveHead.run(plan.head.position, plan.head.hash)
      }
      return { outcomes: plan.outcomes, written }
    }

    const appendBatch: AppendBatch = (jobs, recordedAt) =>
      Effect.suspend(() => {
        const s = (prepared ??= statements(db))
        try {
          s.begin.run()
        } catch (error) {
          // The write lock is taken (a transaction of the application on the other connection, or
          // another process): the `@effect/sql` path waits for it without blocking this thread.
          return isBusy(error) ? fallback(jobs, recordedAt) : Effect.fail(failed(error))
        }
        try {
          const { outcomes, written } = write(jobs, recordedAt)
          s.commit.run()
          if (written !== undefined) known = written
          return Effect.succeed(outcomes)
        } catch (error) {
          if (db.inTransaction) s.rollback.run()
          return Effect.fail(failed(error))
        }
      })
    return { appendBatch, db }
  })
