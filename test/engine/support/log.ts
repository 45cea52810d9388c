/**
 * Logs of programs for the engine's tests: generated command sequences decided by the pure
 * domain, each under its own program id, appended as the Ledger would (one request per accepted
 * command), interleaved across programs; plus events the ledger does not know (another
 * application's), which only the audit timeline reads. And helpers to read every table back.
 * No test-runner imports: the worker processes of the race test use it too.
 */
import { Effect, Either, Option } from "effect"
import * as Program from "../../../src/domain/Program.js"
import * as EventCodec from "../../../src/events/EventCodec.js"
import { deriveEventId } from "../../../src/ledger/EventIds.js"
import { type AppendRequest, EventStore, NoStream } from "../../../src/ports/EventStore.js"
import { ProjectionStore, type Row } from "../../../src/ports/ProjectionStore.js"
import type * as Projection from "../../../src/projections/Projection.js"
import * as RowSet from "../../../src/projections/RowSet.js"
import * as Replay from "../../../src/engine/Replay.js"

const metadata = (commandId: string) => ({
  actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
  source: "user" as const,
  commandId
})

/**
 * The requests of a program's accepted commands, its events renamed to `programId`.
 */
export const programRequests = (
  commands: ReadonlyArray<Program.Command>,
  programId: string,
  seed: string
): Array<AppendRequest> => {
  let state = Program.decider.initialState
  let version = 0
  const streamId = Program.streamId(programId)
  const out: Array<AppendRequest> = []
  commands.forEach((command, i) => {
    if (command.programId !== "PRG-1") return
    const decided = Program.decide(command, state)
    if (Either.isLeft(decided) || decided.right.length === 0) return
    for (const e of decided.right) state = Program.evolve(state, e)
    const commandId = `${seed}-${programId}-${i}`
    out.push({
      streamId,
      expectedVersion: version === 0 ? NoStream : version,
      events: decided.right.map((e, k) => {
        const encoded = EventCodec.program.encode(
          e,
          deriveEventId(commandId, streamId, k),
          new Date(command.occurredAt.epochMillis)
        )
        return { ...encoded, data: { ...(encoded.data as object), programId } }
      }),
      metadata: metadata(commandId)
    })
    version += decided.right.length
  })
  return out
}

/** Interleaves the programs' requests by `order` (indexes into the programs), keeping each program's order. */
export const interleave = (
  programs: ReadonlyArray<ReadonlyArray<AppendRequest>>,
  order: ReadonlyArray<number>
): Array<AppendRequest> => {
  const next = programs.map(() => 0)
  const out: Array<AppendRequest> = []
  for (const pick of order) {
    const p = pick % programs.length
    if (next[p]! < programs[p]!.length) out.push(programs[p]![next[p]!++]!)
  }
  programs.forEach((requests, p) => out.push(...requests.slice(next[p])))
  return out
}

/** An event of another application, on its own stream. */
export const foreignRequest = (n: number): AppendRequest => ({
  streamId: `other-app-${n}`,
  expectedVersion: "any",
  events: [
    {
      eventId: deriveEventId(`foreign-${n}`, `other-app-${n}`, 0),
      type: "SomethingElseHappened",
      schemaVersion: 1,
      data: { n, note: "not a ledger event" },
      occurredAt: new Date("2024-09-04T01:00:00Z")
    }
  ],
  metadata: { ...metadata(`foreign-${n}`), source: "system" }
})

/** Appends requests one at a time (as commands do). */
export const appendAll = (requests: ReadonlyArray<AppendRequest>) =>
  Effect.flatMap(EventStore, (store) => Effect.forEach(requests, (r) => store.appendMany([r]), { discard: true }))

/** Every table of the projections, as stored. */
export const storedRows = (projections: ReadonlyArray<Projection.Any<any>>) =>
  Effect.flatMap(ProjectionStore, (store) =>
    Effect.forEach(
      projections.flatMap((p) => p.tables),
      (table) => Effect.map(store.select(table), (rows) => [table.name, rows] as const)
    )
  )

/** Every table of the projections computed in memory from the whole log: one rebuild. */
export const rebuiltRows = (projections: ReadonlyArray<Projection.Any<any>>) =>
  Effect.gen(function* () {
    const head = (yield* (yield* EventStore).head()).position
    const rows = yield* Replay.replay({ asOf: { _tag: "Position", position: head }, projections })
    return projections.flatMap((p) => p.tables).map((t) => [t.name, RowSet.rowsOf(rows, t.name)] as const)
  })

/** Rows in a form `toEqual` compares across stores (dates as ISO text). */
export const comparable = (tables: ReadonlyArray<readonly [string, ReadonlyArray<Row>]>) =>
  tables.map(([name, rows]) => [name, rows.map((row) => JSON.parse(JSON.stringify(row)))] as const)

/** Options for `Option.some` of a checkpoint. */
export const some = Option.some
