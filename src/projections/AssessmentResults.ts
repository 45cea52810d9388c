/**
 * Assessment results (hasil asesmen): one row per participant and assessment with a result, its
 * attempts and its final result: the latest attempt that is neither voided nor superseded (the
 * domain's `finalAttempt`; a correction replaces an attempt's value). Async by default.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import * as Program from "../domain/Program.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

const Attempt = Schema.Struct({
  attempt: Schema.Number,
  score: Schema.NullOr(Schema.Number),
  outcome: Schema.NullOr(Schema.String),
  passed: Schema.Boolean,
  voided: Schema.Boolean,
  corrections: Schema.Number,
  assessor: Schema.String,
  at: Schema.String
})

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "assessment_results",
  Schema.Struct({
    program_id: Columns.text("the program"),
    assessment_id: Columns.text("the assessment"),
    participant_id: Columns.text("the participant's opaque id"),
    assessment_title: Columns.text("the assessment's title"),
    result_type: Columns.literal("score or competency", "score", "competency"),
    pass_mark: Columns.real("the pass mark (score assessments)"),
    attempts: Columns.integer("attempts recorded"),
    voided_attempts: Columns.integer("attempts voided"),
    corrections: Columns.integer("corrections made to attempts"),
    reassessments_granted: Columns.integer("reassessments granted"),
    final_attempt: Columns.nullable(Columns.integer("the final attempt: latest not voided")),
    final_score: Columns.nullable(Columns.real("its score (score assessments)")),
    final_outcome: Columns.nullable(Columns.text("its outcome: competent or not-yet-competent")),
    passed: Columns.nullable(Columns.boolean("the final attempt passed; null without a final attempt")),
    assessed_by: Columns.nullable(Columns.text("the assessor of the final attempt")),
    assessed_at: Columns.nullable(Columns.timestamp("when the final attempt was recorded (business time)")),
    history: Columns.json(
      Schema.Array(Attempt),
      "every attempt: {attempt, score, outcome, passed, voided, corrections, assessor, at}"
    )
  }),
  {
    description: "one row per participant x assessment with at least one attempt",
    primaryKey: ["program_id", "assessment_id", "participant_id"],
    partitionColumn: "program_id",
    indexes: [["participant_id"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

interface Attempt {
  readonly attempt: number
  value: Program.ResultValue
  passed: boolean
  voided: boolean
  corrections: number
  readonly assessor: string
  readonly at: Date
}

interface Track {
  readonly assessmentId: string
  readonly participantId: string
  readonly attempts: Array<Attempt>
  grants: number
}

/**
 * @since 0.2.0
 * @category models
 */
export interface State {
  readonly programId: string
  readonly assessments: Map<string, Program.AssessmentDefined>
  readonly tracks: Map<string, Track>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const initialState = (programId: string): State => ({ programId, assessments: new Map(), tracks: new Map() })

const key = (assessmentId: string, participantId: string) => JSON.stringify([assessmentId, participantId])

const trackOf = (state: State, assessmentId: string, participantId: string): Track => {
  const k = key(assessmentId, participantId)
  let t = state.tracks.get(k)
  if (t === undefined) state.tracks.set(k, (t = { assessmentId, participantId, attempts: [], grants: 0 }))
  return t
}

/**
 * The final attempt of a participant in an assessment (`Program.finalAttempt`).
 *
 * @since 0.2.0
 * @category queries
 */
export const finalOf = (
  state: State,
  assessmentId: string,
  participantId: string
): { readonly value: Program.ResultValue; readonly passed: boolean; readonly attempt: number } | undefined =>
  Program.finalAttempt(state.tracks.get(key(assessmentId, participantId))?.attempts ?? [])

/**
 * Applies an assessment event; the key of the row it changed, if any.
 *
 * @since 0.2.0
 * @category folds
 */
export const update = (state: State, e: Facts.Projected): string | undefined => {
  const event = e.event
  switch (event._tag) {
    case "AssessmentDefined":
      state.assessments.set(event.assessmentId, event)
      return undefined
    case "AssessmentResultRecorded":
      trackOf(state, event.assessmentId, event.participantId).attempts.push({
        attempt: event.attempt,
        value: event.value,
        passed: event.passed,
        voided: false,
        corrections: 0,
        assessor: event.assessorId,
        at: e.occurredAt
      })
      return key(event.assessmentId, event.participantId)
    case "AssessmentResultCorrected":
    case "AssessmentResultVoided": {
      const a = trackOf(state, event.assessmentId, event.participantId).attempts.find(
        (x) => x.attempt === event.attempt
      )
      if (a === undefined) return undefined
      if (event._tag === "AssessmentResultVoided") a.voided = true
      else {
        a.value = event.value
        a.passed = event.passed
        a.corrections++
      }
      return key(event.assessmentId, event.participantId)
    }
    case "ReassessmentGranted":
      trackOf(state, event.assessmentId, event.participantId).grants++
      return key(event.assessmentId, event.participantId)
    default:
      return undefined
  }
}

const rowOf = (state: State, k: string): Row | undefined => {
  const t = state.tracks.get(k)
  const def = t === undefined ? undefined : state.assessments.get(t.assessmentId)
  if (t === undefined || def === undefined || t.attempts.length === 0) return undefined
  const final = Program.finalAttempt(t.attempts)
  return {
    program_id: state.programId,
    assessment_id: t.assessmentId,
    participant_id: t.participantId,
    assessment_title: def.title,
    result_type: def.resultType,
    pass_mark: def.passMark,
    attempts: t.attempts.length,
    voided_attempts: t.attempts.filter((a) => a.voided).length,
    corrections: t.attempts.reduce((n, a) => n + a.corrections, 0),
    reassessments_granted: t.grants,
    final_attempt: final?.attempt ?? null,
    final_score: final?.value._tag === "Score" ? final.value.value : null,
    final_outcome: final?.value._tag === "Competency" ? final.value.value : null,
    passed: final === undefined ? null : final.passed,
    assessed_by: final?.assessor ?? null,
    assessed_at: final?.at ?? null,
    history: t.attempts.map((a) => ({
      attempt: a.attempt,
      score: a.value._tag === "Score" ? a.value.value : null,
      outcome: a.value._tag === "Competency" ? a.value.value : null,
      passed: a.passed,
      voided: a.voided,
      corrections: a.corrections,
      assessor: a.assessor,
      at: a.at.toISOString()
    }))
  }
}

/**
 * The event types this read model reads.
 *
 * @since 0.2.0
 * @category projections
 */
export const types: ReadonlyArray<Program.Event["_tag"]> = [
  "AssessmentDefined",
  "AssessmentResultRecorded",
  "AssessmentResultCorrected",
  "AssessmentResultVoided",
  "ReassessmentGranted"
]

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "assessment-results",
  version: 1,
  handles: types,
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState,
  evolve: (state, e, emit) => {
    const k = update(state, e)
    if (k !== undefined) emit.touch(table.name, k)
    return state
  },
  row: (state, _table, k) => rowOf(state, k)
}
