/**
 * The read models of `ReadModelsPort.ts`, computed by folding the log: the ProgramSummary
 * projection over `readAll` (one pass, memory per program, not per event) for `programs`; the
 * Program's own `evolve` over one stream, cut at the `--as-of` / `--recorded-by` bounds, for
 * `program`. Always current, and any cutoff can be answered; the cost is a read of the log (the
 * whole log for `programs`), which the projection engine's tables replace.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { replay } from "../domain/Decider.js"
import type { Projected } from "../domain/Envelope.js"
import type { AssessmentId, LocalDate, ParticipantId } from "../domain/Identifiers.js"
import * as Program from "../domain/Program.js"
import * as EventCodec from "../events/EventCodec.js"
import { ProgramNotFound } from "../ledger/Ledger.js"
import { EventStore } from "../ports/EventStore.js"
import * as ProgramSummary from "../projections/ProgramSummary.js"
import * as AsOf from "./AsOf.js"
import { ProgramNotFoundAsOf } from "./Failures.js"
import {
  type AssessmentResultRow,
  type CertificateRow,
  type ProgramListing,
  ReadModels,
  type ReadModelsService,
  type RosterRow,
  type SessionRow
} from "./ReadModelsPort.js"

const programPrefix = Program.streamId("")

interface Listed {
  state: ProgramSummary.State
  events: number
  lastPosition: number
}

const listing = (programId: string, listed: Listed): ProgramListing => {
  const summary = ProgramSummary.view(listed.state)
  return {
    programId,
    title: summary.title,
    facility: summary.facility,
    timeZone: listed.state.facts.definition?.timeZone ?? "UTC",
    status: summary.status,
    plannedStart: summary.plannedStart,
    plannedEnd: summary.plannedEnd,
    startedAt: summary.startedAt,
    closedAt: summary.closedAt,
    enrolled: summary.enrolled,
    completed: summary.completed,
    certified: summary.certified,
    events: listed.events,
    lastPosition: listed.lastPosition
  }
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b)

const showValue = (value: Program.ResultValue): string => (value._tag === "Score" ? String(value.value) : value.value)

/** The rows of one program's read models from its events (already cut). */
const rows = (events: ReadonlyArray<Projected<Program.Event>>) => {
  const state = replay(
    Program.decider,
    events.map((e) => e.event)
  )
  const enrolledAt = new Map<string, Date>()
  const topics = new Map<string, string>()
  const titles = new Map<string, string>()
  for (const e of events) {
    if (e.event._tag === "ParticipantEnrolled") enrolledAt.set(e.event.participantId, e.occurredAt)
    else if (e.event._tag === "SessionScheduled") topics.set(e.event.sessionId, e.event.topic)
    else if (e.event._tag === "AssessmentDefined") titles.set(e.event.assessmentId, e.event.title)
  }

  const enrollments = [...state.enrollments.values()]
  // A session is held once attendance was recorded for it (the program summary's definition): a
  // replay in the middle of a program does not count the sessions still to come.
  const held = [...state.sessions.values()].filter(
    (s) =>
      !s.cancelled && enrollments.some((e) => state.attendance.get(Program.attendanceKey(s.sessionId, e.participantId)))
  )
  const excusedLeave = state.definition?.completionPolicy.excusedAbsencesLeaveDenominator === true
  const attendance = (e: Program.Enrollment) => {
    let applicable = 0
    let attended = 0
    for (const s of held) {
      if (Program.notAttendingOn(e, s.slot.date as LocalDate) !== undefined) continue
      const outcome = state.attendance.get(Program.attendanceKey(s.sessionId, e.participantId))?.current.outcome
      if (outcome === "excused-absence" && excusedLeave) continue
      applicable++
      if (outcome === "present" || outcome === "late") attended++
    }
    return { applicable, attended }
  }
  const roster: Array<RosterRow> = enrollments.map((e) => {
    const { applicable, attended } = attendance(e)
    return {
      participantId: e.participantId,
      kind: e.kind,
      status: e.status,
      startDate: e.startDate,
      endDate: e.lastDay ?? null,
      endReason: e.endReason ?? null,
      enrolledBy: e.enrolledBy,
      enrolledAt: enrolledAt.get(e.participantId) ?? new Date(Number.NaN),
      applicable,
      attended,
      attendanceRatio: ratio(attended, applicable)
    }
  })

  const sessions: Array<SessionRow> = [...state.sessions.values()]
    .sort((a, b) => `${a.slot.date} ${a.slot.start}`.localeCompare(`${b.slot.date} ${b.slot.start}`))
    .map((s) => {
      const counts = { present: 0, late: 0, excused: 0, unexcused: 0 }
      let enrolled = 0
      for (const e of enrollments) {
        if (Program.notAttendingOn(e, s.slot.date as LocalDate) !== undefined) continue
        enrolled++
        const mark = state.attendance.get(Program.attendanceKey(s.sessionId, e.participantId))
        if (mark === undefined) continue
        const outcome = mark.current.outcome
        if (outcome === "present") counts.present++
        else if (outcome === "late") counts.late++
        else if (outcome === "excused-absence") counts.excused++
        else counts.unexcused++
      }
      const marks = counts.present + counts.late + counts.excused + counts.unexcused
      return {
        sessionId: s.sessionId,
        date: s.slot.date,
        start: s.slot.start,
        end: s.slot.end,
        topic: topics.get(s.sessionId) ?? "",
        cancelled: s.cancelled,
        held: !s.cancelled && marks > 0,
        enrolled,
        ...counts,
        notRecorded: Math.max(0, enrolled - marks),
        rate: ratio(counts.present + counts.late, marks)
      }
    })

  const results: Array<AssessmentResultRow> = []
  for (const assessment of [...state.assessments.values()]) {
    for (const e of enrollments) {
      const track = state.results.get(Program.resultKey(assessment.assessmentId, e.participantId))
      if (track === undefined || track.attempts.length === 0) continue
      const final = Program.finalResult(
        state,
        assessment.assessmentId as AssessmentId,
        e.participantId as ParticipantId
      )
      results.push({
        participantId: e.participantId,
        assessmentId: assessment.assessmentId,
        title: titles.get(assessment.assessmentId) ?? assessment.title,
        attempts: track.attempts.length,
        finalResult: final === undefined ? null : showValue(final.value),
        passed: final?.passed === true
      })
    }
  }

  const folded = ProgramSummary.view(
    events.reduce(
      ProgramSummary.evolve,
      ProgramSummary.initialState(state.programId ?? events[0]?.event.programId ?? "")
    )
  )
  // Before the closing, the completion rule counts every session not cancelled as held (the
  // program as planned, `Definitions.isHeld`); a replay in the middle of a program reports the
  // sessions that had taken place by then: those with attendance recorded.
  const summary =
    folded.status === "closed" ? folded : { ...folded, sessionsHeld: sessions.filter((s) => s.held).length }
  const certificates: Array<CertificateRow> = summary.certificates.map((c) => ({
    certificateId: c.certificateId,
    number: c.number,
    type: c.type,
    participantId: c.participantId,
    kind: c.kind ?? null,
    issuedAt: c.issuedAt,
    status: c.status
  }))
  return { summary, roster, sessions, results, certificates }
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const store = yield* EventStore

  const programs: ReadModelsService["programs"] = () =>
    store.readAll({ batchSize: 1000 }).pipe(
      Stream.filter((e) => e.streamId.startsWith(programPrefix)),
      Stream.mapEffect(EventCodec.decodeProgram),
      Stream.runFold(new Map<string, Listed>(), (programs, e) => {
        const id = e.event.programId
        const listed = programs.get(id) ?? {
          state: ProgramSummary.initialState(id),
          events: 0,
          lastPosition: 0
        }
        listed.state = ProgramSummary.evolve(listed.state, e)
        listed.events += 1
        listed.lastPosition = e.position
        programs.set(id, listed)
        return programs
      }),
      Effect.map((programs) => Array.from(programs, ([id, listed]) => listing(id, listed)))
    )

  const program: ReadModelsService["program"] = (programId, asOf) =>
    Effect.gen(function* () {
      const stored = yield* store.readStreamArray(Program.streamId(programId))
      if (stored.length === 0) return yield* new ProgramNotFound({ programId })
      const all = yield* Effect.forEach(stored, EventCodec.decodeProgram)
      const drafted = all.find((e) => e.event._tag === "ProgramDrafted")
      const timeZone = drafted?.event._tag === "ProgramDrafted" ? drafted.event.timeZone : "UTC"
      const cutoff = AsOf.resolve(asOf, timeZone)
      const events = all.filter(AsOf.includes(cutoff))
      if (events.length === 0) {
        return yield* new ProgramNotFoundAsOf({ programId, cutoff: AsOf.describe(asOf, timeZone) })
      }
      return {
        programId,
        timeZone,
        cutoff,
        events: events.length,
        totalEvents: all.length,
        lastPosition: events[events.length - 1]!.position,
        ...rows(events)
      }
    })

  return ReadModels.of({ programs, program })
})

/**
 * The read models by folding the log of the `EventStore` in context.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<ReadModels, never, EventStore> = Layer.effect(ReadModels, make)
