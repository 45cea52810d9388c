/**
 * Audit timeline (jejak audit): one row per event of the log, every stream included: when it
 * happened and when it was recorded, who recorded it in which role and facility, from which
 * source, on which command, why (the reason code and note of a corrective event), and its place
 * in the hash chain. Async by default (one row per event).
 *
 * Stateless: each row comes from its event alone, so the engine never rebuilds a state for it.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import * as Columns from "./Columns.js"
import type { ProjectedEvent, Projection } from "./Projection.js"

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "audit_timeline",
  Schema.Struct({
    position: Columns.integer("position in the log (gap-free)"),
    stream_id: Columns.text("the stream (program-<id>, certificate-numbering-<issuer>-<year>)"),
    version: Columns.integer("version of the event in its stream"),
    program_id: Columns.nullable(Columns.text("the program it concerns")),
    event_type: Columns.text("the event's type, e.g. AttendanceCorrected"),
    occurred_at: Columns.timestamp("when it happened (business time; may be back-dated)"),
    recorded_at: Columns.timestamp("when the log stored it"),
    actor_id: Columns.text("who recorded it (opaque actor id)"),
    actor_role: Columns.text("in which role"),
    actor_facility: Columns.text("for which facility"),
    source: Columns.literal("user, system (e.g. a custody system) or import", "user", "system", "import"),
    command_id: Columns.nullable(Columns.text("the command that produced it")),
    correlation_id: Columns.nullable(Columns.text("the correlation id of the request")),
    causation_id: Columns.nullable(Columns.text("what caused it")),
    reason_code: Columns.nullable(Columns.text("the reason code of a corrective event (end, suspend, cancel, revoke)")),
    reason_note: Columns.nullable(Columns.text("the note or stated reason of a corrective event")),
    event_id: Columns.text("the event's UUID"),
    hash: Columns.text("its link in the hash chain"),
    prev_hash: Columns.text("the previous event's hash")
  }),
  {
    description: "one row per event of the log",
    primaryKey: ["position"],
    indexes: [["program_id", "position"], ["actor_id"], ["occurred_at"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

// events whose `reason` (or `cause`) field is a code from the reference data, not free text
const codedReason: ReadonlySet<string> = new Set([
  "EnrollmentEnded",
  "EnrollmentSuspended",
  "ApplicationDeclined",
  "EnrollmentResumed"
])

const text = (value: unknown): string | null => (typeof value === "string" ? value : null)

/**
 * The timeline row of an event (from its envelope and its stored data).
 *
 * @since 0.2.0
 * @category rows
 */
export const rowOf = (e: ProjectedEvent<unknown>): Row => {
  const data = (typeof e.data === "object" && e.data !== null ? e.data : {}) as Record<string, unknown>
  const coded = codedReason.has(e.type)
  return {
    position: e.position,
    stream_id: e.streamId,
    version: e.version,
    program_id: e.streamId.startsWith("program-") ? text(data.programId) : null,
    event_type: e.type,
    occurred_at: e.occurredAt,
    recorded_at: e.recordedAt,
    actor_id: e.metadata.actor.id,
    actor_role: e.metadata.actor.role,
    actor_facility: e.metadata.actor.facility,
    source: e.metadata.source,
    command_id: e.metadata.commandId ?? null,
    correlation_id: e.metadata.correlationId ?? null,
    causation_id: e.metadata.causationId ?? null,
    reason_code: text(data.reasonCode) ?? (coded ? (text(data.reason) ?? text(data.cause)) : null),
    reason_note: text(data.note) ?? text(data.correctionReason) ?? (coded ? null : text(data.reason)),
    event_id: e.eventId,
    hash: e.hash,
    prev_hash: e.prevHash
  }
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<unknown, null> = {
  name: "audit-timeline",
  version: 1,
  handles: "all",
  tables: [table],
  partition: () => "log",
  source: { _tag: "None" },
  initialState: () => null,
  evolve: (state, e, emit) => {
    emit.upsert(table.name, rowOf(e))
    return state
  },
  row: () => undefined
}
