/**
 * Participant attendance summary (rekap kehadiran peserta): one row per enrolment with the
 * numbers the completion rule used, computed by the domain's own `tally` and `meetsAttendance`
 * (`domain/program/Definitions.ts`): the ratio printed here is the ratio that decided the
 * participant's certificate. Async by default.
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
  "participant_attendance",
  Schema.Struct({
    program_id: Columns.text("the program"),
    participant_id: Columns.text("the participant's opaque id"),
    kind: Columns.literal("inmate, detainee or officer", "inmate", "detainee", "officer"),
    sessions: Columns.integer("held sessions on days the participant was enrolled and attending"),
    applicable: Columns.integer(
      "the ratio's denominator: those sessions, minus excused absences when the policy takes them out"
    ),
    attended: Columns.integer("present or late among them"),
    present: Columns.integer("present marks"),
    late: Columns.integer("late marks"),
    excused: Columns.integer("excused absences"),
    unexcused: Columns.integer("unexcused absences"),
    not_recorded: Columns.integer("applicable sessions without a mark"),
    ratio: Columns.nullable(Columns.real("attended / applicable; null when no session applies")),
    min_ratio: Columns.real("the policy's minimum attendance ratio"),
    excused_leave_denominator: Columns.boolean("the policy takes excused absences out of the denominator"),
    below_threshold: Columns.boolean("the attendance rule is not met (no applicable session, or ratio < minimum)")
  }),
  {
    description: "one row per enrolment (program x participant)",
    primaryKey: ["program_id", "participant_id"],
    partitionColumn: "program_id",
    indexes: [["participant_id"]]
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
export const rowOf = (facts: Facts.Facts, participantId: string): Row | undefined => {
  const f = facts.enrollments.get(participantId)
  const policy = facts.definition?.completionPolicy
  if (f === undefined || policy === undefined) return undefined
  const t = Facts.tallyOf(facts, participantId)
  return {
    program_id: facts.programId,
    participant_id: participantId,
    kind: f.enrollment.kind,
    sessions: t.sessions,
    applicable: t.applicable,
    attended: t.attended,
    present: t.present,
    late: t.late,
    excused: t.excused,
    unexcused: t.unexcused,
    not_recorded: t.notRecorded,
    ratio: Program.attendanceRatio(t) ?? null,
    min_ratio: policy.minAttendanceRatio,
    excused_leave_denominator: policy.excusedAbsencesLeaveDenominator,
    below_threshold: !Program.meetsAttendance(policy.minAttendanceRatio, t)
  }
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "participant-attendance",
  version: 1,
  handles: Facts.types,
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState: Facts.make,
  evolve: (state, event, emit) => {
    const change = Facts.update(state, event)
    switch (change._tag) {
      case "Mark":
      case "Enrollment":
        emit.touch(table.name, change.participantId)
        break
      case "Session":
      case "Program":
        for (const participantId of state.enrollments.keys()) emit.touch(table.name, participantId)
        break
    }
    return state
  },
  row: (state, _table, key) => rowOf(state, key)
}
