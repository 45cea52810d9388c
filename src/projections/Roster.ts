/**
 * Program roster (daftar peserta): one row per enrolment, with its status as the domain keeps it
 * (active, suspended, auto-suspended, ended), its dates and who enrolled the participant. Inline
 * by default: the officer who enrols or ends an enrolment sees it at once.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type * as Program from "../domain/Program.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "program_roster",
  Schema.Struct({
    program_id: Columns.text("the program"),
    participant_id: Columns.text("the participant's opaque id (names are in the participant registry)"),
    kind: Columns.literal("inmate (WBP), detainee (tahanan) or officer (petugas)", "inmate", "detainee", "officer"),
    status: Columns.literal("enrolment status", "active", "suspended", "auto-suspended", "ended"),
    start_date: Columns.text("first day the enrolment counts (local date, YYYY-MM-DD)"),
    end_date: Columns.nullable(Columns.text("last day of an ended enrolment (local date)")),
    end_reason: Columns.nullable(
      Columns.text("why it ended: completed, released, transferred, withdrawn-own, dismissed, ...")
    ),
    suspended_from: Columns.nullable(Columns.text("start of the current suspension (local date)")),
    suspensions: Columns.integer("number of suspensions so far"),
    overbooked: Columns.boolean("enrolled beyond capacity, with a reason"),
    enrolled_by: Columns.text("the officer who enrolled the participant (actor id)"),
    enrolled_at: Columns.timestamp("when the enrolment happened (business time)"),
    recorded_at: Columns.timestamp("when the enrolment was stored")
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
 * The roster row of a participant, from the facts.
 *
 * @since 0.2.0
 * @category rows
 */
export const rowOf = (facts: Facts.Facts, participantId: string): Row | undefined => {
  const f = facts.enrollments.get(participantId)
  if (f === undefined) return undefined
  const e = f.enrollment
  const current = e.suspensions[e.suspensions.length - 1]
  const suspended = e.status === "suspended" || e.status === "auto-suspended"
  return {
    program_id: facts.programId,
    participant_id: participantId,
    kind: e.kind,
    status: e.status,
    start_date: e.startDate,
    end_date: e.lastDay ?? null,
    end_reason: e.endReason ?? null,
    suspended_from: suspended && current !== undefined ? current.from : null,
    suspensions: e.suspensions.length,
    overbooked: e.overbooked,
    enrolled_by: e.enrolledBy,
    enrolled_at: f.enrolledAt,
    recorded_at: f.enrolledRecordedAt
  }
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "program-roster",
  version: 1,
  handles: ["ParticipantEnrolled", "EnrollmentSuspended", "EnrollmentResumed", "EnrollmentEnded"],
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState: Facts.make,
  evolve: (state, event, emit) => {
    const change = Facts.update(state, event)
    if (change._tag === "Enrollment") emit.touch(table.name, change.participantId)
    return state
  },
  row: (state, _table, key) => rowOf(state, key)
}
