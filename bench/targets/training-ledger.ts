// training-ledger:sqlite / :sqlite-normal / :postgres. Each workload is ONE Effect program
// (one Effect.runPromise at the top), against the EventStore port and, for W6..W8, the Ledger.
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { existsSync, statSync } from "node:fs"
import pg from "pg"
import { EventStore, type NewEvent, type EventMetadata } from "../../src/ports/EventStore.ts"
import { LogAudit } from "../../src/ports/LogAudit.ts"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Migrations from "../../src/adapters/sql/Migrations.ts"
import * as Sqlite from "../../src/adapters/sql/Sqlite.ts"
import * as SqlStores from "../../src/adapters/sql/SqlStores.ts"
import * as Postgres from "../../src/adapters/sql/Postgres.ts"
import { EVENTS_PER_STREAM, W5, checkW5, generate, latencyStats, prng, readPlan, w5Command } from "../lib/data.mjs"
import { PG_URL, freshSchemaName, freshSqliteFile, removeSqliteFile, urlWithSchema } from "../lib/env.mjs"
import { importBatches } from "../lib/workloads.mjs"
import { startTimed, stopTimed } from "../lib/profile.mjs"

export const timedStart = Effect.promise(() => startTimed())
export const timedStop = Effect.promise(() => stopTimed())

export type Db = "sqlite" | "sqlite-normal" | "postgres" | "sqlite-notree" | "postgres-notree"

export interface Result {
  readonly events_per_s: number
  readonly appends_per_s?: number
  readonly reads_per_s?: number
  readonly p50_ms?: number
  readonly p99_ms?: number
  readonly ok: boolean
  readonly reason?: string
  readonly [extra: string]: unknown
}

const now = () => performance.now()

/**
 * The `-notree` variants: the schema without migration 0005 (no Merkle tree, no trigger), the
 * store opened without migrating; the baseline of the "W1 with the tree vs without" ratio.
 */
const withoutTree = <E, R>(client: Layer.Layer<SqlClient.SqlClient, E, R>, sqliteFile?: Sqlite.Options) => {
  const { "0005_merkle_tree": _, ...before } = Migrations.migrations
  return SqlStores.layer({ migrate: false, sqliteFile }).pipe(
    Layer.provide(Layer.effectDiscard(Migrations.migrate(before))),
    Layer.provideMerge(client)
  )
}

/** A fresh database for one run: the store's layer and a cleanup. */
export const freshDatabase = async (db: Db, name: string) => {
  if (db === "postgres" || db === "postgres-notree") {
    const schema = freshSchemaName(`tl_${name}${db === "postgres" ? "" : "_nt"}`)
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = urlWithSchema(schema)
    return {
      layer: db === "postgres" ? Postgres.layer({ url }) : withoutTree(Postgres.layerClient({ url })),
      target: url,
      /** Bytes on disk of the log's tables (events and merkle_nodes, with their indexes and TOAST). */
      sizeOnDisk: async (): Promise<Record<string, number>> => {
        const { rows } = await admin.query(
          `SELECT pg_total_relation_size('${schema}.events')::bigint AS events,
                  pg_total_relation_size('${schema}.merkle_nodes')::bigint AS merkle_nodes`
        )
        const events = Number(rows[0].events)
        const merkle = Number(rows[0].merkle_nodes)
        return { total: events + merkle, events, merkle_nodes: merkle }
      },
      cleanup: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
      }
    }
  }
  const filename = freshSqliteFile(`tl-${db}-${name}`)
  const synchronous = db === "sqlite-normal" ? "NORMAL" : "FULL"
  return {
    layer:
      db === "sqlite-notree"
        ? withoutTree(Sqlite.layerClient({ filename, synchronous }), { filename, synchronous })
        : Sqlite.layer({ filename, synchronous }),
    target: filename,
    /** Bytes on disk of the database file and its write-ahead log. */
    sizeOnDisk: async (): Promise<Record<string, number>> => {
      const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)
      const file = size(filename)
      const wal = size(`${filename}-wal`)
      return { total: file + wal, file, wal }
    },
    cleanup: async () => removeSqliteFile(filename)
  }
}

export const toNew = (e: any): NewEvent => ({
  eventId: e.eventId,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  occurredAt: e.occurredAt
})

type Append = { streamId: string; expectedVersion: number; events: ReadonlyArray<NewEvent>; metadata: EventMetadata }

/**
 * The fill before W3 and W4 (not timed): the same events in the same order as W2, but at most 50
 * requests per `appendMany` (the PostgreSQL append function's cost grows with the square of the
 * requests in one call; see bench/README.md).
 */
