// W6..W8: training-ledger only (the domain, the Ledger and the read models).
import { type ChildProcess, spawn } from "node:child_process"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { LogAudit } from "../../src/ports/LogAudit.ts"
import { EventStore, NoStream, type AppendRequest, type EventMetadata } from "../../src/ports/EventStore.ts"
import * as Program from "../../src/domain/Program.ts"
import * as EventCodec from "../../src/events/EventCodec.ts"
import { deriveEventId } from "../../src/ledger/EventIds.ts"
import * as Requests from "../../src/ledger/Requests.ts"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.ts"
import * as Ledger from "../../src/ledger/Ledger.ts"
import * as Batch from "../../src/projections/Batch.ts"
import * as Catalog from "../../src/projections/Catalog.ts"
import * as Engine from "../../src/engine/Engine.ts"
import * as Fold from "../../src/engine/Fold.ts"
import { ProjectionStore } from "../../src/ports/ProjectionStore.ts"
import { latencyStats, makeData, makeMetadata, prng, uuid } from "../lib/data.mjs"
import * as Programs from "../lib/programs.ts"
import { freshDatabase, timedStart, timedStop, type Db, type Result } from "./training-ledger.ts"

const now = () => performance.now()
const PARTICIPANTS = 25
const SESSIONS = 20
// The Ledger checks the access policy: the program officer may record the setup and the attendance.
const actor = { id: "officer-1", role: "program-officer", facility: "LPCIP" }
// W6 decides without the Ledger and issues no certificate: no holder name is ever asked for.
const noHolders: Requests.Holders = { sealHolderName: () => Effect.dieMessage("W6 issues no certificate") }

/** Every built-in read model (program roster and summary, certificate register, attendance register, ...). */
const READ_MODELS = Catalog.builtIn

// ---------------------------------------------------------------------------------------------
// W6: a domain log of N events (programs like the founding case, decided by the pure decider and
// appended in bulk), then a rebuild of every read model: read all, decode, fold, and compute the
// rows each batch changed (the engine's own fold and batch, `engine/Fold.ts`); the rows are
// counted, not written (events_per_s). Then, untimed in the ratio but reported in `details`, the
// same rebuild into the SQL tables (the engine's catch-up from position 0, 1,000 events per commit).

const codec = EventCodec.make(Program.Event, Program.eventSchemaVersion)

/** The appends of one program: setup, then its attendance marks, cut at `budget` events. */
const programAppends = (p: number, budget: number, rand: () => number) =>
  Effect.gen(function* () {
    const codes = yield* VerificationCodes.VerificationCodes
    const pid = Programs.programId(p)
    const streamId = Program.streamId(pid)
    const commands = [...Programs.setup(pid, PARTICIPANTS, SESSIONS)]
    for (let j = 0; j < SESSIONS; j++) for (let i = 0; i < PARTICIPANTS; i++) commands.push(Programs.mark(pid, j, i))
    let state = Program.decider.initialState
    let version = 0
    const requests: Array<AppendRequest> = []
    for (const command of commands) {
      if (version >= budget) break
      const prepared = yield* Requests.prepare(command, codes, noHolders, state)
      const events = Either.getOrThrow(Program.decide(prepared.toDomain(1), state))
      for (const e of events) state = Program.decider.evolve(state, e)
      const commandId = uuid(rand)
      const metadata: EventMetadata = { actor, source: "user", commandId }
      requests.push({
        streamId,
        expectedVersion: version === 0 ? NoStream : version,
        events: events.map((e, i) => codec.encode(e, deriveEventId(commandId, streamId, i), prepared.occurredAt)),
        metadata
      })
      version += events.length
    }
    return { requests, events: version }
  })

