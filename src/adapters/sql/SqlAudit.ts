/**
 * The audit port on SQL: `verify()` walks the chain in pages of stored rows, decoding each with
 * the envelope Schema (a row whose JSON or time no longer parses is reported at its position,
 * not thrown), recomputes the Merkle tree's nodes from the rows it accepted and compares them
 * with the stored ones page by page, then checks that no row lies beyond the head and no node
 * beyond the tree; seals and checkpoints read the head; proofs read the nodes they need in one
 * query (`log/Tree.ts`).
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { EventStoreError, GenesisHash, type LogHead } from "../../ports/EventStore.js"
import type { LogAuditService, VerifyOptions, VerifyReport } from "../../ports/LogAudit.js"
import * as Reads from "../log/Reads.js"
import * as Rows from "../log/Rows.js"
import * as Tree from "../log/Tree.js"
import * as Verifier from "../log/Verifier.js"
import type { Dialect } from "./Dialect.js"
import * as EventRows from "./EventRows.js"
import * as SqlTree from "./SqlTree.js"

/** @internal */
export const make = (options: {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly readHead: Effect.Effect<LogHead, SqlError>
  readonly readBatchSize: number
  readonly now: Effect.Effect<string>
  /** False for a database without migration 0005: no tree to check or prove from. */
  readonly tree: boolean
}): LogAuditService => {
  const { dialect, readBatchSize, readHead, sql } = options
  const columns = sql.literal(dialect.storedColumns)
  const fetch = SqlTree.fetch(sql)
  const noTree = Effect.fail(
    new EventStoreError({
      method: "merkle",
      cause: new Error("this database has no Merkle tree yet: run the migrations (0005_merkle_tree)")
    })
  )
  const fetchOrFail: Tree.Fetch<SqlError | EventStoreError> = options.tree ? fetch : () => noTree
  const tree = Tree.proofs({ head: readHead, fetch: fetchOrFail })

  const verify = (verifyOptions: VerifyOptions = {}) =>
    Effect.gen(function* () {
      const head = yield* readHead
      const verifier = Verifier.makeVerifier()
      const check = Tree.makeTreeCheck()
      const progress = verifyOptions.onProgress
      let after = 0
      for (;;) {
        const limit = Math.min(readBatchSize, head.position - after)
        if (limit <= 0) break
        const rows = yield* sql<EventRows.StoredColumns>`SELECT ${columns} FROM events
          WHERE position > ${after} ORDER BY position LIMIT ${limit}`
        // The whole page decoded first: the walk looks ahead in it to tell reordered rows apart.
        const stored = rows.map(EventRows.toStoredRow)
        const page = stored.map(
          (row): Verifier.PageRow =>
            Either.mapLeft(Rows.fromStoredChecked(row), (reason) => ({ position: row.position, reason }))
        )
        const broken = verifier.page(page)
        if (options.tree) {
          // The nodes the rows the chain accepted complete, against the stored ones: a node that
          // differs before the chain breaks is the first position where the log does not match.
          const accepted = broken?._tag !== "Broken" ? stored : stored.filter((row) => row.position < broken.position)
          const computed = check.feed(accepted.map((row) => row.contentHash))
          const nodes =
            computed.length === 0 ? new Map<number, string>() : (yield* fetch(Tree.keysOf(computed), 1, 0)).nodes
          const differs = check.compare(computed, nodes)
          if (differs !== undefined && (broken?._tag !== "Broken" || differs.position < broken.position)) {
            return {
              _tag: "Broken",
              ...differs,
              damage: "changed",
              checked: differs.position - 1
            } satisfies VerifyReport
          }
        }
        if (broken !== undefined) return broken
        if (progress !== undefined) yield* progress(verifier.checked(), head.position)
        if (rows.length < limit) break
        after = Number(rows[rows.length - 1].position)
      }
      const report = verifier.finish(head)
      if (report._tag === "Broken") return report
      // A row beyond the head: read the last position first, then the head (appends move both at once).
      const [last] = yield* sql<{ position: unknown }>`SELECT max(position) AS position FROM events`
      const later = yield* readHead
      const lastPosition = last?.position == null ? 0 : Number(last.position)
      if (lastPosition > later.position) {
        return {
          _tag: "Broken",
          position: later.position + 1,
          damage: "inserted",
          reason: `an event at ${later.position + 1} lies beyond the head (${later.position})`,
          checked: report.checked
        } satisfies VerifyReport
      }
      if (options.tree && later.position === head.position) {
        const [count] = yield* sql<{ n: unknown }>`SELECT count(*) AS n FROM merkle_nodes`
        const expected = Tree.storedNodeCount(head.position)
        if (Number(count?.n ?? 0) !== expected) {
          return {
            _tag: "Broken",
            position: head.position + 1,
            damage: "inserted",
            reason: `the Merkle tree stores ${Number(count?.n ?? 0)} nodes where ${head.position} events make ${expected}`,
            checked: report.checked
          } satisfies VerifyReport
        }
      }
      return report
    })

  const logId: Effect.Effect<string, SqlError | EventStoreError> = options.tree
    ? Effect.flatMap(sql<{ log_id: string }>`SELECT log_id FROM ledger_meta WHERE id = 1`, (rows) =>
        rows[0] === undefined ? Effect.dieMessage("ledger_meta holds no log id") : Effect.succeed(rows[0].log_id)
      )
    : noTree

  return {
    verify: (verifyOptions) => Reads.wrap("verify")(verify(verifyOptions)),
    seal: () =>
      Reads.wrap("seal")(
        Effect.zipWith(readHead, options.now, (head, sealedAt) => ({ ...head, sealedAt: new Date(sealedAt) }))
      ),
    checkSeal: (seal) =>
      Reads.wrap("checkSeal")(
        seal.position === 0
          ? Effect.succeed(seal.hash === GenesisHash)
          : Effect.map(
              sql<{ hash: string }>`SELECT hash FROM events WHERE position = ${seal.position}`,
              (rows) => rows[0] !== undefined && rows[0].hash === seal.hash
            )
      ),
    logId: () => Reads.wrap("logId")(logId),
    root: (size) => Reads.wrapProof("root")(tree.root(size)),
    inclusionProof: (position, size) => Reads.wrapProof("inclusionProof")(tree.inclusionProof(position, size)),
    inclusionProofs: (positions, size) => Reads.wrapProof("inclusionProofs")(tree.inclusionProofs(positions, size)),
    consistencyProof: (fromSize, toSize) =>
      Reads.wrapProof("consistencyProof")(tree.consistencyProof(fromSize, toSize)),
    checkpoint: ((checkpointOptions) =>
      Effect.flatMap(
        Reads.wrap("checkpoint")(
          Effect.gen(function* () {
            // Nodes never change once written: the root at the head's size is the head's, whatever
            // was appended since the head was read.
            const head = yield* readHead
            const root = yield* tree.rootAt(head.position, head.position)
            return { logId: yield* logId, head, root, time: yield* options.now }
          })
        ),
        (state) => Tree.checkpoint(state, checkpointOptions)
      )) as LogAuditService["checkpoint"]
  }
}
