/**
 * The append on SQLite: `BEGIN IMMEDIATE` (the write lock, held until COMMIT), one statement that
 * reads the head, the versions of the batch's streams and the stored events of its ids, the
 * decision in TypeScript (`log/AppendPlan.ts`), the Merkle tree's new nodes, multi-row inserts,
 * and the head moved.
 *
 * SQLite serializes writers by nature; the version check runs under the write lock.
 *
 * The tree: the nodes of the blocks of 16 events the append completes (`Merkle.nodesToAdd`, see
 * `log/Tree.ts`) are computed from the tree's frontier (its stored right edge and the tail of
 * events after it) and inserted before the events (a trigger refuses an event that ends a block
 * whose leaf is not stored). The frontier of the last committed append is kept in memory, keyed
 * by the head it belongs to (position and chain hash): when the head read under the lock is that
 * one, nothing is read; otherwise (another process appended, or a caller's transaction was rolled
 * back) the frontier is read in one query.
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import type { LogHead } from "../../ports/EventStore.js"
import * as Plan from "../log/AppendPlan.js"
import * as Tree from "../log/Tree.js"
import type { Dialect } from "./Dialect.js"
import * as EventRows from "./EventRows.js"
import * as SqlTree from "./SqlTree.js"

/** SQLite's limit on host parameters per statement is 32766; 500 keys keeps statements small. */
const chunk = 500

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

interface StoredIdRow extends EventRows.StoredSummaryRow {
  readonly data: unknown
}

/**
 * Appends a batch of jobs in one write transaction; each job's outcome in order.
 *
 * @internal
 */
export const make = (sql: SqlClient.SqlClient, dialect: Dialect, options: { readonly tree: boolean }) => {
  const fetch = SqlTree.fetch(sql)
  let known: { readonly head: LogHead; readonly frontier: Tree.Frontier } | undefined
  return (jobs: ReadonlyArray<Plan.Job>, recordedAt: string) => {
    let written: typeof known
    return dialect
      .withWriteTransaction(
        Effect.gen(function* () {
          const keys = Plan.keysOf(jobs)
          const versions = new Map<string, number>()
          const stored = new Map<string, Plan.StoredSummary>()
          const store = (row: StoredIdRow) =>
            stored.set(row.event_id, EventRows.toStoredSummary(row, dialect.decodeJson(row.data)))
          let head: LogHead | undefined
          if (keys.streamIds.length <= chunk && keys.eventIds.length <= chunk) {
            // A batch of usual size: the head, the stream versions and the stored events of the
            // batch's ids in one statement (the write lock is held since BEGIN IMMEDIATE).
            const rows = yield* sql<{
              k: number
              a: unknown
              b: string
              c: unknown
              d: string
              e: string
              f: unknown
              g: unknown
            }>`
            SELECT 0 AS k, position AS a, hash AS b, NULL AS c, NULL AS d, NULL AS e, NULL AS f, NULL AS g
            FROM event_log_head WHERE id = 1
            ${
              keys.streamIds.length > 0
                ? sql`UNION ALL SELECT 1, NULL, stream_id, max(version), NULL, NULL, NULL, NULL FROM events
                      WHERE ${sql.in("stream_id", keys.streamIds)} GROUP BY stream_id`
                : sql.literal("")
            }
            ${
              keys.eventIds.length > 0
                ? sql`UNION ALL SELECT 2, position, event_id, version, stream_id, type, schema_version, data
                      FROM events WHERE ${sql.in("event_id", keys.eventIds)}`
                : sql.literal("")
            }`
            for (const row of rows) {
              if (row.k === 0) head = { position: Number(row.a), hash: row.b }
              else if (row.k === 1) versions.set(row.b, Number(row.c))
              else {
                store({
                  event_id: row.b,
                  position: row.a,
                  version: row.c,
                  stream_id: row.d,
                  type: row.e,
                  schema_version: row.f,
                  data: row.g
                })
              }
            }
          } else {
            const [h] = yield* sql<{
              position: unknown
              hash: string
            }>`SELECT position, hash FROM event_log_head WHERE id = 1`
            if (h !== undefined) head = { position: Number(h.position), hash: h.hash }
            for (const ids of chunksOf(keys.streamIds, chunk)) {
              const rows = yield* sql<{ stream_id: string; version: unknown }>`
              SELECT stream_id, max(version) AS version FROM events
              WHERE ${sql.in("stream_id", ids)} GROUP BY stream_id`
              for (const row of rows) versions.set(row.stream_id, Number(row.version))
            }
            for (const ids of chunksOf(keys.eventIds, chunk)) {
              const rows = yield* sql<StoredIdRow>`
              SELECT event_id, stream_id, version, position, type, schema_version, data
              FROM events WHERE ${sql.in("event_id", ids)}`
              for (const row of rows) store(row)
            }
          }
          if (head === undefined) return yield* Effect.dieMessage("the event log has no head row")
          const plan = Plan.plan(jobs, Plan.stateOf(head, versions, stored), recordedAt)
          if (plan.rows.length > 0) {
            if (options.tree) {
              const at = head
              const frontier =
                known !== undefined && known.head.position === at.position && known.head.hash === at.hash
                  ? known.frontier
                  : yield* Tree.readFrontier(at.position, fetch)
              const next = Tree.extend(
                frontier,
                plan.rows.map((row) => row.contentHash)
              )
              yield* SqlTree.insertNodes(sql, Tree.toStored(next.nodes))
              written = { head: plan.head, frontier: next.frontier }
            }
            for (const rows of chunksOf(plan.rows, chunk)) {
              yield* sql`INSERT INTO events ${sql.insert(rows.map(EventRows.toInsert))}`
            }
            yield* sql`UPDATE event_log_head SET position = ${plan.head.position}, hash = ${plan.head.hash} WHERE id = 1`
          }
          return plan.outcomes
        })
      )
      .pipe(
        Effect.tap(() => {
          // Committed (or joined the caller's transaction, which may still roll back: the head key
          // tells a stale frontier from the right one).
          if (written !== undefined) known = written
        })
      )
  }
}
