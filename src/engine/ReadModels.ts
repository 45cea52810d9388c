/**
 * Queries over the read models' tables: one typed function per read model (filter by program,
 * participant, session...), the reports that combine tables (the printed program summary, the
 * evaluation report with the previous iteration of the series, the certificate register with
 * holders' names), and one generic query by table name for callers outside TypeScript (the
 * Promise API's `readModel`), its name and filter decoded by Schema.
 *
 * Names of people are never in the tables: `certificates` joins the participant registry at
 * query time and shows each name as the access policy lets the `reader` see it (in clear for a
 * role granted the full name at the certificate's facility, masked otherwise; masked when no
 * reader is named; a reader the policy refuses is `NotAuthorised`).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Either from "effect/Either"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { decodeProgramId } from "../boundary/ProgramIdOption.js"
import type { InvalidReadOptions } from "../ports/EventStore.js"
import { ParticipantRegistry, type PersonalDataError } from "../ports/ParticipantRegistry.js"
import {
  type Column,
  ProjectionStore,
  type ProjectionStoreError,
  type Row,
  type Table,
  type Where
} from "../ports/ProjectionStore.js"
import * as AssessmentResults from "../projections/AssessmentResults.js"
import * as AttendanceRegister from "../projections/AttendanceRegister.js"
import * as AuditTimeline from "../projections/AuditTimeline.js"
import * as CertificateRegister from "../projections/CertificateRegister.js"
import * as Evaluation from "../projections/Evaluation.js"
import * as ParticipantAttendance from "../projections/ParticipantAttendance.js"
import * as ProgramSummary from "../projections/ProgramSummary.js"
import * as Roster from "../projections/Roster.js"
import * as SessionSummary from "../projections/SessionSummary.js"
import * as Transcript from "../projections/Transcript.js"
import type { Actor } from "../policy/Authorize.js"
import { authorize, type NotAuthorised } from "../policy/Authorize.js"
import { present } from "../policy/Masking.js"
import { defaultPolicy, type Policy } from "../policy/Policy.js"
import type { PersonalFieldName } from "../privacy/PersonalField.js"
import { displayName } from "../registry/Participant.js"
import { ProjectionEngine, UnknownReadModel } from "./Engine.js"
import * as Export from "./Export.js"

/**
 * A filter the read model cannot apply: a column it does not have, a value of the wrong type.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidFilter extends Schema.TaggedError<InvalidFilter>()("InvalidFilter", {
  readModel: Schema.String,
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid filter for ${this.readModel}: ${this.field} ${this.rule}`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type QueryError = ProjectionStoreError | InvalidFilter | InvalidReadOptions

/**
 * @since 0.2.0
 * @category models
 */
