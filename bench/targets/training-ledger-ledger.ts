// W6..W8: training-ledger only (the domain, the Ledger and the read models).
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { EventStore, NoStream, type AppendRequest, type EventMetadata } from "../../src/ports/EventStore.ts"
import { LogAudit } from "../../src/ports/LogAudit.ts"
import * as Program from "../../src/domain/Program.ts"
import * as EventCodec from "../../src/events/EventCodec.ts"
import { deriveEventId } from "../../src/ledger/EventIds.ts"
import * as Requests from "../../src/ledger/Requests.ts"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.ts"
import * as Ledger from "../../src/ledger/Ledger.ts"
import * as ProgramSummary from "../../src/projections/ProgramSummary.ts"
import { fold, projected } from "../../src/projections/Projection.ts"
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

/** Every read model that exists today: the program summary. */
const READ_MODELS = [ProgramSummary.projection] as const

// ---------------------------------------------------------------------------------------------
// W6: a domain log of N events (programs like the founding case, decided by the pure decider and
// appended in bulk), then a rebuild: read all, decode, fold through every read model.

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
    const states = READ_MODELS.map(() => new Map<string, ProgramSummary.State>())
    let count = 0
    yield* store.readAll({ batchSize: 1000 }).pipe(
      Stream.mapEffect((stored) => Effect.map(codec.decode(stored), (event) => projected(stored, event))),
      Stream.runForEachChunk((chunk) =>
        Effect.sync(() => {
          count += chunk.length
          READ_MODELS.forEach((m, k) => fold(m, chunk, states[k]))
        })
      )
    )
    const secs = (now() - t0) / 1000
    yield* timedStop
    const ok = count === total && states[0].size === programs
    return {
      events_per_s: count / secs,
      ok,
      programs,
      ...(ok ? {} : { reason: `folded ${count}/${total} events, ${states[0].size}/${programs} programs` })
    } satisfies Result
  })

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

/** Filler events on other streams, appended in bulk (1,000 per append), without holding them in memory. */
const fillTo = (target: number, state: { filled: number; stream: number }, rand: () => number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const head = yield* store.head()
    let position = head.position
    const day0 = new Date(Date.UTC(2024, 0, 8))
    while (position < target) {
      const size = Math.min(1000, target - position)
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
    }
  })

const w7 = (n: number) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const store = yield* EventStore
    const rand = prng(77)
    const sizes = [n / 10, n, n * 10]
    yield* setupPrograms(1, SESSIONS, rand)
    const pid = Programs.programId(0)
    const fill = { filled: 0, stream: 0 }
    const p50: Record<number, number> = {}
    const p99: Record<number, number> = {}
    const perPhase = Math.floor(SESSIONS / sizes.length) // sessions marked per phase
    for (let k = 0; k < sizes.length; k++) {
      yield* fillTo(sizes[k], fill, rand)
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
    }
    const verify = yield* (yield* LogAudit).verify()
    const last = sizes[sizes.length - 1]
    const ok = verify._tag === "Intact"
    return {
      events_per_s: 0,
      p50_ms: p50[last],
      p99_ms: p99[last],
      p50_ms_at: p50,
      p99_ms_at: p99,
      ok,
      ...(ok ? {} : { reason: `verify: ${JSON.stringify(verify)}` })
    } satisfies Result
  })

const w8 = (n: number) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const store = yield* EventStore
    const rand = prng(88)
    const programs = 40
    const sessions = Math.max(1, Math.round((SESSIONS * n) / 100_000)) // 20 sessions at N=100,000
    yield* setupPrograms(programs, SESSIONS, rand)
    const lat: Array<number> = []
    let events = 0
    yield* timedStart
    const t0 = now()
    for (let j = 0; j < sessions; j++)
      for (let p = 0; p < programs; p++)
        for (let i = 0; i < PARTICIPANTS; i++) {
          const s = now()
          const r = yield* ledger.execute(Programs.mark(Programs.programId(p), j, i), context(rand))
          lat.push(now() - s)
          events += r.events.length
        }
    const secs = (now() - t0) / 1000
    yield* timedStop
    const verify = yield* (yield* LogAudit).verify()
    const ok = verify._tag === "Intact"
    return {
      events_per_s: events / secs,
      appends_per_s: lat.length / secs,
      ...latencyStats(lat),
      commands: lat.length,
      ok,
      ...(ok ? {} : { reason: `verify: ${JSON.stringify(verify)}` })
    } satisfies Result
  })

export const runLedgerWorkload = async (db: Db, workload: string, n: number): Promise<Result> => {
  const { layer, cleanup } = await freshDatabase(db, workload)
  const program = workload === "W6" ? w6(n) : workload === "W7" ? w7(n) : w8(n)
  const full = Layer.provideMerge(
    Ledger.layer(),
    Layer.merge(layer as Layer.Layer<EventStore, unknown>, VerificationCodes.layer)
  )
  try {
    return await Effect.runPromise(
      Effect.provide(program as Effect.Effect<Result, unknown, any>, full) as Effect.Effect<Result, unknown>
    )
  } finally {
    await cleanup()
  }
}
