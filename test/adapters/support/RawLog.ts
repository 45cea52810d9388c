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
import type { StoredRow } from "../../../src/adapters/log/Rows.js"
import { EventStore } from "../../../src/ports/EventStore.js"
import * as Hashing from "../../../src/ports/Hashing.js"
import { LogAudit } from "../../../src/ports/LogAudit.js"

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
  /** Raw SQL, for the SQL stores. */
  readonly sql: SqlClient.SqlClient | undefined
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
          Effect.zipRight(
            sql.unsafe(`DROP TRIGGER IF EXISTS events_no_update`),
            sql.unsafe(`DROP TRIGGER IF EXISTS events_no_delete`)
          )
        )
    })
    const tamper = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.asVoid(Effect.zipRight(dropTriggers, self))
    return RawLog.of({
      sql,
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
export const layerMemory = (options: MemoryEventStore.Options = {}): Layer.Layer<EventStore | LogAudit | RawLog> =>
  Layer.effectContext(
    Effect.map(MemoryEventStore.make(MemoryDatabase.make(), options), ({ audit, rows, store }) => {
      const at = (position: number) => rows.findIndex((row) => row.position === position)
      const raw: RawLogService = {
        sql: undefined,
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
      return Context.make(EventStore, store).pipe(Context.add(LogAudit, audit), Context.add(RawLog, raw))
    })
  )
