// raw:sqlite / raw:sqlite-normal: better-sqlite3, WAL, the simplest correct SQL.
import Database from "better-sqlite3"
import { Conflict } from "../lib/workloads.mjs"
import { freshSqliteFile, removeSqliteFile } from "../lib/env.mjs"

const SCHEMA = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, version)
)`

const open = (file, synchronous) => {
  const db = new Database(file)
  db.pragma("journal_mode = WAL")
  db.pragma(`synchronous = ${synchronous}`)
  db.pragma("busy_timeout = 10000")
  return db
}

const conn = (db) => {
  const maxVersion = db.prepare("SELECT max(version) AS v FROM events WHERE stream_id = ?").pluck()
  const insert = db.prepare(
    "INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const begin = db.prepare("BEGIN IMMEDIATE")
  const commit = db.prepare("COMMIT")
  const rollback = db.prepare("ROLLBACK")
  const readStream = db.prepare(
    "SELECT position, version, event_id, type, data, metadata FROM events WHERE stream_id = ? ORDER BY version"
  )
  const insertEvents = (streamId, from, events, metadata) => {
    const meta = JSON.stringify(metadata)
    const recordedAt = new Date().toISOString()
    for (let i = 0; i < events.length; i++) {
      const e = events[i]
      insert.run(
        streamId,
        from + i + 1,
        e.eventId,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        meta,
        e.occurredAt.toISOString(),
        recordedAt
      )
    }
  }
  return {
    db,
    append: async (streamId, expected, events, metadata) => {
      begin.run()
      try {
        const actual = maxVersion.get(streamId) ?? 0
        if (actual !== expected) throw new Conflict(streamId, expected, actual)
        insertEvents(streamId, expected, events, metadata)
        commit.run()
        return expected + events.length
      } catch (e) {
        if (db.inTransaction) rollback.run()
        throw e
      }
    },
    importBatch: async (groups) => {
      begin.run()
      try {
        for (const g of groups) {
          const actual = maxVersion.get(g.streamId) ?? 0
          if (actual !== g.expectedVersion) throw new Conflict(g.streamId, g.expectedVersion, actual)
          insertEvents(g.streamId, g.expectedVersion, g.events, g.metadata)
        }
        commit.run()
      } catch (e) {
        if (db.inTransaction) rollback.run()
        throw e
      }
    },
    readStream: async (streamId) =>
      readStream.all(streamId).map((r) => ({
        position: r.position,
        version: r.version,
        eventId: r.event_id,
        type: r.type,
        data: JSON.parse(r.data),
        metadata: JSON.parse(r.metadata)
      }))
  }
}

export const make = ({ synchronous }) => {
  let file
  let main
  const extra = []
  return {
    setup: async () => {
      file = freshSqliteFile(`raw-sqlite-${synchronous.toLowerCase()}`)
      const db = open(file, synchronous)
      db.exec(SCHEMA)
      main = conn(db)
    },
    teardown: async () => {
      for (const c of extra) c.db.open && c.db.close()
      main.db.close()
      removeSqliteFile(file)
    },
    append: (...a) => main.append(...a),
    importBatch: (g) => main.importBatch(g),
    readStream: (s) => main.readStream(s),
    readAll: async (visit) => {
      const page = main.db.prepare(
        "SELECT position, stream_id, version, event_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 1000"
      )
      let after = 0
      for (;;) {
        const rows = page.all(after)
        for (const r of rows)
          visit({
            position: r.position,
            streamId: r.stream_id,
            version: r.version,
            eventId: r.event_id,
            type: r.type,
            data: JSON.parse(r.data),
            metadata: JSON.parse(r.metadata)
          })
        if (rows.length < 1000) break
        after = rows[rows.length - 1].position
      }
    },
    writers: async (k) =>
      Array.from({ length: k }, () => {
        const c = conn(open(file, synchronous))
        extra.push(c)
        return { append: c.append, readStream: c.readStream, close: async () => c.db.close() }
      })
  }
}
