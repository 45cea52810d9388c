/**
 * Attendance register (daftar hadir): one row per session and participant marked, with the
 * current outcome and every correction kept: how many, the earlier marks, who corrected last and
 * why. Async by default (one row per mark: the busiest table).
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type * as Program from "../domain/Program.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

const Mark = Schema.Struct({
  outcome: Schema.String,
  reason_code: Schema.NullOr(Schema.String),
  note: Schema.NullOr(Schema.String),
  by: Schema.String,
  at: Schema.String,
  correction_reason: Schema.NullOr(Schema.String)
})

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "attendance_register",
  Schema.Struct({
    program_id: Columns.text("the program"),
    session_id: Columns.text("the session"),
    participant_id: Columns.text("the participant's opaque id"),
    session_date: Columns.text("the session's date (local date, YYYY-MM-DD)"),
    outcome: Columns.literal(
      "current outcome, after corrections",
      "present",
      "late",
      "excused-absence",
      "unexcused-absence"
    ),
    reason_code: Columns.nullable(Columns.text("absence reason: sick, court-hearing, family-visit, refused, ...")),
    note: Columns.nullable(Columns.text("the note of the current mark")),
    recorded_by: Columns.text("who first recorded the mark (actor id)"),
    marked_at: Columns.timestamp("when the first mark was made (business time)"),
    recorded_at: Columns.timestamp("when the first mark was stored"),
    corrections: Columns.integer("number of corrections (0: as first recorded)"),
    previous_outcome: Columns.nullable(Columns.text("the outcome before the last correction")),
    history: Columns.json(
      Schema.Array(Mark),
      "every earlier mark, oldest first: {outcome, reason_code, note, by, at, correction_reason}"
    ),
    corrected_by: Columns.nullable(Columns.text("who made the last correction")),
    corrected_at: Columns.nullable(Columns.timestamp("when the last correction was made (business time)")),
    correction_reason: Columns.nullable(Columns.text("why the last correction was made"))
  }),
  {
    description: "one row per session x participant marked",
    primaryKey: ["program_id", "session_id", "participant_id"],
    partitionColumn: "program_id",
    indexes: [["participant_id"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

interface Marked {
  readonly outcome: string
  readonly reason_code: string | null
  readonly note: string | null
  readonly by: string
  readonly at: Date
  readonly correction_reason: string | null
}

interface Entry {
  readonly sessionId: string
  readonly participantId: string
  readonly recordedBy: string
  readonly markedAt: Date
  readonly recordedAt: Date
  current: Marked
  readonly history: Array<Marked>
  correctedBy: string | null
  correctedAt: Date | null
}

/**
 * @since 0.2.0
 * @category models
 */
export interface State {
  readonly facts: Facts.Facts
  readonly entries: Map<string, Entry>
}

// length-prefixed: one key per pair whatever characters the ids hold
const key = (sessionId: string, participantId: string) => `${sessionId.length}:${sessionId}${participantId}`

const rowOf = (state: State, k: string): Row | undefined => {
  const e = state.entries.get(k)
  if (e === undefined) return undefined
  const previous = e.history[e.history.length - 1]
  return {
    program_id: state.facts.programId,
    session_id: e.sessionId,
    participant_id: e.participantId,
    session_date: state.facts.sessions.get(e.sessionId)?.date ?? "",
    outcome: e.current.outcome as Row["outcome"],
    reason_code: e.current.reason_code,
    note: e.current.note,
    recorded_by: e.recordedBy,
    marked_at: e.markedAt,
    recorded_at: e.recordedAt,
    corrections: e.history.length,
    previous_outcome: previous?.outcome ?? null,
    history: e.history.map((m) => ({ ...m, at: m.at.toISOString() })),
    corrected_by: e.correctedBy,
    corrected_at: e.correctedAt,
    correction_reason: e.current.correction_reason
  }
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "attendance-register",
  version: 1,
  handles: ["ProgramDrafted", "SessionScheduled", "SessionRescheduled", "AttendanceRecorded", "AttendanceCorrected"],
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState: (programId) => ({ facts: Facts.make(programId), entries: new Map() }),
  evolve: (state, e, emit) => {
    Facts.update(state.facts, e)
    const event = e.event
    switch (event._tag) {
      case "AttendanceRecorded": {
        const k = key(event.sessionId, event.participantId)
        const by = e.metadata.actor.id
        state.entries.set(k, {
          sessionId: event.sessionId,
          participantId: event.participantId,
          recordedBy: by,
          markedAt: e.occurredAt,
          recordedAt: e.recordedAt,
          current: {
            outcome: event.outcome,
            reason_code: event.reasonCode ?? null,
            note: event.note ?? null,
            by,
            at: e.occurredAt,
            correction_reason: null
          },
          history: [],
          correctedBy: null,
          correctedAt: null
        })
        emit.touch(table.name, k)
        return state
      }
      case "AttendanceCorrected": {
        const k = key(event.sessionId, event.participantId)
        const entry = state.entries.get(k)
        if (entry === undefined) return state
        const by = e.metadata.actor.id
        const at = e.occurredAt
        entry.history.push(entry.current)
        entry.current = {
          outcome: event.outcome,
          reason_code: event.reasonCode ?? null,
          note: event.note ?? null,
          by,
          at,
          correction_reason: event.correctionReason
        }
        entry.correctedBy = by
        entry.correctedAt = e.occurredAt
        emit.touch(table.name, k)
        return state
      }
      case "SessionRescheduled":
        // the domain refuses a reschedule once attendance is recorded; follow the date anyway
        for (const [k, entry] of state.entries) if (entry.sessionId === event.sessionId) emit.touch(table.name, k)
        return state
      default:
        return state
    }
  },
  row: (state, _table, k) => rowOf(state, k)
}
