/**
 * The read models the command line asks for (`programs`, `replay`, `report`), as a narrow port:
 * the commands depend on this interface only, not on how the answers are computed.
 *
 * This build answers by folding the log (`FoldedReadModels.ts`): the ProgramSummary projection
 * over `readAll` for the list, the domain fold over one program's stream for the rest, so the
 * numbers are always current. The projection engine's read-model tables answer the same queries
 * faster (the integrator swaps the layer in `Wiring.ts`); an `--as-of` cutoff can still be answered by the fold,
 * since tables hold the current state only.
 *
 * The row shapes follow DOMAIN.md's read models (roster, session summary, assessment results,
 * certificate register) with the report's field names, so the report renderer maps them 1:1.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { ProgramNotFound } from "../ledger/Ledger.js"
import type { UndecodableEvent } from "../events/EventCodec.js"
import type { ReadError } from "../ports/EventStore.js"
import type * as ProgramSummary from "../projections/ProgramSummary.js"
import type { AsOf, Cutoff } from "./AsOf.js"
import type { ProgramNotFoundAsOf } from "./Failures.js"

/**
 * Counts by participant kind.
 *
 * @since 0.2.0
 * @category models
 */
export type ByKind = ProgramSummary.ByKind

/**
 * One line of `programs`.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProgramListing {
  readonly programId: string
  readonly title: string
  readonly facility: string
  readonly timeZone: string
  readonly status: string
  /** Local dates in the facility's zone. */
  readonly plannedStart: string
  readonly plannedEnd: string
  readonly startedAt: Date | undefined
  readonly closedAt: Date | undefined
  readonly enrolled: ByKind
  readonly completed: ByKind
  readonly certified: ByKind
  /** Events in the program's stream, and the position of its last one. */
  readonly events: number
  readonly lastPosition: number
}

/**
 * Program roster: one row per enrolment.
 *
 * @since 0.2.0
 * @category models
 */
export interface RosterRow {
  readonly participantId: string
  readonly kind: string
  readonly status: string
  readonly startDate: string
  readonly endDate: string | null
  readonly endReason: string | null
  readonly enrolledBy: string
  /** When the enrolment happened (business time). */
  readonly enrolledAt: Date
  /**
   * Sessions held (attendance recorded) on days the participant was enrolled and attending, minus
   * excused absences when the completion policy takes them out; attended (present or late) among them.
   */
  readonly applicable: number
  readonly attended: number
  readonly attendanceRatio: number | null
}

/**
 * Session summary: one row per session.
 *
 * @since 0.2.0
 * @category models
 */
export interface SessionRow {
  readonly sessionId: string
  readonly date: string
  readonly start: string
  readonly end: string
  readonly topic: string
  readonly cancelled: boolean
  /** Not cancelled and at least one mark recorded. */
  readonly held: boolean
  /** Enrolled and attending on that date. */
  readonly enrolled: number
  readonly present: number
  readonly late: number
  readonly excused: number
  readonly unexcused: number
  readonly notRecorded: number
  /** (present + late) / marks recorded. */
  readonly rate: number | null
}

/**
 * Assessment results: one row per participant and assessment with a result.
 *
 * @since 0.2.0
 * @category models
 */
export interface AssessmentResultRow {
  readonly participantId: string
  readonly assessmentId: string
  readonly title: string
  readonly attempts: number
  /** The final result as printed (`82`, `competent`), or null when every attempt was voided. */
  readonly finalResult: string | null
  readonly passed: boolean
}

/**
 * Certificate register: one row per certificate (revoked and superseded ones stay).
 *
 * @since 0.2.0
 * @category models
 */
export interface CertificateRow {
  readonly certificateId: string
  readonly number: string
  readonly type: string
  readonly participantId: string
  readonly kind: string | null
  readonly issuedAt: Date
  readonly status: string
}

/**
 * One program as it stood at a cutoff (or now).
 *
 * @since 0.2.0
 * @category models
 */
export interface ProgramView {
  readonly programId: string
  readonly timeZone: string
  readonly cutoff: Cutoff
  /** Events of the program within the cutoff, of all it has now. */
  readonly events: number
  readonly totalEvents: number
  /** Position of the last event within the cutoff. */
  readonly lastPosition: number
  readonly summary: ProgramSummary.Summary
  readonly roster: ReadonlyArray<RosterRow>
  readonly sessions: ReadonlyArray<SessionRow>
  readonly results: ReadonlyArray<AssessmentResultRow>
  readonly certificates: ReadonlyArray<CertificateRow>
}

/**
 * @since 0.2.0
 * @category errors
 */
export type ReadModelsError = ReadError | UndecodableEvent

/**
 * @since 0.2.0
 * @category models
 */
export interface ReadModelsService {
  /** Every program in the ledger, in the order they were drafted. */
  readonly programs: () => Effect.Effect<ReadonlyArray<ProgramListing>, ReadModelsError>
  /** One program's read models as they stood at the cutoff (`AsOf.now`: as recorded now). */
  readonly program: (
    programId: string,
    asOf: AsOf
  ) => Effect.Effect<ProgramView, ProgramNotFound | ProgramNotFoundAsOf | ReadModelsError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class ReadModels extends Context.Tag("training-ledger/cli/ReadModels")<ReadModels, ReadModelsService>() {}