const w6 = (n: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const rand = prng(66)
    // fill (not timed): whole programs, their appends in batches of about 1,000 events
    let total = 0
    let programs = 0
    let batch: Array<AppendRequest> = []
    let inBatch = 0
    while (total < n) {
      const { requests, events } = yield* programAppends(programs++, n - total, rand)
      total += events
      // one program's requests go in one appendMany only if each stream appears once per call:
      // merge the program's requests into one request per batch
      for (const r of requests) {
        batch.push(r)
        inBatch += r.events.length
      }
      if (inBatch >= 1000) {
        yield* appendSequentially(batch)
        batch = []
        inBatch = 0
      }
    }
    if (batch.length) yield* appendSequentially(batch)

    // the rebuild (timed)
    yield* timedStart
    const t0 = now()
    const members = READ_MODELS.map((p) => Fold.member(p, 100_000))
    let count = 0
    let rows = 0
    yield* store.readAll({ batchSize: 1000 }).pipe(
      Stream.runForEachChunk((chunk) =>
        Effect.gen(function* () {
          count += chunk.length
          const batch = Batch.make()
          yield* Fold.apply(store, members, () => 0, chunk, batch)
          for (const change of batch.changes(Fold.stateOf(members)))
            rows += change._tag === "delete" ? change.keys.length : change.rows.length
        })
      )
    )
    const secs = (now() - t0) / 1000
    yield* timedStop
    const programSummaries = members.find((m) => m.projection.name === "program-summary")!.cache.entries.size
    // the same rebuild into the tables (not in events_per_s)
    const t1 = now()
    const engine = yield* Engine.make({ inline: [] })
    yield* engine.catchUp()
    const intoTables = (now() - t1) / 1000
    const ok = count === total && programSummaries === programs
    return {
      events_per_s: count / secs,
      ok,
      programs,
      rows_per_rebuild: rows,
      rebuild_into_tables_events_per_s: count / intoTables,
      ...(ok ? {} : { reason: `folded ${count}/${total} events, ${programSummaries}/${programs} programs` })
    } satisfies Result
  }).pipe(Effect.scoped)

/** Requests of one stream must follow each other: append them as one request per stream run. */
const appendSequentially = (requests: ReadonlyArray<AppendRequest>) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    // merge consecutive requests of the same stream (their events, the first's expected version)
    const merged: Array<AppendRequest> = []
    for (const r of requests) {
      const last = merged[merged.length - 1]
      if (last && last.streamId === r.streamId)
        merged[merged.length - 1] = { ...last, events: [...last.events, ...r.events] }
      else merged.push(r)
    }
    yield* store.appendMany(merged)
  })

// ---------------------------------------------------------------------------------------------
// W7 and W8: Ledger.execute.

const context = (rand: () => number) => ({ actor, source: "user" as const, commandId: uuid(rand) })

const setupPrograms = (count: number, sessions: number, rand: () => number) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    for (let p = 0; p < count; p++)
      for (const c of Programs.setup(Programs.programId(p), PARTICIPANTS, sessions))
        yield* ledger.execute(c, context(rand))
  })

/** Events per `appendMany` of the W7 fill (100 per filler stream), the bulk path MEM uses too. */
const FILL_BATCH = Number(process.env.BENCH_W7_FILL_BATCH ?? 1000)
/** The W7 fill reports its progress on stderr every so many events (run.mjs passes it through). */
const FILL_PROGRESS = Number(process.env.BENCH_W7_PROGRESS ?? 1_000_000)
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20)

const fmtInt = (x: number) => Math.round(x).toLocaleString("en-US")

/**
 * Filler events on other streams, appended in bulk (`appendMany` of 1,000 events, 10 streams of
 * 100), generated batch by batch: never more than one batch in memory, whatever the target size.
 * Returns the events it appended and the seconds it took.
 */
const fillTo = (target: number, state: { stream: number; appended: number; secs: number }, rand: () => number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const head = yield* store.head()
    let position = head.position
    const day0 = new Date(Date.UTC(2024, 0, 8))
    const t0 = now()
    let tMark = t0
    let sinceMark = 0
    let appended = 0
    while (position < target) {
      const size = Math.min(FILL_BATCH, target - position)
      const requests: Array<AppendRequest> = []
      for (let left = size; left > 0; ) {
        const k = Math.min(100, left)
        const streamId = `filler-${String(state.stream++).padStart(6, "0")}`
        requests.push({
          streamId,
          expectedVersion: NoStream,
          events: Array.from({ length: k }, (_, i) => ({
            eventId: uuid(rand),
            type: "Filler",
            schemaVersion: 1,
            data: makeData(rand, streamId, i + 1),
            occurredAt: day0
          })),
          metadata: makeMetadata(rand)
        })
        left -= k
      }
      yield* store.appendMany(requests)
      position += size
      appended += size
      sinceMark += size
      // a line at every millionth event of the log, and at the end of a fill of a million or more
      const crossed = Math.floor(position / FILL_PROGRESS) > Math.floor((position - size) / FILL_PROGRESS)
      if (crossed || (position >= target && appended >= FILL_PROGRESS)) {
        const t = now()
        process.stderr.write(
          `[progress] W7 fill: ${fmtInt(position)}/${fmtInt(target)} events, ` +
            `${fmtInt(sinceMark / ((t - tMark) / 1000))} ev/s (last ${fmtInt(sinceMark)}), ` +
            `${fmtInt(appended / ((t - t0) / 1000))} ev/s since ${fmtInt(position - appended)}, ` +
            `${((t - t0) / 1000).toFixed(0)} s, RSS ${rssMb()} MB\n`
        )
        tMark = t
        sinceMark = 0
      }
    }
    const secs = (now() - t0) / 1000
    state.appended += appended
    state.secs += secs
    return { appended, secs }
  })