const fill = (batches: ReadonlyArray<ReadonlyArray<Append>>) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    for (const b of batches) for (let i = 0; i < b.length; i += 50) yield* store.appendMany(b.slice(i, i + 50))
  })

/** W2: the import path as it is, 1,000 events per `appendMany`. */
const importAll = (batches: ReadonlyArray<ReadonlyArray<Append>>) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    for (const b of batches) yield* store.appendMany(b)
  })

const w1 = (appends: ReadonlyArray<Append>, total: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const lat = new Float64Array(appends.length)
    yield* timedStart
    const t0 = now()
    for (let i = 0; i < appends.length; i++) {
      const a = appends[i]
      const s = now()
      yield* store.append(a.streamId, a.expectedVersion, a.events, a.metadata)
      lat[i] = now() - s
    }
    const secs = (now() - t0) / 1000
    yield* timedStop
    const a0 = appends[0]
    const stale = yield* Effect.either(
      store.append(
        a0.streamId,
        a0.expectedVersion,
        [{ ...a0.events[0], eventId: "00000000-0000-4000-8000-000000000001" }],
        a0.metadata
      )
    )
    const staleRejected = Either.isLeft(stale) && stale.left._tag === "StreamVersionConflict"
    return {
      events_per_s: total / secs,
      appends_per_s: appends.length / secs,
      ...latencyStats(lat),
      ok: staleRejected,
      ...(staleRejected ? {} : { reason: "a stale expected version was not rejected" })
    } satisfies Result
  })

const countAll = Effect.flatMap(EventStore, (store) => Stream.runCount(store.readAll({ batchSize: 1000 })))

const w2 = (batches: ReadonlyArray<ReadonlyArray<Append>>, total: number) =>
  Effect.gen(function* () {
    yield* timedStart
    const t0 = now()
    yield* importAll(batches)
    const secs = (now() - t0) / 1000
    yield* timedStop
    const count = yield* countAll
    return {
      events_per_s: total / secs,
      ok: count === total,
      ...(count === total ? {} : { reason: `stored ${count}` })
    } satisfies Result
  })

const w3 = (batches: ReadonlyArray<ReadonlyArray<Append>>, data: ReturnType<typeof generate>) =>
  Effect.gen(function* () {
    yield* fill(batches)
    const store = yield* EventStore
    yield* timedStart
    const t0 = now()
    const acc = yield* Stream.runFold(
      store.readAll({ batchSize: 1000 }),
      { perStream: new Map<string, number>(), sum: 0, count: 0, last: 0, ordered: true },
      (acc, e) => {
        acc.perStream.set(e.streamId, (acc.perStream.get(e.streamId) ?? 0) + 1)
        acc.sum += (e.data as any).score
        acc.count++
        if (e.position <= acc.last) acc.ordered = false
        acc.last = e.position
        return acc
      }
    )
    const secs = (now() - t0) / 1000
    yield* timedStop
    let ok =
      acc.ordered && acc.count === data.total && acc.sum === data.scoreSum && acc.perStream.size === data.nStreams
    for (const c of acc.perStream.values()) if (c !== EVENTS_PER_STREAM) ok = false
    return {
      events_per_s: acc.count / secs,
      ok,
      ...(ok
        ? {}
        : { reason: `count ${acc.count}/${data.total} sum ${acc.sum}/${data.scoreSum} ordered ${acc.ordered}` })
    } satisfies Result
  })

const w4 = (batches: ReadonlyArray<ReadonlyArray<Append>>, nStreams: number) =>
  Effect.gen(function* () {
    yield* fill(batches)
    const store = yield* EventStore
    const plan = readPlan(nStreams)
    const lat = new Float64Array(plan.length)
    let events = 0
    let ok = true
    yield* timedStart
    const t0 = now()
    for (let i = 0; i < plan.length; i++) {
      const s = now()
      // The port's array read (what the Ledger's load uses), not a Stream per read.
      const evs = yield* store.readStreamArray(plan[i])
      lat[i] = now() - s
      events += evs.length
      if (
        evs.length !== EVENTS_PER_STREAM ||
        evs[evs.length - 1].version !== EVENTS_PER_STREAM ||
        typeof (evs[0].data as any).score !== "number"
      )
        ok = false
    }
    const secs = (now() - t0) / 1000
    yield* timedStop
    return { events_per_s: events / secs, reads_per_s: plan.length / secs, ...latencyStats(lat), ok } satisfies Result
  })

