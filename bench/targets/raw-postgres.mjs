// raw:postgres: pg, one prepared statement per append, keyset pages of 1,000 for read all.
import pg from "pg"
import { Conflict } from "../lib/workloads.mjs"
import { PG_URL, freshSchemaName, urlWithSchema } from "../lib/env.mjs"

const SCHEMA = `
CREATE TABLE events (
  position bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  version integer NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, version)
)`

const APPEND = {
  name: "append",
  text: `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at)
SELECT $1, $2::int + t.ord::int, t.event_id, t.type, t.schema_version, t.data, $3::jsonb, t.occurred_at
FROM unnest($4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::timestamptz[])
  WITH ORDINALITY AS t(event_id, type, schema_version, data, occurred_at, ord)
WHERE coalesce((SELECT max(version) FROM events WHERE stream_id = $1), 0) = $2`
}
const IMPORT = {
  name: "import",
  text: `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, occurred_at)
SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])`
}
const READ_STREAM = {
  name: "read_stream",
  text: "SELECT position, version, event_id, type, data, metadata FROM events WHERE stream_id = $1 ORDER BY version"
}
const PAGE = {
  name: "page",
  text: "SELECT position, stream_id, version, event_id, type, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT 1000"
}
const MAX_VERSION = {
  name: "max_version",
  text: "SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = $1"
}

// bigint positions as numbers (they stay far below 2^53 here)
pg.types.setTypeParser(20, (v) => Number(v))

const conn = (client) => ({
  client,
  append: async (streamId, expected, events, metadata) => {
    try {
      const r = await client.query({
        ...APPEND,
        values: [
          streamId,
          expected,
          JSON.stringify(metadata),
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => e.occurredAt.toISOString())
        ]
      })
      if (r.rowCount !== events.length) {
        const actual = (await client.query({ ...MAX_VERSION, values: [streamId] })).rows[0].v
        throw new Conflict(streamId, expected, actual)
      }
      return expected + events.length
    } catch (e) {
      if (e?.code === "23505" && String(e.constraint ?? "").includes("stream_id"))
        throw new Conflict(streamId, expected, undefined)
      throw e
    }
  },
  readStream: async (streamId) => (await client.query({ ...READ_STREAM, values: [streamId] })).rows
})

export const make = () => {
  const schema = freshSchemaName("raw")
  const url = urlWithSchema(schema)
  let admin
  let main
  const extra = []
  return {
    setup: async () => {
      admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.query(`CREATE SCHEMA ${schema}`)
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(SCHEMA)
      main = conn(c)
    },
    teardown: async () => {
      for (const c of extra) await c.client.end().catch(() => {})
      await main.client.end()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    },
    append: (...a) => main.append(...a),
    importBatch: async (groups) => {
      const cols = [[], [], [], [], [], [], [], []]
      for (const g of groups) {
        const meta = JSON.stringify(g.metadata)
        g.events.forEach((e, i) => {
          cols[0].push(g.streamId)
          cols[1].push(g.expectedVersion + i + 1)
          cols[2].push(e.eventId)
          cols[3].push(e.type)
          cols[4].push(e.schemaVersion)
          cols[5].push(JSON.stringify(e.data))
          cols[6].push(meta)
          cols[7].push(e.occurredAt.toISOString())
        })
      }
      // one statement is one transaction; the unique (stream_id, version) guards the versions
      await main.client.query({ ...IMPORT, values: cols })
    },
    readStream: (s) => main.readStream(s),
    readAll: async (visit) => {
      let after = 0
      for (;;) {
        const { rows } = await main.client.query({ ...PAGE, values: [after] })
        for (const r of rows)
          visit({
            position: r.position,
            streamId: r.stream_id,
            version: r.version,
            eventId: r.event_id,
            type: r.type,
            data: r.data,
            metadata: r.metadata
          })
        if (rows.length < 1000) break
        after = rows[rows.length - 1].position
      }
    },
    writers: async (k) => {
      const ws = []
      for (let i = 0; i < k; i++) {
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        const w = conn(c)
        extra.push(w)
        ws.push({ append: w.append, readStream: w.readStream, close: async () => {} })
      }
      return ws
    }
  }
}