export interface ProgramFilter {
  readonly programId?: string | undefined
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ParticipantFilter extends ProgramFilter {
  readonly participantId?: string | undefined
}

/**
 * A certificate with its holder's name as the reader may see it (clear, masked or `[erased]`);
 * null when the holder is not in the registry.
 *
 * @since 0.2.0
 * @category models
 */
export type CertificateWithHolder = CertificateRegister.Row & { readonly holder_name: string | null }

/**
 * Who reads the certificate register, and by which policy (default: `defaultPolicy`).
 *
 * @since 0.2.0
 * @category models
 */
export interface CertificateReadOptions {
  readonly reader?: Actor | undefined
  readonly policy?: Policy | undefined
}

/**
 * One line of the comparison with the previous iteration.
 *
 * @since 0.2.0
 * @category models
 */
export interface Comparison {
  readonly measure: string
  readonly current: number | null
  readonly previous: number | null
  /** current - previous, when both are known. */
  readonly change: number | null
}

/**
 * Evaluation material (bahan evaluasi) for one program.
 *
 * @since 0.2.0
 * @category models
 */
export interface EvaluationReport {
  readonly summary: ProgramSummary.Row
  readonly endReasons: ProgramSummary.Row["end_reasons"]
  readonly documents: ReadonlyArray<Evaluation.DocumentRow>
  readonly evaluations: ReadonlyArray<Evaluation.EvaluationRow>
  /** The previous iteration of the series: the program of the same `series_id` planned last before this one. */
  readonly previous: ProgramSummary.Row | undefined
  readonly comparison: ReadonlyArray<Comparison>
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ReadModelsService {
  readonly roster: (filter?: ParticipantFilter) => Effect.Effect<ReadonlyArray<Roster.Row>, QueryError>
  readonly attendanceRegister: (
    filter?: ParticipantFilter & { readonly sessionId?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<AttendanceRegister.Row>, QueryError>
  readonly sessionSummary: (
    filter?: ProgramFilter & { readonly sessionId?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<SessionSummary.Row>, QueryError>
  readonly participantAttendance: (
    filter?: ParticipantFilter
  ) => Effect.Effect<ReadonlyArray<ParticipantAttendance.Row>, QueryError>
  readonly assessmentResults: (
    filter?: ParticipantFilter & { readonly assessmentId?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<AssessmentResults.Row>, QueryError>
  /** A participant's transcript across programs. */
  readonly transcript: (participantId: string) => Effect.Effect<ReadonlyArray<Transcript.Row>, QueryError>
  readonly programSummaries: (
    filter?: ProgramFilter & { readonly seriesId?: string | undefined; readonly facility?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<ProgramSummary.Row>, QueryError>
  /** The summary as the Promise API and the demo print it (program summary and certificate register). */
  readonly summary: (programId: string) => Effect.Effect<Option.Option<ProgramSummary.Summary>, QueryError>
  /** Certificates with holders' names as the policy lets `reader` see them (masked without a reader). */
  readonly certificates: (
    filter?: ProgramFilter & {
      readonly holderId?: string | undefined
      readonly number?: string | undefined
      readonly status?: "valid" | "revoked" | "superseded" | undefined
    },
    options?: CertificateReadOptions
  ) => Effect.Effect<ReadonlyArray<CertificateWithHolder>, QueryError | PersonalDataError | NotAuthorised>
  readonly evaluation: (programId: string) => Effect.Effect<Option.Option<EvaluationReport>, QueryError>
  /** The audit timeline, in log order. */
  readonly timeline: (
    filter?: ProgramFilter & {
      readonly actorId?: string | undefined
      readonly fromPosition?: number | undefined
      readonly limit?: number | undefined
    }
  ) => Effect.Effect<ReadonlyArray<AuditTimeline.Row>, QueryError>
  /** The tables one may query by name (`query`). */
  readonly tables: ReadonlyArray<Table>
  /**
   * Rows of any read-model table by name (a table name such as `program_roster`, or the name of
   * a read model with one table), filtered by equality on its columns (`program_id` or
   * `programId`), plus `limit`. Decoded: an unknown name or column fails with the allowed ones.
   */
  readonly query: (name: string, filter?: unknown) => Effect.Effect<ReadonlyArray<Row>, QueryError | UnknownReadModel>
  /** The rows of `query` as a file: CSV (UTF-8 with BOM, a header of column names) or JSON (`Export.ts`). */
  readonly export: (
    name: string,
    filter: unknown,
    format: Export.ExportFormat
  ) => Effect.Effect<string, QueryError | UnknownReadModel>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class ReadModels extends Context.Tag("training-ledger/ReadModels")<ReadModels, ReadModelsService>() {}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

const where = (filter: object): Where => {
  const out: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined) out[snake(key)] = value as string | number | boolean
  return out
}

const valueSchema = (column: Column): Schema.Schema<any, any> | undefined => {
  switch (column.type) {
    case "text":
      return Schema.String
    case "integer":
      return Schema.Int
    case "real":
      return Schema.Number
    case "boolean":
      return Schema.Boolean
    default:
      return undefined
  }
}

/** The filter Schema of a table: its comparable columns, optional, and `limit`. */
const filterSchema = (table: Table) =>
  Schema.Struct({
    ...Object.fromEntries(
      table.columns.flatMap((c) => {
        const s = valueSchema(c)
        return s === undefined ? [] : [[c.name, Schema.optional(s)]]
      })
    ),
    limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100_000)))
  })

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const store = yield* ProjectionStore
  const registry = yield* ParticipantRegistry
  const engine = yield* ProjectionEngine
  const tables = engine.projections.flatMap((p) => p.tables)

  const select = <R>(table: Table & { readonly row: Schema.Schema<R, any> }, filter: Where, limit?: number) =>
    Effect.map(
      store.select(table, { where: filter, ...(limit === undefined ? {} : { limit }) }),
      (rows) => rows as unknown as ReadonlyArray<R>
    )

  const summary: ReadModelsService["summary"] = (programId) =>
    Effect.gen(function* () {
      yield* decodeProgramId(programId)
      const [row] = yield* select(ProgramSummary.table, { program_id: programId })
      if (row === undefined) return Option.none()
      const certificates = yield* select(CertificateRegister.table, { program_id: programId })
      return Option.some(ProgramSummary.fromRows(row, certificates))
    })

  const evaluation: ReadModelsService["evaluation"] = (programId) =>
    Effect.gen(function* () {
      yield* decodeProgramId(programId)
      const [row] = yield* select(ProgramSummary.table, { program_id: programId })
      if (row === undefined) return Option.none()
      const documents = yield* select(Evaluation.documents, { program_id: programId })
      const evaluations = yield* select(Evaluation.evaluations, { program_id: programId })
      const series = row.series_id === null ? [] : yield* select(ProgramSummary.table, { series_id: row.series_id })
      const previous = series
        .filter((s) => s.program_id !== programId && s.planned_start < row.planned_start)
        .sort((a, b) => (a.planned_start < b.planned_start ? 1 : a.planned_start > b.planned_start ? -1 : 0))[0]
      const measures: ReadonlyArray<keyof ProgramSummary.Row & string> = [
        "enrolled_total",
        "completed_total",
        "certified_total",
        "ended_early",
        "sessions_held",
        "attendance_rate",
        "pass_rate"
      ]
      const comparison = measures.map((measure): Comparison => {
        const current = row[measure] as number | null
        const before = previous === undefined ? null : (previous[measure] as number | null)
        return {
          measure,
          current,
          previous: before,
          change: current === null || before === null ? null : current - before
        }
      })
      return Option.some({ summary: row, endReasons: row.end_reasons, documents, evaluations, previous, comparison })
    })

  const certificates: ReadModelsService["certificates"] = (filter = {}, options = {}) =>
    Effect.gen(function* () {
      const rows = yield* select(CertificateRegister.table, where(filter))
      // the fields the reader may see in clear, by facility (one policy decision per facility)
      const visible = new Map<string, ReadonlyArray<PersonalFieldName>>()
      const fieldsAt = (facility: string) =>
        Effect.suspend(() => {
          const known = visible.get(facility)
          if (known !== undefined) return Effect.succeed(known)
          if (options.reader === undefined) return Effect.succeed([] as ReadonlyArray<PersonalFieldName>)
          const grant = authorize(
            options.reader,
            { kind: "read", readModel: "certificate-register", facility },
            options.policy ?? defaultPolicy
          )
          if (Either.isLeft(grant)) return Effect.fail(grant.left)
          const fields = grant.right._tag === "ReadGrant" ? grant.right.fields : []
          visible.set(facility, fields)
          return Effect.succeed(fields)
        })
      return yield* Effect.forEach(rows, (row) =>
        Effect.gen(function* () {
          const fields = yield* fieldsAt(row.facility)
          const person = yield* registry.get(row.holder_id)
          return {
            ...row,
            holder_name: Option.match(person, {
              onNone: () => null,
              onSome: (p) => (p.status === "erased" ? displayName(p) : present("fullName", p.fullName, fields))
            })
          }
        })
      )
    })

  const tableNamed = (name: string): Effect.Effect<Table, UnknownReadModel> => {
    const byTable = tables.find((t) => t.name === name)
    if (byTable !== undefined) return Effect.succeed(byTable)
    const byModel = engine.projections.find((p) => p.name === name && p.tables.length === 1)
    if (byModel !== undefined) return Effect.succeed(byModel.tables[0]!)
    return Effect.fail(new UnknownReadModel({ name, allowed: tables.map((t) => t.name) }))
  }

  const query: ReadModelsService["query"] = (name, filter = {}) =>
    Effect.gen(function* () {
      const table = yield* tableNamed(name)
      if (typeof filter !== "object" || filter === null || Array.isArray(filter))
        return yield* new InvalidFilter({ readModel: table.name, field: "filter", rule: "must be an object" })
      const normalized = Object.fromEntries(Object.entries(filter).map(([k, v]) => [snake(k), v]))
      const decoded = yield* Schema.decodeUnknown(filterSchema(table), { onExcessProperty: "error" })(normalized).pipe(
        Effect.mapError((error) => {
          const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
          return new InvalidFilter({
            readModel: table.name,
            field: issue?.path.join(".") || "filter",
            rule:
              issue?._tag === "Unexpected"
                ? `is not a column (one of ${table.columns.map((c) => c.name).join(", ")})`
                : (issue?.message ?? "is invalid")
          })
        })
      )
      const { limit, ...rest } = decoded as Record<string, string | number | boolean | undefined>
      return yield* store.select(table, {
        where: where(rest),
        ...(limit === undefined ? {} : { limit: limit as number })
      })
    })

  const exportRows: ReadModelsService["export"] = (name, filter, format) =>
    Effect.gen(function* () {
      const table = yield* tableNamed(name)
      const rows = yield* query(name, filter)
      return format === "csv" ? Export.csvOf(table, rows) : Export.jsonOf(table, rows)
    })

  return ReadModels.of({
    export: exportRows,
    roster: (filter = {}) => select(Roster.table, where(filter)),
    attendanceRegister: (filter = {}) => select(AttendanceRegister.table, where(filter)),
    sessionSummary: (filter = {}) => select(SessionSummary.table, where(filter)),
    participantAttendance: (filter = {}) => select(ParticipantAttendance.table, where(filter)),
    assessmentResults: (filter = {}) => select(AssessmentResults.table, where(filter)),
    transcript: (participantId) => select(Transcript.table, { participant_id: participantId }),
    programSummaries: (filter = {}) => select(ProgramSummary.table, where(filter)),
    summary,
    certificates,
    evaluation,
    timeline: (filter = {}) => {
      const { fromPosition, limit, ...rest } = filter
      return Effect.map(
        store.select(AuditTimeline.table, {
          where: where(rest),
          orderBy: ["position"],
          ...(fromPosition === undefined ? {} : { atLeast: { position: fromPosition } }),
          ...(limit === undefined ? {} : { limit })
        }),
        (rows) => rows as unknown as ReadonlyArray<AuditTimeline.Row>
      )
    },
    tables,
    query
  })
})

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<ReadModels, never, ProjectionStore | ParticipantRegistry | ProjectionEngine> =
  Layer.effect(ReadModels, make)
