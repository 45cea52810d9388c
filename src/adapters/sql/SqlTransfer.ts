/**
 * The `LogTransfer` port on SQL. Reads: the rows as stored (JSON made canonical again, as it was
 * hashed: PostgreSQL's jsonb prints it otherwise), in keyset pages. The load into an empty store: in one
 * write transaction, under the head lock, the store is checked empty, the log id set, the rows
 * inserted in statements of 500 with their Merkle nodes (computed here on SQLite, by the
 * database's trigger on PostgreSQL), then the result is checked against the checkpoint (count,
 * chain head, root read back from the stored tree) and only then is the head moved. Any failure
 * rolls everything back.
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { EventStoreError, GenesisHash, type LogHead } from "../../ports/EventStore.js"
import * as Hashing from "../../ports/Hashing.js"
import { ImportMismatch, type LogRow, type LogTransferService, TargetNotEmpty } from "../../ports/LogTransfer.js"
import * as Reads from "../log/Reads.js"
import * as Tree from "../log/Tree.js"
import type { Dialect } from "./Dialect.js"
import * as EventRows from "./EventRows.js"
import * as SqlTree from "./SqlTree.js"

const chunk = 500

/** The stored form of a row of `Dialect.storedColumns`, its JSON canonical (as hashed). */
const toLogRow = (row: EventRows.StoredColumns): LogRow => {
  const stored = EventRows.toStoredRow(row)
  return {
    ...stored,
    dataJson: Hashing.canonicalJson(JSON.parse(stored.dataJson)),
    metadataJson: Hashing.canonicalJson(JSON.parse(stored.metadataJson))
  }
}

/** @internal */
export const make = (options: {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly readHead: Effect.Effect<LogHead, SqlError>
  readonly tree: boolean
  readonly readBatchSize: number
}): LogTransferService => {
  const { dialect, sql } = options
  const columns = sql.literal(dialect.storedColumns)
  const occupied = Effect.map(
    sql<{ n: unknown }>`SELECT (SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) e) +
      (SELECT count(*) FROM (SELECT 1 FROM merkle_nodes LIMIT 1) m) AS n`,
    (rows) => Number(rows[0]?.n ?? 0) > 0
  )
  const noTree = new EventStoreError({
    method: "importLog",
    cause: new Error("this database has no Merkle tree yet: run the migrations (0005_merkle_tree)")
  })
  return {
    rows: (range = {}) =>
      Stream.unwrap(
        Effect.map(options.readHead, (head) => {
          const from = Math.max(1, range.from ?? 1)
          const to = Math.min(range.to ?? head.position, head.position)
          return Reads.pages(
            from - 1,
            options.readBatchSize,
            (row: LogRow) => row.position,
            (after, size) => {
              const limit = Math.min(size, to - after)
              return limit <= 0
                ? Effect.succeed([])
                : Reads.wrap("rows")(
                    Effect.map(
                      sql<EventRows.StoredColumns>`SELECT ${columns} FROM events
                      WHERE position > ${after} ORDER BY position LIMIT ${limit}`,
                      (rows) => rows.map(toLogRow)
                    )
                  )
            }
          )
        })
      ).pipe(
        Stream.mapError((cause) =>
          cause instanceof EventStoreError ? cause : new EventStoreError({ method: "rows", cause })
        )
      ),
    streamRows: (streamId) =>
      Reads.wrap("streamRows")(
        Effect.map(
          sql<EventRows.StoredColumns>`SELECT ${columns} FROM events WHERE stream_id = ${streamId} ORDER BY version`,
          (rows) => rows.map(toLogRow)
        )
      ),
    isEmpty: () =>
      options.tree
        ? Reads.wrap("isEmpty")(Effect.zipWith(options.readHead, occupied, (head, any) => head.position === 0 && !any))
        : Effect.fail(noTree),
    importLog: (target, rows) =>
      !options.tree
        ? Effect.fail(noTree)
        : dialect
            .withWriteTransaction(
              Effect.gen(function* () {
                const head = yield* dialect.lockHead
                if (head.position > 0 || (yield* occupied))
                  return yield* new TargetNotEmpty({ position: head.position })
                yield* sql`UPDATE ledger_meta SET log_id = ${target.logId} WHERE id = 1`
                let last: LogHead = { position: 0, hash: GenesisHash }
                let frontier = Tree.emptyFrontier
                yield* Stream.runForEachChunk(Stream.rechunk(rows, chunk), (part) =>
                  Effect.gen(function* () {
                    const batch = Chunk.toReadonlyArray(part)
                    for (const row of batch) {
                      if (row.position !== last.position + 1 || row.prevHash !== last.hash) {
                        return yield* new ImportMismatch({
                          position: last.position + 1,
                          reason: "the rows do not continue the chain from the one before"
                        })
                      }
                      last = { position: row.position, hash: row.hash }
                    }
                    if (!dialect.maintainsTree) {
                      // Nodes first: the trigger refuses an event that ends a block without its nodes.
                      const next = Tree.extend(
                        frontier,
                        batch.map((row) => row.contentHash)
                      )
                      frontier = next.frontier
                      yield* SqlTree.insertNodes(sql, Tree.toStored(next.nodes))
                    }
                    yield* sql`INSERT INTO events ${sql.insert(
                      batch.map((row) => ({
                        position: row.position,
                        stream_id: row.streamId,
                        version: row.version,
                        event_id: row.eventId,
                        type: row.type,
                        schema_version: row.schemaVersion,
                        data: row.dataJson,
                        metadata: row.metadataJson,
                        occurred_at: row.occurredAt,
                        recorded_at: row.recordedAt,
                        content_hash: row.contentHash,
                        prev_hash: row.prevHash,
                        hash: row.hash
                      }))
                    )}`
                  })
                )
                // The root from what is stored now (the nodes the database or this import wrote).
                const root = yield* Tree.proofs({ head: Effect.succeed(last), fetch: SqlTree.fetch(sql) }).rootAt(
                  last.position,
                  last.position
                )
                const mismatch =
                  last.position !== target.size
                    ? `${last.position} events, the checkpoint states ${target.size}`
                    : last.hash !== target.head.hash
                      ? "the chain head differs from the checkpoint's"
                      : root !== target.root
                        ? "the Merkle root of the stored tree differs from the checkpoint's"
                        : undefined
                if (mismatch !== undefined)
                  return yield* new ImportMismatch({ position: last.position, reason: mismatch })
                if (last.position > 0) {
                  yield* sql`UPDATE event_log_head SET position = ${last.position}, hash = ${last.hash} WHERE id = 1`
                }
                return { count: last.position }
              })
            )
            .pipe(
              Effect.catchAllDefect((cause) => Effect.fail(new EventStoreError({ method: "importLog", cause }))),
              Effect.catchTag("SqlError", (cause) => Effect.fail(new EventStoreError({ method: "importLog", cause })))
            )
  }
}
