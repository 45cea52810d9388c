// Reading a program's summary from its table against replaying its stream (what `summary()` did
// before the read models had tables), on a program of 500 participants x 40 sessions (20,000
// attendance marks, ~20,550 events).
//
//   npx tsx bench/summary-speed.ts [memory|sqlite|postgres] [reps]
//
// The program's events are built directly (the pure decider would take minutes on a cohort this
// size: its state is copied per event) and appended in bulk; the inline read models are then
// brought to the head by the engine. Times are medians of `reps` runs (default 15).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Program from "../src/domain/Program.ts"
import * as Engine from "../src/engine/Engine.ts"
import * as ReadModels from "../src/engine/ReadModels.ts"
import * as EventCodec from "../src/events/EventCodec.ts"
import { deriveEventId } from "../src/ledger/EventIds.ts"
import * as Memory from "../src/adapters/memory/Memory.ts"
import { ParticipantRegistry } from "../src/ports/ParticipantRegistry.ts"
import { EventStore, NoStream, type NewEvent } from "../src/ports/EventStore.ts"
import * as ProgramSummary from "../src/projections/ProgramSummary.ts"
import { fold } from "../src/projections/Projection.ts"
import * as Programs from "./lib/programs.ts"
import { freshDatabase } from "./targets/training-ledger.ts"

const PARTICIPANTS = 500
const SESSIONS = 40
const programId = "SUMMARY-500x40"
const target = (process.argv[2] ?? "sqlite") as "memory" | "sqlite" | "postgres"
const reps = Number(process.argv[3] ?? 15)

/** The program's events: setup (decided), then one AttendanceRecorded per participant and session. */
const programEvents = (): Array<NewEvent> => {
  let state = Program.decider.initialState
  const events: Array<Program.Event> = []
  for (const command of Programs.setup(programId, PARTICIPANTS, SESSIONS)) {
    const decided = Program.decide(command as Program.Command, state)
    if (decided._tag === "Left") throw new Error(decided.left.message)
    for (const e of decided.right) {
      state = Program.evolve(state, e)
      events.push(e)
    }
  }
  for (let j = 0; j < SESSIONS; j++)
    for (let i = 0; i < PARTICIPANTS; i++) {
      const mark = Programs.mark(programId, j, i) as unknown as Program.RecordAttendance
      events.push(
        new Program.AttendanceRecorded({
          programId: mark.programId,
          sessionId: mark.sessionId,
          participantId: mark.participantId,
          outcome: mark.outcome,
          ...(mark.reasonCode === undefined ? {} : { reasonCode: mark.reasonCode })
        })
      )
    }
  const at = new Date("2024-09-02T05:00:00Z")
  return events.map((e, i) => EventCodec.program.encode(e, deriveEventId(programId, "summary", i), at))
}

const median = (xs: Array<number>) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const program = Effect.gen(function* () {
  const store = yield* EventStore
  const events = programEvents()
  for (let i = 0; i < events.length; i += 1000)
    yield* store.append(Program.streamId(programId), i === 0 ? NoStream : i, events.slice(i, i + 1000), {
      actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
      source: "import"
    })
  const engine = yield* Engine.make({ inline: [] })
  yield* engine.catchUp(["program-summary", "certificate-register"])
  const readModels = yield* ReadModels.make.pipe(Effect.provideService(Engine.ProjectionEngine, engine))

  // what summary() did before: read the stream, decode every event, fold, view
  const replay = Effect.gen(function* () {
    const stored = yield* store.readStreamArray(Program.streamId(programId))
    const decoded = yield* Effect.forEach(stored, EventCodec.decodeProgram)
    return ProgramSummary.view(fold(ProgramSummary.projection, decoded).get(programId)!)
  })
  const table = Effect.map(readModels.summary(programId), (s) => s._tag === "Some" && s.value)

  const time = <A>(effect: Effect.Effect<A, unknown>) =>
    Effect.gen(function* () {
      const ms: Array<number> = []
      for (let r = 0; r < reps; r++) {
        const t = performance.now()
        yield* effect
        ms.push(performance.now() - t)
      }
      return median(ms)
    })
  yield* replay // warm up
  yield* table
  const replayMs = yield* time(replay)
  const tableMs = yield* time(table)
  const a = yield* replay
  const b = (yield* table) as ProgramSummary.Summary
  // jsonb keeps object keys in its own order: compare values, not texts
  const canonical = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(canonical)
      : x instanceof Date
        ? x.toISOString()
        : typeof x === "object" && x !== null
          ? Object.fromEntries(
              Object.entries(x)
                .sort(([k], [l]) => (k < l ? -1 : 1))
                .map(([k, v]) => [k, canonical(v)])
            )
          : x
  const same = JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
  if (!same) console.error(JSON.stringify(canonical(a)), "\n", JSON.stringify(canonical(b)))
  console.log(
    JSON.stringify({
      target,
      events: events.length,
      replay_ms: Number(replayMs.toFixed(2)),
      table_ms: Number(tableMs.toFixed(3)),
      speedup: Number((replayMs / tableMs).toFixed(1)),
      same_summary: same
    })
  )
}).pipe(Effect.scoped)

const main = async () => {
  if (target === "memory") {
    await Effect.runPromise(Effect.provide(program, Memory.layer()))
    return
  }
  const { layer, cleanup } = await freshDatabase(target === "postgres" ? "postgres" : "sqlite-normal", "summary")
  try {
    await Effect.runPromise(
      Effect.provide(
        program,
        layer as Layer.Layer<
          EventStore | ParticipantRegistry | import("../src/ports/ProjectionStore.ts").ProjectionStore
        >
      ) as Effect.Effect<void>
    )
  } finally {
    await cleanup()
  }
}
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