/**
 * The log sizes W7 measures at: BENCH_W7_SIZES (run.mjs --w7-sizes, e.g. "10000,10000000"),
 * else N/10, N and 10·N.
 */
const w7Sizes = (n: number): ReadonlyArray<number> => {
  const env = process.env.BENCH_W7_SIZES
  if (!env) return [n / 10, n, n * 10]
  const sizes = env.split(",").map((x) => Number(x.trim()))
  if (
    sizes.length < 1 ||
    sizes.length > SESSIONS ||
    sizes.some((x, i) => !Number.isInteger(x) || x <= 0 || (i > 0 && x <= sizes[i - 1]))
  )
    throw new Error(`BENCH_W7_SIZES: 1 to ${SESSIONS} increasing positive integers, not ${env}`)
  return sizes
}

const w7 = (n: number, sizeOnDisk: () => Promise<Record<string, number>>) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const rand = prng(77)
    const sizes = w7Sizes(n)
    yield* setupPrograms(2, SESSIONS, rand)
    const pid = Programs.programId(0)
    // Warm-up (not measured): 125 marks on the second program, so the first size's figures are
    // not those of a cold process (JIT, prepared statements, caches) against warm later ones.
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < PARTICIPANTS; i++)
        yield* ledger.execute(Programs.mark(Programs.programId(1), j, i), context(rand))
    const fill = { stream: 0, appended: 0, secs: 0 }
    const p50: Record<number, number> = {}
    const p99: Record<number, number> = {}
    const fillSecs: Record<number, number> = {}
    const fillRate: Record<number, number> = {}
    const perPhase = Math.floor(SESSIONS / sizes.length) // sessions marked per phase
    // The fill appends through the store, not the Ledger: the inline read models (roster,
    // certificate register) have not seen it. Caught up here in steps of 1,000 events (not timed),
    // as a deployment that imported the events would; else the first command after the fill
    // would fold the whole fill inside its append (in one array: about 1.4 GB of RSS at 1M).
    const engine = yield* Engine.make()
    const inlineNames = engine.inline.map((p) => p.name)
    const catchUpSecs: Record<number, number> = {}
    for (let k = 0; k < sizes.length; k++) {
      const { appended, secs } = yield* fillTo(sizes[k], fill, rand)
      fillSecs[sizes[k]] = Math.round(secs * 10) / 10
      if (appended > 0) fillRate[sizes[k]] = Math.round(appended / secs)
      const tc = now()
      yield* engine.catchUp(inlineNames)
      catchUpSecs[sizes[k]] = Math.round(((now() - tc) / 1000) * 10) / 10
      if (appended > 0)
        process.stderr.write(
          `[progress] W7 inline read models caught up: ${catchUpSecs[sizes[k]]} s, RSS ${rssMb()} MB\n`
        )
      const lat: Array<number> = []
      for (let j = k * perPhase; j < (k + 1) * perPhase; j++)
        for (let i = 0; i < PARTICIPANTS; i++) {
          const s = now()
          yield* ledger.execute(Programs.mark(pid, j, i), context(rand))
          lat.push(now() - s)
        }
      const st = latencyStats(lat)
      p50[sizes[k]] = st.p50_ms!
      p99[sizes[k]] = st.p99_ms!
      process.stderr.write(
        `[progress] W7 at ${fmtInt(sizes[k])} events: p50 ${st.p50_ms!.toFixed(3)} ms, p99 ${st.p99_ms!.toFixed(3)} ms (${lat.length} commands), RSS ${rssMb()} MB\n`
      )
    }
    const disk = yield* Effect.promise(sizeOnDisk)
    const tv = now()
    const verify = yield* (yield* LogAudit).verify()
    const verifySecs = (now() - tv) / 1000
    process.stderr.write(`[progress] W7 verify: ${verify._tag}, ${verifySecs.toFixed(0)} s, RSS ${rssMb()} MB\n`)
    const last = sizes[sizes.length - 1]
    const ok = verify._tag === "Intact"
    return {
      events_per_s: 0,
      p50_ms: p50[last],
      p99_ms: p99[last],
      p50_ms_at: p50,
      p99_ms_at: p99,
      commands_per_size: perPhase * PARTICIPANTS,
      fill_s_at: fillSecs,
      fill_events_per_s_at: fillRate,
      inline_catch_up_s_at: catchUpSecs,
      fill_s: Math.round(fill.secs * 10) / 10,
      fill_events_per_s: fill.secs > 0 ? Math.round(fill.appended / fill.secs) : 0,
      db_bytes: disk.total,
      db_mb: Math.round(disk.total / 2 ** 20),
      db_bytes_detail: disk,
      verify_s: Math.round(verifySecs * 10) / 10,
      ok,
      ...(ok ? {} : { reason: `verify: ${JSON.stringify(verify)}` })
    } satisfies Result
  })

