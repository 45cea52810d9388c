// emmett:postgres: @event-driven-io/emmett-postgresql with its own pool (dumbo over pg).
import { dumbo } from "@event-driven-io/dumbo"
import { getPostgreSQLEventStore, readMessagesBatch } from "@event-driven-io/emmett-postgresql"
import pg from "pg"
import { Conflict } from "../lib/workloads.mjs"
import { PG_URL, freshSchemaName, urlWithSchema } from "../lib/env.mjs"

const isConflict = (e) =>
  /ExpectedVersionConflictError/.test(e?.constructor?.name ?? "") ||
  /^Expected version .* does not match current/.test(e?.message ?? "")

export const make = () => {
  const schema = freshSchemaName("emmett")
  const url = urlWithSchema(schema)
  let admin
  let pool
  let store
  const append = async (streamId, expected, events, metadata) => {
    try {
      const r = await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata })),
        { expectedStreamVersion: BigInt(expected) }
      )
      return Number(r.nextExpectedStreamVersion)
    } catch (e) {
      if (isConflict(e)) throw new Conflict(streamId, expected, undefined)
      throw e
    }
  }
  const readStream = async (streamId) => {
    const r = await store.readStream(streamId)
    return r.events.map((e) => ({
      version: e.metadata.streamPosition,
      position: e.metadata.globalPosition,
      data: e.data
    }))
  }
  return {
    setup: async () => {
      admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.query(`CREATE SCHEMA ${schema}`)
      pool = dumbo({ connectionString: url })
      store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } })
      await store.schema.migrate()
    },
    teardown: async () => {
      await store.close?.()
      await pool.close?.()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    },
    append,
    // emmett has no multi-stream import: one appendToStream per stream of the batch
    importBatch: async (groups) => {
      for (const g of groups) await append(g.streamId, g.expectedVersion, g.events, g.metadata)
    },
    readStream,
    readAll: async (visit) => {
      let opts = { from: 0n, batchSize: 1000 }
      for (;;) {
        const r = await readMessagesBatch(pool.execute, opts)
        for (const m of r.messages)
          visit({
            position: m.metadata.globalPosition,
            streamId: m.metadata.streamName,
            version: m.metadata.streamPosition,
            type: m.type,
            data: m.data,
            metadata: m.metadata
          })
        if (!(r.areMessagesLeft ?? r.areEventsLeft)) break
        opts = { after: r.currentGlobalPosition, batchSize: 1000 }
      }
    },
    // W5's check reads the table itself, not through the batch reader (which orders by transaction id)
    scanAll: async (visit) => {
      const { rows } = await admin.query(
        `SELECT stream_id, stream_position, global_position, message_data FROM ${schema}.emt_messages`
      )
      for (const r of rows)
        visit({
          streamId: r.stream_id,
          version: Number(r.stream_position),
          position: r.global_position,
          data: r.message_data
        })
    },
    // W5: the four writers share the store and its pool
    writers: async (k) => Array.from({ length: k }, () => ({ append, readStream }))
  }
}
