/**
 * Session summary (rekap sesi): one row per session with who was expected and how they came.
 *
 * Definitions (the domain's, `domain/program/Definitions.ts`):
 * - `held`: not cancelled and, once the program is closed, started by the closing (`isHeld`);
 * - `enrolled`: participants enrolled and attending on the session's date (`attendingOn`: after
 *   their start date, not after their last day, not suspended);
 * - `present` ... `unexcused`: their current marks (after corrections); `not_recorded`: enrolled
 *   without a mark; `attendance_rate`: (present + late) / enrolled.
 *
 * Async by default.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import * as Program from "../domain/Program.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "session_summary",
  Schema.Struct({
    program_id: Columns.text("the program"),
    session_id: Columns.text("the session"),
    session_date: Columns.text("local date (YYYY-MM-DD)"),
    start_time: Columns.text("local start time (HH:MM)"),
    end_time: Columns.text("local end time (HH:MM)"),
    topic: Columns.text("the session's topic"),
    venue: Columns.text("where it takes place"),
    cancelled: Columns.boolean("the session was cancelled"),
    held: Columns.boolean("held as the certificate rule counts it: not cancelled, started by the closing"),
    enrolled: Columns.integer("participants enrolled and attending on that date"),
    present: Columns.integer("present marks among them"),
    late: Columns.integer("late marks"),
    excused: Columns.integer("excused absences"),
    unexcused: Columns.integer("unexcused absences"),
    not_recorded: Columns.integer("enrolled participants without a mark"),
    attendance_rate: Columns.nullable(Columns.real("(present + late) / enrolled; null when nobody was enrolled"))
  }),
  {
    description: "one row per session",
    primaryKey: ["program_id", "session_id"],
    partitionColumn: "program_id",
    indexes: [["session_date"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

/**
 * @since 0.2.0
 * @category models
 */
export type State = Facts.Facts

/**
 * @since 0.2.0
 * @category rows
 */
export const rowOf = (facts: Facts.Facts, sessionId: string): Row | undefined => {
  const s = facts.sessions.get(sessionId)
  if (s === undefined) return undefined
  let enrolled = 0
  const counts = { present: 0, late: 0, "excused-absence": 0, "unexcused-absence": 0 }
  for (const [participantId, f] of facts.enrollments) {
    if (!Program.attendingOn(f.enrollment, s.date)) continue
    enrolled++
    const outcome = facts.marks.get(participantId)?.get(sessionId)
    if (outcome !== undefined) counts[outcome]++
  }
  const marked = counts.present + counts.late + counts["excused-absence"] + counts["unexcused-absence"]
  return {
    program_id: facts.programId,
    session_id: sessionId,
    session_date: s.date,
    start_time: s.slot.start,
    end_time: s.slot.end,
    topic: s.topic,
    venue: s.venue,
    cancelled: s.cancelled,
    held: s.held,
    enrolled,
    present: counts.present,
    late: counts.late,
    excused: counts["excused-absence"],
    unexcused: counts["unexcused-absence"],
    not_recorded: Math.max(0, enrolled - marked),
    attendance_rate: enrolled === 0 ? null : (counts.present + counts.late) / enrolled
  }
}

const touchAll = (facts: Facts.Facts, touch: (key: string) => void) => {
  for (const sessionId of facts.sessions.keys()) touch(sessionId)
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "session-summary",
  version: 1,
  handles: Facts.types,
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState: Facts.make,
  evolve: (state, event, emit) => {
    const change = Facts.update(state, event)
    const touch = (key: string) => emit.touch(table.name, key)
    switch (change._tag) {
      case "Mark":
      case "Session":
        touch(change.sessionId)
        break
      case "Enrollment":
      case "Program":
        touchAll(state, touch)
        break
    }
    return state
  },
  row: (state, _table, key) => rowOf(state, key)
}
