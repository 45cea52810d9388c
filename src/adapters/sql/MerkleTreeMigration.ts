/**
 * Migration "0005_merkle_tree": the Merkle tree over the log (`merkle_nodes`, append-only), the
 * log's stable id (`ledger_meta`, a new random id, fixed once the log holds an event) and, for a
 * store that already holds events, their tree, built in batches in the migration's transaction.
 * From then on every append extends the tree in its own transaction (see `SqlTree.ts`).
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Tree from "../log/Tree.js"
import * as Dialect from "./Dialect.js"
import * as SqlTree from "./SqlTree.js"

/**
 * @since 0.2.0
 * @category migrations
 */
export const merkleTreeMigration = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const dialect = Dialect.make(sql)
  yield* dialect.createMerkleTree
  yield* sql`INSERT INTO ledger_meta (id, log_id) VALUES (1, ${Tree.newLogId()})`
  yield* SqlTree.backfill(sql, dialect)
})
