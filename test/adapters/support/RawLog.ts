/**
 * Raw access to a store's rows for the contract suite: tampering (what an attacker with database
 * access could do: first the append-only triggers go, then rows change) and failure injection.
 * Implemented with SQL for the SQL stores and over the rows for the memory store.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as MemoryDatabase from "../../../src/adapters/memory/MemoryDatabase.js"
import * as MemoryEventStore from "../../../src/adapters/memory/MemoryEventStore.js"
import * as Dialect from "../../../src/adapters/sql/Dialect.js"
import * as EventRows from "../../../src/adapters/sql/EventRows.js"
import type { StoredRow } from "../../../src/adapters/log/Rows.js"
import { EventStore } from "../../../src/ports/EventStore.js"
import * as Hashing from "../../../src/ports/Hashing.js"
import { LogAudit } from "../../../src/ports/LogAudit.js"
import { LogTransfer, type LogRow } from "../../../src/ports/LogTransfer.js"

export interface RawLogService {
  readonly setData: (position: number, data: unknown) => Effect.Effect<void, unknown>
  readonly setHash: (position: number, hash: string) => Effect.Effect<void, unknown>
  readonly deleteRow: (position: number) => Effect.Effect<void, unknown>
  /** Writes raw text into a stored column (SQL: the column's name; memory: the stored form's field). */
  readonly setRawColumn: (position: number, column: string, value: string) => Effect.Effect<void, unknown>
  /** Inserts a copy of the row at `of` as the next version of its stream, at `position`, with a new id. */
  readonly insertCopy: (of: number, position: number, eventId: string) => Effect.Effect<void, unknown>
  /** Swaps the rows at positions `a` and `b` (each keeps its content, they trade positions). */
  readonly swapRows: (a: number, b: number) => Effect.Effect<void, unknown>
  /**
   * Moves the rows from `position` on up by one and puts a forged event there, linked to the row
   * before it with correctly computed hashes: what a careful attacker inserts.
   */
  readonly insertLinked: (position: number, eventId: string) => Effect.Effect<void, unknown>
  /** Makes the database refuse any insert of an event of `type` (undefined: the store cannot). */
  readonly failInsertsOfType: ((type: string) => Effect.Effect<void, unknown>) | undefined
  /** Overwrites a stored Merkle node (its `Merkle.nodeKey`). */
  readonly setNode: (key: number, hash: string) => Effect.Effect<void, unknown>
  /**
   * What an attacker who knows the chain does: changes an event's data and recomputes its content
   * hash, the chain from it on and the head, so that the chain alone verifies.
   */
  readonly rewriteEvent: (position: number, data: unknown) => Effect.Effect<void, unknown>
  /** Every stored row, in position order, as stored. */
  readonly storedRows: Effect.Effect<ReadonlyArray<LogRow>, unknown>
  /** Raw SQL, for the SQL stores. */
  readonly sql: SqlClient.SqlClient | undefined
}

/** The chain recomputed from `rows[from]` on, with `rows[from]`'s data replaced. */
export const rewritten = (rows: ReadonlyArray<LogRow>, from: number, data: unknown): Array<LogRow> => {
  const out: Array<LogRow> = []
  let prev = rows[from].prevHash
  for (let i = from; i < rows.length; i++) {
    const row = i === from ? { ...rows[i], dataJson: Hashing.canonicalJson(data) } : rows[i]
    const contentHash = Hashing.contentHash({
      streamId: row.streamId,
      version: row.version,
      eventId: row.eventId,
      type: row.type,
      schemaVersion: row.schemaVersion,
      data: JSON.parse(row.dataJson),
      metadata: JSON.parse(row.metadataJson),
      occurredAt: new Date(row.occurredAt),
      recordedAt: new Date(row.recordedAt)
    })
    const hash = Hashing.link(prev, contentHash)
    out.push({ ...row, contentHash, prevHash: prev, hash })
    prev = hash
  }
  return out
}

/** A forged row linked after `before` (its hash and time), on a stream of its own. */
export const forgedAfter = (
  before: { readonly hash: string; readonly metadataJson: string; readonly recordedAt: string },
  position: number,
  eventId: string
): StoredRow => {
  const content = {
    streamId: "forged-stream",
    version: 1,
    eventId,
    type: "Forged",
    schemaVersion: 1,
    data: { forged: true },
    metadata: JSON.parse(before.metadataJson),
    occurredAt: new Date(before.recordedAt),
    recordedAt: new Date(before.recordedAt)
  }
  const contentHash = Hashing.contentHash(content)
  return {
    position,
    streamId: content.streamId,
    version: 1,
    eventId,
    type: content.type,
    schemaVersion: 1,
    dataJson: Hashing.canonicalJson(content.data),
    metadataJson: Hashing.canonicalJson(content.metadata),
    occurredAt: before.recordedAt,
    recordedAt: before.recordedAt,
    contentHash,
    prevHash: before.hash,
    hash: Hashing.link(before.hash, contentHash)
  }
}