// W8: Ledger.execute with the default inline read models (roster, certificate register), while
// the async worker follows the log in its own process (as a deployment runs it) for the other
// read models. Sampled during the run: the worker's lag (events of the log not yet in its
// tables); after the last command: how long it takes to reach the head. It keeps up when its lag
// stays within a batch or two and it reaches the head within a poll.
const w8 = (n: number, db: Db, target: string) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const store = yield* EventStore
    const rand = prng(88)
    const programs = 40
    const sessions = Math.max(1, Math.round((SESSIONS * n) / 100_000)) // 20 sessions at N=100,000
    yield* setupPrograms(programs, SESSIONS, rand)
    const engine = yield* Engine.make(process.env.BENCH_INLINE === "none" ? { inline: [] } : {})
    // BENCH_WORKER=none: no worker process (the commands alone)
    const noWorker = process.env.BENCH_WORKER === "none"
    const worker = noWorker
      ? undefined
      : yield* Effect.acquireRelease(
          Effect.async<ChildProcess>((resume) => {
            const child = spawn(
              process.execPath,
              [
                "--import",
                "tsx",
                "bench/lib/projection-worker.ts",
                db === "postgres" ? "postgres" : "sqlite",
                target,
                db === "sqlite-normal" ? "NORMAL" : "FULL"
              ],
              { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] }
            )
            child.stdout!.on("data", (d) => String(d).includes("ready") && resume(Effect.succeed(child)))
          }),
          (child) => Effect.sync(() => void child.kill("SIGKILL"))
        )
    const lagOf = Effect.map(engine.status(), (st) =>
      Math.max(...st.filter((x) => x.mode === "async").map((x) => x.lag))
    )
    // let the worker build its tables first (the setup's events)
    while (!noWorker && (yield* lagOf) > 0) yield* Effect.sleep("50 millis")
    const lat: Array<number> = []
    const lags: Array<number> = []
    let events = 0
    const startHead = (yield* store.head()).position
    yield* timedStart
    const t0 = now()
    for (let j = 0; j < sessions; j++) {
      for (let p = 0; p < programs; p++)
        for (let i = 0; i < PARTICIPANTS; i++) {
          const s = now()
          const r = yield* ledger.execute(Programs.mark(Programs.programId(p), j, i), context(rand))
          lat.push(now() - s)
          events += r.events.length
        }
      // the worker's lag after each round of 1,000 commands
      if (!noWorker) lags.push(yield* lagOf)
    }
    const secs = (now() - t0) / 1000
    yield* timedStop
    const head = (yield* store.head()).position
    const lagAtEnd = noWorker ? 0 : yield* lagOf
    const t1 = now()
    while (!noWorker && (yield* lagOf) > 0) yield* Effect.sleep("5 millis")
    const catchUpMs = now() - t1
    void worker
    const verify = yield* (yield* LogAudit).verify()
    const ok = verify._tag === "Intact"
    return {
      events_per_s: events / secs,
      appends_per_s: lat.length / secs,
      ...latencyStats(lat),
      commands: lat.length,
      worker_lag_at_end: lagAtEnd,
      worker_catch_up_ms: catchUpMs,
      worker_events_per_s: (head - startHead) / (secs + catchUpMs / 1000),
      max_lag_sampled: Math.max(0, ...lags),
      ok,
      ...(ok ? {} : { reason: `verify: ${JSON.stringify(verify)}` })
    } satisfies Result
  }).pipe(Effect.scoped)

export const runLedgerWorkload = async (db: Db, workload: string, n: number): Promise<Result> => {
  const { layer, cleanup, target, sizeOnDisk } = await freshDatabase(db, workload)
  const program = workload === "W6" ? w6(n) : workload === "W7" ? w7(n, sizeOnDisk) : w8(n, db, target)
  // BENCH_INLINE=none: every read model async (the cost of the inline ones, by difference)
  const inline = process.env.BENCH_INLINE === "none" ? { inline: [] } : {}
  const full = Layer.provideMerge(
    Ledger.layer(inline),
    Layer.merge(layer as Layer.Layer<EventStore | ProjectionStore, unknown>, VerificationCodes.layer)
  )
  try {
    return await Effect.runPromise(
      Effect.provide(program as Effect.Effect<Result, unknown, any>, full) as Effect.Effect<Result, unknown>
    )
  } finally {
    await cleanup()
  }
}
