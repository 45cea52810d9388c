/**
 * Evaluation material (bahan evaluasi): the documentation attached to a program (references and
 * hashes, never the files) and the evaluations recorded after it. The evaluation report itself
 * is a query (`engine/ReadModels.ts`): this material, the program summary with its end reasons,
 * and a comparison with the previous iteration of the same series (`program_summary.series_id`).
 * Async by default.
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
export const documents = Columns.table(
  "evaluation_documents",
  Schema.Struct({
    program_id: Columns.text("the program"),
    document_id: Columns.text("the document"),
    kind: Columns.literal("photo, report, attendance-sheet or letter", "photo", "report", "attendance-sheet", "letter"),
    sha256: Columns.text("SHA-256 of the file, as attached"),
    uri: Columns.text("where the file is kept"),
    contains_personal_data: Columns.boolean("the file holds personal data (restricted)"),
    attached_by: Columns.text("who attached it (actor id)"),
    attached_at: Columns.timestamp("when it was attached (business time)")
  }),
  {
    description: "one row per document attached to a program",
    primaryKey: ["program_id", "document_id"],
    partitionColumn: "program_id"
  }
)

/**
 * @since 0.2.0
 * @category tables
 */
export const evaluations = Columns.table(
  "evaluation_records",
  Schema.Struct({
    program_id: Columns.text("the program"),
    sequence: Columns.integer("1 for the first evaluation of the program, then 2, ..."),
    findings: Columns.text("the findings"),
    recommendation: Columns.literal("continue, revise or stop", "continue", "revise", "stop"),
    recorded_by: Columns.text("who recorded it (actor id)"),
    recorded_at: Columns.timestamp("when it was recorded (business time)")
  }),
  {
    description: "one row per evaluation recorded",
    primaryKey: ["program_id", "sequence"],
    partitionColumn: "program_id"
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type DocumentRow = Columns.RowOf<typeof documents>

/**
 * @since 0.2.0
 * @category models
 */
export type EvaluationRow = Columns.RowOf<typeof evaluations>

/**
 * @since 0.2.0
 * @category models
 */
export interface State {
  readonly programId: string
  /** evaluations recorded so far */
  count: number
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "evaluation",
  version: 1,
  handles: ["DocumentationAttached", "EvaluationRecorded"],
  tables: [documents, evaluations],
  partition: Facts.partition,
  source: Facts.source,
  initialState: (programId) => ({ programId, count: 0 }),
  evolve: (state, e, emit) => {
    const event = e.event
    if (event._tag === "DocumentationAttached") {
      emit.upsert(documents.name, {
        program_id: state.programId,
        document_id: event.documentId,
        kind: event.kind,
        sha256: event.sha256,
        uri: event.uri,
        contains_personal_data: event.containsPersonalData,
        attached_by: e.metadata.actor.id,
        attached_at: e.occurredAt
      } satisfies DocumentRow)
    } else if (event._tag === "EvaluationRecorded") {
      state.count++
      emit.upsert(evaluations.name, {
        program_id: state.programId,
        sequence: state.count,
        findings: event.findings,
        recommendation: event.recommendation,
        recorded_by: e.metadata.actor.id,
        recorded_at: e.occurredAt
      } satisfies EvaluationRow)
    }
    return state
  },
  row: () => undefined
}
