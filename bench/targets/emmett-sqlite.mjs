// emmett:sqlite: @event-driven-io/emmett-sqlite with one long-lived connection (its default opens
// one per operation), WAL (its own setting) and synchronous FULL (set here, as for raw:sqlite).
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection } from "@event-driven-io/emmett-sqlite"
import { Conflict } from "../lib/workloads.mjs"
import { freshSqliteFile, removeSqliteFile } from "../lib/env.mjs"

// emmett-sqlite bundles its own copy of emmett's error classes: match by name and message
const isConflict = (e) =>
  /ExpectedVersionConflictError/.test(e?.constructor?.name ?? "") ||
  /^Expected version .* does not match current/.test(e?.message ?? "")

const quietly = async (f) => {
  // emmett's withTransaction console.logs every error it rethrows (a conflict included)
  const log = console.log
  console.log = () => {}
  try {
    return await f()
  } finally {
    console.log = log
  }
}

const openStore = async (file) => {
  const connection = sqliteConnection({ fileName: file })
  await connection.command("PRAGMA synchronous = FULL")
  await connection.command("PRAGMA busy_timeout = 10000")
  const store = getSQLiteEventStore({ fileName: file, connectionOptions: { singleton: true, connection } })
  return { connection, store }
}

const toEmmett = (events, metadata) => events.map((e) => ({ type: e.type, data: e.data, metadata }))

const api = ({ store }) => ({
  append: async (streamId, expected, events, metadata) => {
    try {
      const r = await quietly(() =>
        store.appendToStream(streamId, toEmmett(events, metadata), { expectedStreamVersion: BigInt(expected) })
      )
      return Number(r.nextExpectedStreamVersion)
    } catch (e) {
      if (isConflict(e)) throw new Conflict(streamId, expected, undefined)
      throw e
    }
  },
  readStream: async (streamId) => {
    const r = await store.readStream(streamId)
    return r.events.map((e) => ({
      version: e.metadata.streamPosition,
      position: e.metadata.globalPosition,
      data: e.data
    }))
  }
})

export const make = () => {
  let file
  let main
  const extra = []
  return {
    setup: async () => {
      file = freshSqliteFile("emmett-sqlite")
      main = await openStore(file)
      await main.store.schema.migrate()
      Object.assign(main, api(main))
    },
    teardown: async () => {
      for (const c of extra) c.connection.close()
      main.connection.close()
      removeSqliteFile(file)
    },
    append: (...a) => main.append(...a),
    // emmett has no multi-stream import: one appendToStream per stream of the batch
    importBatch: async (groups) => {
      for (const g of groups) await main.append(g.streamId, g.expectedVersion, g.events, g.metadata)
    },
    readStream: (s) => main.readStream(s),
    readAll: async (visit) => {
      let opts = { from: 0n, batchSize: 1000 }
      for (;;) {
        const r = await readMessagesBatch(main.connection, opts)
        for (const m of r.messages)
          visit({
            position: m.metadata.globalPosition,
            streamId: m.metadata.streamName,
            version: m.metadata.streamPosition,
            type: m.type,
            data: m.data,
            metadata: m.metadata
          })
        if (!r.areEventsLeft) break
        opts = { after: r.currentGlobalPosition, batchSize: 1000 }
      }
    },
    // W5: four connections, each with its own store
    writers: async (k) => {
      const ws = []
      for (let i = 0; i < k; i++) {
        const s = await openStore(file)
        extra.push(s)
        ws.push(api(s))
      }
      return ws
    }
  }
}