export class RawLog extends Context.Tag("test/RawLog")<RawLog, RawLogService>() {}

export const layerSql: Layer.Layer<RawLog, never, SqlClient.SqlClient> = Layer.effect(
  RawLog,
  Effect.map(SqlClient.SqlClient, (sql) => {
    // What whoever bypasses the database's refusal does first (PostgreSQL: the table's owner).
    const dropTriggers = sql.onDialectOrElse({
      pg: () => Effect.asVoid(sql.unsafe(`ALTER TABLE events DISABLE TRIGGER events_append_only`)),
      orElse: () =>
        Effect.asVoid(
          Effect.all([
            sql.unsafe(`DROP TRIGGER IF EXISTS events_no_update`),
            sql.unsafe(`DROP TRIGGER IF EXISTS events_no_delete`),
            sql.unsafe(`DROP TRIGGER IF EXISTS events_merkle_block`)
          ])
        )
    })
    const tamper = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.asVoid(Effect.zipRight(dropTriggers, self))
    const dropTreeTriggers = sql.onDialectOrElse({
      pg: () =>
        Effect.asVoid(
          Effect.zipRight(
            sql.unsafe(`ALTER TABLE merkle_nodes DISABLE TRIGGER merkle_nodes_append_only`),
            sql.unsafe(`ALTER TABLE event_log_head DISABLE TRIGGER event_log_head_forward`)
          )
        ),
      orElse: () =>
        Effect.asVoid(
          Effect.all([
            sql.unsafe(`DROP TRIGGER IF EXISTS merkle_nodes_no_update`),
            sql.unsafe(`DROP TRIGGER IF EXISTS event_log_head_forward`)
          ])
        )
    })
    const dialect = Dialect.make(sql)
    const storedRows = Effect.map(
      sql<EventRows.StoredColumns>`SELECT ${sql.literal(dialect.storedColumns)} FROM events ORDER BY position`,
      (rows) => rows.map(EventRows.toStoredRow)
    )
    return RawLog.of({
      sql,
      storedRows,
      setNode: (key, hash) =>
        Effect.asVoid(
          Effect.zipRight(dropTreeTriggers, sql`UPDATE merkle_nodes SET hash = ${hash} WHERE node = ${key}`)
        ),
      rewriteEvent: (position, data) =>
        tamper(
          Effect.gen(function* () {
            yield* dropTreeTriggers
            const rows = yield* storedRows
            const changed = rewritten(rows, position - 1, data)
            for (const row of changed) {
              yield* sql.onDialectOrElse({
                pg: () => sql`UPDATE events SET data = ${row.dataJson}::jsonb, content_hash = ${row.contentHash},
                  prev_hash = ${row.prevHash}, hash = ${row.hash} WHERE position = ${row.position}`,
                orElse: () => sql`UPDATE events SET data = ${row.dataJson}, content_hash = ${row.contentHash},
                  prev_hash = ${row.prevHash}, hash = ${row.hash} WHERE position = ${row.position}`
              })
            }
            const last = changed[changed.length - 1]
            yield* sql`UPDATE event_log_head SET hash = ${last.hash} WHERE id = 1`
          })
        ),
      setData: (position, data) =>
        tamper(
          sql`UPDATE events SET data = ${JSON.stringify(data)} WHERE position = ${position}`.pipe(
            Effect.catchAll(
              () => sql`UPDATE events SET data = ${JSON.stringify(data)}::jsonb WHERE position = ${position}`
            )
          )
        ),
      setHash: (position, hash) => tamper(sql`UPDATE events SET hash = ${hash} WHERE position = ${position}`),
      deleteRow: (position) => tamper(sql`DELETE FROM events WHERE position = ${position}`),
      setRawColumn: (position, column, value) =>
        tamper(
          sql.onDialectOrElse({
            pg: () => sql`UPDATE events SET ${sql(column)} = ${value}::jsonb WHERE position = ${position}`,
            orElse: () => sql`UPDATE events SET ${sql(column)} = ${value} WHERE position = ${position}`
          })
        ),
      insertCopy: (of, position, eventId) =>
        tamper(sql`
          INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                              occurred_at, recorded_at, content_hash, prev_hash, hash)
          SELECT ${position}, stream_id, version + 1, ${eventId}, type, schema_version, data, metadata,
                 occurred_at, recorded_at, content_hash, hash, hash
          FROM events WHERE position = ${of}`),
      swapRows: (a, b) =>
        tamper(
          Effect.all(
            [
              sql`UPDATE events SET position = -1 WHERE position = ${a}`,
              sql`UPDATE events SET position = ${a} WHERE position = ${b}`,
              sql`UPDATE events SET position = ${b} WHERE position = -1`
            ],
            { discard: true }
          )
        ),
      insertLinked: (position, eventId) =>
        tamper(
          Effect.gen(function* () {
            const [before] = yield* sql<{ hash: string; metadata: string; recorded_at: string }>`
              SELECT hash, ${sql.literal(
                sql.onDialectOrElse({
                  pg: () =>
                    `metadata::text AS metadata, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`,
                  orElse: () => "metadata, recorded_at"
                })
              )} FROM events WHERE position = ${position - 1}`
            const row = forgedAfter(
              { hash: before.hash, metadataJson: before.metadata, recordedAt: before.recorded_at },
              position,
              eventId
            )
            yield* sql`UPDATE events SET position = -position - 1 WHERE position >= ${position}`
            yield* sql`UPDATE events SET position = -position WHERE position < 0`
            yield* sql`INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                occurred_at, recorded_at, content_hash, prev_hash, hash)
              VALUES (${position}, ${row.streamId}, 1, ${eventId}, ${row.type}, 1, ${row.dataJson}, ${row.metadataJson},
                ${row.occurredAt}, ${row.recordedAt}, ${row.contentHash}, ${row.prevHash}, ${row.hash})`
          })
        ),
      failInsertsOfType: (type) =>
        sql.onDialectOrElse({
          pg: () =>
            Effect.asVoid(
              Effect.zipRight(
                sql.unsafe(`CREATE FUNCTION refuse_event_type() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN
                    IF NEW.type = '${type}' THEN RAISE EXCEPTION 'injected failure for %', NEW.type; END IF;
                    RETURN NEW;
                  END $$`),
                sql.unsafe(
                  `CREATE TRIGGER refuse_event_type BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event_type()`
                )
              )
            ),
          orElse: () =>
            Effect.asVoid(
              sql.unsafe(`CREATE TRIGGER refuse_event_type BEFORE INSERT ON events
                WHEN NEW.type = '${type}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
            )
        })
    })
  })
)

/** The memory store with raw access to its rows. */
export const layerMemory = (
  options: MemoryEventStore.Options = {}
): Layer.Layer<EventStore | LogAudit | LogTransfer | RawLog> =>
  Layer.effectContext(
    Effect.map(MemoryEventStore.make(MemoryDatabase.make(), options), ({ audit, nodes, rows, store, transfer }) => {
      const at = (position: number) => rows.findIndex((row) => row.position === position)
      const raw: RawLogService = {
        sql: undefined,
        storedRows: Effect.sync(() => rows.map((row) => ({ ...row }))),
        setNode: (key, hash) => Effect.sync(() => void nodes.set(key, hash)),
        rewriteEvent: (position, data) =>
          Effect.sync(() => {
            const from = at(position)
            rewritten(rows, from, data).forEach((row, i) => (rows[from + i] = row))
          }),
        setData: (position, data) =>
          Effect.sync(() => {
            const i = at(position)
            rows[i] = { ...rows[i], dataJson: JSON.stringify(data) }
          }),
        setHash: (position, hash) =>
          Effect.sync(() => {
            const i = at(position)
            rows[i] = { ...rows[i], hash }
          }),
        deleteRow: (position) => Effect.sync(() => void rows.splice(at(position), 1)),
        setRawColumn: (position, column, value) =>
          Effect.sync(() => {
            const i = at(position)
            rows[i] = { ...rows[i], [column]: value }
          }),
        insertCopy: (of, position, eventId) =>
          Effect.sync(() => {
            const row = rows[at(of)]
            rows.push({ ...row, position, version: row.version + 1, eventId, prevHash: row.hash })
          }),
        swapRows: (a, b) =>
          Effect.sync(() => {
            const [i, j] = [at(a), at(b)]
            const first = rows[i]
            rows[i] = { ...rows[j], position: a }
            rows[j] = { ...first, position: b }
          }),
        insertLinked: (position, eventId) =>
          Effect.sync(() => {
            const i = at(position)
            const forged = forgedAfter(rows[i - 1], position, eventId)
            for (let k = i; k < rows.length; k++) rows[k] = { ...rows[k], position: rows[k].position + 1 }
            rows.splice(i, 0, forged)
          }),
        failInsertsOfType: undefined
      }
      return Context.make(EventStore, store).pipe(
        Context.add(LogAudit, audit),
        Context.add(LogTransfer, transfer),
        Context.add(RawLog, raw)
      )
    })
  )