const w5 = Effect.gen(function* () {
  const store = yield* EventStore
  const acked = new Set<string>()
  let conflicts = 0
  let gaveUp = 0
  let errors = 0
  const errorSamples: Array<string> = []
  const lat: Array<number> = []
  // After a conflict only the events since the version this writer knew are read (what a command
  // handler folds onto the state it has; the Ledger's retry does the same).
  const lastVersion = (streamId: string, known = 0) =>
    store
      .readStreamArray(streamId, { fromVersion: known + 1 })
      .pipe(Effect.map((evs) => (evs.length === 0 ? known : evs[evs.length - 1].version)))
  const writer = (wi: number) =>
    Effect.gen(function* () {
      const rand = prng(1000 + wi)
      const known = new Map<string, number>()
      for (let i = 0; i < W5.commandsPerWriter; i++) {
        const cmd = w5Command(rand, wi, i)
        if (!known.has(cmd.streamId)) known.set(cmd.streamId, yield* lastVersion(cmd.streamId))
        const s = now()
        let done = false
        for (let attempt = 0; attempt <= W5.maxRetries && !done; attempt++) {
          const r = yield* Effect.either(
            store.append(cmd.streamId, known.get(cmd.streamId)!, [cmd.event], cmd.metadata)
          )
          if (Either.isRight(r)) {
            known.set(cmd.streamId, r.right.version)
            acked.add(cmd.commandId)
            done = true
          } else {
            if (r.left._tag === "StreamVersionConflict") conflicts++
            else {
              errors++
              if (errorSamples.length < 3) errorSamples.push(r.left.message)
            }
            known.set(cmd.streamId, yield* lastVersion(cmd.streamId, known.get(cmd.streamId)))
          }
        }
        if (!done) gaveUp++
        lat.push(now() - s)
      }
    })
  yield* timedStart
  const t0 = now()
  yield* Effect.forEach(
    Array.from({ length: W5.writers }, (_, i) => i),
    writer,
    { concurrency: "unbounded", discard: true }
  )
  const secs = (now() - t0) / 1000
  yield* timedStop
  const rows: Array<{ streamId: string; version: number; position: number; commandId: string }> = []
  yield* Stream.runForEach(store.readAll({ batchSize: 1000 }), (e) =>
    Effect.sync(() =>
      rows.push({
        streamId: e.streamId,
        version: e.version,
        position: e.position,
        commandId: (e.data as any).commandId
      })
    )
  )
  const check = checkW5(rows, acked, { gapFree: true })
  const verify = yield* (yield* LogAudit).verify()
  const ok = check.ok && verify._tag === "Intact"
  const problems = [
    ...check.problems,
    ...(verify._tag === "Intact" ? [] : [`verify: Broken at ${verify.position}: ${verify.reason}`])
  ]
  return {
    events_per_s: acked.size / secs,
    appends_per_s: acked.size / secs,
    ...latencyStats(lat),
    ok,
    acknowledged: acked.size,
    conflicts,
    gave_up: gaveUp,
    errors,
    verify: verify._tag,
    ...(errorSamples.length ? { error_samples: errorSamples } : {}),
    ...(ok ? {} : { reason: problems.join("; ") })
  } satisfies Result
})

const toAppends = (groups: ReadonlyArray<any>): Array<Append> =>
  groups.map((g) => ({
    streamId: g.streamId,
    expectedVersion: g.expectedVersion,
    events: g.events.map(toNew),
    metadata: g.metadata
  }))

export const run = async (db: Db, workload: string, n: number): Promise<Result> => {
  if (workload === "MEM") {
    const { runMemory } = await import("./training-ledger-memory.ts")
    return runMemory(db, n)
  }
  if (workload === "W6" || workload === "W7" || workload === "W8") {
    const { runLedgerWorkload } = await import("./training-ledger-ledger.ts")
    return runLedgerWorkload(db, workload, n)
  }
  const data = generate(n)
  // Only what the workload uses is built: a second and third copy of the data set (the appends
  // and the import batches, held through W1) were most of the gap between its peak RSS and raw's.
  const batches = () => importBatches(data.events).map(toAppends)
  const program = (() => {
    switch (workload) {
      case "W1":
        return w1(toAppends(data.appends), data.total)
      case "W2":
        return w2(batches(), data.total)
      case "W3":
        return w3(batches(), data)
      case "W4":
        return w4(batches(), data.nStreams)
      case "W5":
        return w5
      default:
        throw new Error(`unknown workload ${workload}`)
    }
  })()
  const { layer, cleanup } = await freshDatabase(db, workload)
  try {
    return await Effect.runPromise(
      Effect.provide(program as Effect.Effect<Result, unknown, EventStore>, layer as Layer.Layer<EventStore, unknown>)
    )
  } finally {
    await cleanup()
  }
}
