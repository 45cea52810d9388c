/**
 * The Merkle tree's table on SQL (`merkle_nodes (node, hash)`, `node` = `Merkle.nodeKey`): read
 * the nodes of a proof in one query, insert computed nodes, and build the tree of a log that was
 * written before migration 0005 (the backfill), in batches.
 *
 * PostgreSQL extends the tree itself on every insert into events (a trigger, see
 * `pg/0005_merkle_tree.sql`); on SQLite the store computes the nodes (`SqliteAppend.ts`).
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Tree from "../log/Tree.js"
import type { Dialect } from "./Dialect.js"

/** Keys per statement: far below SQLite's 32766 host parameters and PostgreSQL's 65535. */
const chunk = 500

/**
 * Reads stored nodes and the content hashes of a range of positions (the tree's tail), in one
 * query; only a request of more than 500 keys (a batch of proofs) takes several.
 *
 * @internal
 */
export const fetch =
  (sql: SqlClient.SqlClient): Tree.Fetch<SqlError> =>
  (keys, tailFrom, tailTo) =>
    Effect.gen(function* () {
      const nodes = new Map<number, string>()
      const tail: Array<{ readonly position: number; readonly hash: string }> = []
      type Row = { readonly k: unknown; readonly h: string }
      const nodesOf = (part: ReadonlyArray<number>) =>
        sql<Row>`SELECT node AS k, hash AS h FROM merkle_nodes WHERE ${sql.in("node", part)}`
      // Tail rows come back keyed by minus their position, nodes by their key (>= 0).
      const tailRows = sql<Row>`SELECT -position AS k, content_hash AS h FROM events
        WHERE position >= ${tailFrom} AND position <= ${tailTo}`
      const first = keys.slice(0, chunk)
      const statements: Array<Effect.Effect<ReadonlyArray<Row>, SqlError>> = []
      if (tailTo < tailFrom) {
        if (first.length > 0) statements.push(nodesOf(first))
      } else {
        statements.push(first.length > 0 ? sql<Row>`${nodesOf(first)} UNION ALL ${tailRows}` : tailRows)
      }
      for (let i = chunk; i < keys.length; i += chunk) statements.push(nodesOf(keys.slice(i, i + chunk)))
      for (const statement of statements) {
        const rows = yield* statement
        for (const row of rows) {
          const k = Number(row.k)
          if (k >= 0) nodes.set(k, row.h)
          else tail.push({ position: -k, hash: row.h })
        }
      }
      tail.sort((x, y) => x.position - y.position)
      return { nodes, tail: tail.map((row) => row.hash) }
    })

/** Inserts computed nodes (multi-row statements of up to 500 nodes). @internal */
export const insertNodes = (sql: SqlClient.SqlClient, nodes: ReadonlyArray<Tree.StoredNode>) =>
  Effect.forEach(
    chunksOf(nodes, chunk),
    (part) => sql`INSERT INTO merkle_nodes ${sql.insert(part.map((node) => ({ node: node.key, hash: node.hash })))}`,
    { discard: true }
  )

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Events per backfill batch (a multiple of the block size). */
const backfillBatch = 10_000

/**
 * Builds the tree of the events already in the log (migration 0005 on an existing store), in
 * batches of 10,000 events: on PostgreSQL by the database's own `event_log_merkle_add`, on
 * SQLite in TypeScript from the frontier of the batch before. Runs inside the migration's
 * transaction; on PostgreSQL the head row is locked first, so no append lands meanwhile.
 *
 * @internal
 */
export const backfill = (sql: SqlClient.SqlClient, dialect: Dialect): Effect.Effect<void, SqlError> =>
  Effect.gen(function* () {
    const size = (yield* dialect.lockHead).position
    // The stored tree covers the complete blocks of 16; the tail is read from the events.
    const stored = Tree.materializedSize(size)
    let frontier = Tree.emptyFrontier
    for (let after = 0; after < stored; after += backfillBatch) {
      const limit = Math.min(backfillBatch, stored - after)
      if (dialect.maintainsTree) {
        yield* sql`SELECT event_log_merkle_add(${after}, ARRAY(
          SELECT content_hash FROM events WHERE position > ${after} ORDER BY position LIMIT ${limit}))`
      } else {
        const rows = yield* sql<{ content_hash: string }>`
          SELECT content_hash FROM events WHERE position > ${after} ORDER BY position LIMIT ${limit}`
        const next = Tree.extend(
          frontier,
          rows.map((row) => row.content_hash)
        )
        frontier = next.frontier
        yield* insertNodes(sql, Tree.toStored(next.nodes))
      }
    }
    // A log with a gap (a row deleted behind the triggers' back) gives fewer leaves than its head:
    // the tree would not be the log's. Refuse, and let verify() name the position.
    const [count] = yield* sql<{ n: unknown }>`SELECT count(*) AS n FROM merkle_nodes`
    if (Number(count?.n ?? 0) !== Tree.storedNodeCount(size)) {
      return yield* Effect.dieMessage(
        `the events do not make a tree of ${size} leaves (rows are missing): run verify() on the log before migrating`
      )
    }
  })
