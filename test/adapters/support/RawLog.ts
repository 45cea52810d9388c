/**
 * Raw access to a store's rows for the contract suite: tampering (what an attacker with database
 * access could do) and failure injection. Implemented with SQL for the SQL stores and over the rows
 * for the memory store.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { EventStoreService } from "../../../src/adapters/EventStore.js"
import { EventStore } from "../../../src/adapters/EventStore.js"
import * as MemoryEventStore from "../../../src/adapters/memory/MemoryEventStore.js"

export interface RawLogService {
  readonly setData: (position: number, data: unknown) => Effect.Effect<void, unknown>
  readonly setHash: (position: number, hash: string) => Effect.Effect<void, unknown>
  readonly deleteRow: (position: number) => Effect.Effect<void, unknown>
  /** Inserts a copy of the row at `of` as the next version of its stream, at `position`, with a new id. */
  readonly insertCopy: (of: number, position: number, eventId: string) => Effect.Effect<void, unknown>
  /** Makes the database refuse any insert of an event of `type` (undefined: the store cannot). */
  readonly failInsertsOfType: ((type: string) => Effect.Effect<void, unknown>) | undefined
  /** Raw SQL, for the SQL stores. */
  readonly sql: SqlClient.SqlClient | undefined
}

export class RawLog extends Context.Tag("test/RawLog")<RawLog, RawLogService>() {}

export const layerSql: Layer.Layer<RawLog, never, SqlClient.SqlClient> = Layer.effect(
  RawLog,
  Effect.map(SqlClient.SqlClient, (sql) =>
    RawLog.of({
      sql,
      setData: (position, data) =>
        sql`UPDATE events SET data = ${JSON.stringify(data)} WHERE position = ${position}`.pipe(
          Effect.catchAll(
            () => sql`UPDATE events SET data = ${JSON.stringify(data)}::jsonb WHERE position = ${position}`
          ),
          Effect.asVoid
        ),
      setHash: (position, hash) => Effect.asVoid(sql`UPDATE events SET hash = ${hash} WHERE position = ${position}`),
      deleteRow: (position) => Effect.asVoid(sql`DELETE FROM events WHERE position = ${position}`),
      insertCopy: (of, position, eventId) =>
        Effect.asVoid(sql`
          INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                              occurred_at, recorded_at, content_hash, prev_hash, hash)
          SELECT ${position}, stream_id, version + 1, ${eventId}, type, schema_version, data, metadata,
                 occurred_at, recorded_at, content_hash, hash, hash
          FROM events WHERE position = ${of}`),
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
  )
)

/** The memory store with raw access to its rows. */
export const layerMemory = (options: MemoryEventStore.Options = {}): Layer.Layer<EventStore | RawLog> =>
  Layer.effectContext(
    Effect.map(MemoryEventStore.makeInspectable(options), ({ rows, service }) => {
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
        insertCopy: (of, position, eventId) =>
          Effect.sync(() => {
            const row = rows[at(of)]
            rows.push({ ...row, position, version: row.version + 1, eventId, prevHash: row.hash })
          }),
        failInsertsOfType: undefined
      }
      return Context.make(EventStore, service as EventStoreService).pipe(Context.add(RawLog, raw))
    })
  )
