/**
 * The laws of the Program aggregate, over generated command sequences drawn from small id
 * pools (see arbitraries.ts). Oracles are computed from the raw list of accepted events,
 * independently of `evolve` and of the domain's own queries.
 *
 * Every law runs twice: over ordinary ids (`p1`, `s1`...) and over ids that are names of
 * `Object.prototype` properties (`constructor`, `__proto__`, `toString`...), which must behave
 * exactly alike: ids are data, never object keys.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { replay } from "../../src/domain/Decider.js"
import * as Program from "../../src/domain/Program.js"
import type { Pools } from "./arbitraries.js"
import { ordinary, ordinaryPools, prototypeNames, prototypePools } from "./arbitraries.js"
import { check } from "./check.js"

// a property run over hundreds of generated programs takes tens of seconds on a busy machine
const LONG = { timeout: 300_000 }

const RUNS = { numRuns: 500 }

interface Step {
  readonly command: Program.Command
  readonly before: Program.State
  readonly result: Either.Either<ReadonlyArray<Program.Event>, Program.ProgramError>
}

const execute = (commands: ReadonlyArray<Program.Command>) => {
  let state = Program.initialState
  const events: Array<Program.Event> = []
  const steps: Array<Step> = []
  for (const command of commands) {
    const result = Program.decide(command, state)
    steps.push({ command, before: state, result })
    if (Either.isRight(result))
      for (const event of result.right) {
        events.push(event)
        state = Program.evolve(state, event)
      }
  }
  return { state, events, steps }
}

// ---- an independent reading of the event list ----------------------------------------------

interface OEnrolment {
  start: string
  lastDay?: string
  endReason?: string
  status: "active" | "suspended" | "ended"
  overbooked: boolean
  suspensions: Array<{ from: string; to?: string; resumedOn?: string }>
}
interface OAttempt {
  attempt: number
  value: Program.ResultValue
  voided: boolean
}

/** Jakarta is UTC+7 all year; the generator only drafts Jakarta programs that get accepted. */
const jakartaMillis = (date: string, time: string): number => Date.parse(`${date}T${time}:00+07:00`)

class Oracle {
  capacity = 0
  policy: Program.CompletionPolicy | undefined
  closedAt: number | undefined
  readonly enrolments = new Map<string, OEnrolment>()
  readonly sessions = new Map<string, { date: string; start: string; cancelled: boolean }>()
  readonly marks = new Map<string, string>()
  readonly definitions = new Map<string, Program.AssessmentDefined>()
  readonly attempts = new Map<string, Array<OAttempt>>()

  attendingOn(participantId: string, date: string): boolean {
    const e = this.enrolments.get(participantId)
    if (e === undefined || date < e.start) return false
    if (e.lastDay !== undefined && date > e.lastDay) return false
    return !e.suspensions.some(
      (s) => date >= s.from && (s.resumedOn !== undefined ? date < s.resumedOn : s.to === undefined || date <= s.to)
    )
  }

  passes(assessmentId: string, value: Program.ResultValue): boolean {
    const d = this.definitions.get(assessmentId)!
    return value._tag === "Score" ? value.value >= d.passMark : value.value === "competent"
  }

  final(assessmentId: string, participantId: string): OAttempt | undefined {
    const live = (this.attempts.get(`${assessmentId}/${participantId}`) ?? []).filter((a) => !a.voided)
    return live.sort((a, b) => b.attempt - a.attempt)[0]
  }

  ratio(participantId: string): { attended: number; applicable: number } {
    let attended = 0
    let applicable = 0
    for (const [sessionId, s] of this.sessions) {
      if (s.cancelled || !this.attendingOn(participantId, s.date)) continue
      if (this.closedAt !== undefined && jakartaMillis(s.date, s.start) > this.closedAt) continue
      const mark = this.marks.get(`${sessionId}/${participantId}`)
      if (mark === "excused-absence" && this.policy!.excusedAbsencesLeaveDenominator) continue
      applicable++
      if (mark === "present" || mark === "late") attended++
    }
    return { attended, applicable }
  }

  apply(event: Program.Event): void {
    switch (event._tag) {
      case "ProgramDrafted":
        this.capacity = event.capacity
        this.policy = event.completionPolicy
        return
      case "ProgramClosed":
        this.closedAt = event.closedAt.epochMillis
        return
      case "ParticipantEnrolled":
        this.enrolments.set(event.participantId, {
          start: event.startDate,
          status: "active",
          overbooked: event.overbookingReason !== undefined,
          suspensions: []
        })
        return
      case "EnrollmentSuspended": {
        const e = this.enrolments.get(event.participantId)!
        e.status = "suspended"
        e.suspensions.push(event.to === undefined ? { from: event.from } : { from: event.from, to: event.to })
        return
      }
      case "EnrollmentResumed": {
        const e = this.enrolments.get(event.participantId)!
        e.status = "active"
        e.suspensions[e.suspensions.length - 1]!.resumedOn = event.on
        return
      }
      case "EnrollmentEnded": {
        const e = this.enrolments.get(event.participantId)!
        e.status = "ended"
        e.lastDay = event.lastDay
        e.endReason = event.reason
        return
      }
      case "SessionScheduled":
        this.sessions.set(event.sessionId, { date: event.slot.date, start: event.slot.start, cancelled: false })
        return
      case "SessionRescheduled": {
        const s = this.sessions.get(event.sessionId)!
        s.date = event.to.date
        s.start = event.to.start
        return
      }
      case "SessionCancelled":
        this.sessions.get(event.sessionId)!.cancelled = true
        return
      case "SessionUncancelled":
        this.sessions.get(event.sessionId)!.cancelled = false
        return
      case "AttendanceRecorded":
      case "AttendanceCorrected":
        this.marks.set(`${event.sessionId}/${event.participantId}`, event.outcome)
        return
      case "AssessmentDefined":
        this.definitions.set(event.assessmentId, event)
        return
      case "AssessmentResultRecorded": {
        const key = `${event.assessmentId}/${event.participantId}`
        this.attempts.set(key, [
          ...(this.attempts.get(key) ?? []),
          { attempt: event.attempt, value: event.value, voided: false }
        ])
        return
      }
      case "AssessmentResultCorrected":
        this.attempts
          .get(`${event.assessmentId}/${event.participantId}`)!
          .filter((a) => a.attempt === event.attempt)
          .forEach((a) => (a.value = event.value))
        return
      case "AssessmentResultVoided":
        this.attempts
          .get(`${event.assessmentId}/${event.participantId}`)!
          .filter((a) => a.attempt === event.attempt)
          .forEach((a) => (a.voided = true))
        return
      default:
        return
    }
  }
}

const encodeEvent = Schema.encodeSync(Program.Event)
const decodeEvent = Schema.decodeUnknownSync(Program.Event)
const encodeCommand = Schema.encodeSync(Program.Command)
const decodeCommand = Schema.decodeUnknownSync(Program.Command)
const viaJson = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

const outcomeOf = (r: Step["result"]) =>
  Either.isRight(r)
    ? { events: r.right.map((e) => encodeEvent(e)) }
    : { error: r.left._tag, message: r.left.message, fields: Schema.encodeSync(Program.ProgramError)(r.left) }

// JSON of the state, maps included (JSON.stringify writes a Map as `{}`)
const snapshotOf = (state: Program.State): string =>
  JSON.stringify(state, (_, v: unknown) => (v instanceof Map ? [...v.entries()] : v))

describe.each([
  ["ordinary ids", ordinary],
  ["ids that are Object.prototype names", prototypeNames]
])(
  "Program laws over generated command sequences (%s)",
  LONG,
  (_, { assessments, commandSequenceArb, participants }) => {
    it("1. replaying the emitted events from the initial state reproduces the state", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { state, events } = execute(commands)
          expect(replay(Program.decider, events)).toEqual(state)
        },
        RUNS
      )
    })

    it("2. no sequence certifies completion below the attendance ratio or without the required assessments (oracle)", async () => {
      let runs = 0
      let runsWithCertificates = 0
      let certificatesChecked = 0
      await check(
        commandSequenceArb,
        (commands) => {
          runs++
          const { events } = execute(commands)
          const oracle = new Oracle()
          let issued = 0
          for (const event of events) {
            if (event._tag === "CertificateIssued" && event.type === "completion") {
              issued++
              certificatesChecked++
              const policy = oracle.policy!
              const { attended, applicable } = oracle.ratio(event.participantId)
              expect(applicable).toBeGreaterThan(0)
              expect(attended / applicable).toBeGreaterThanOrEqual(policy.minAttendanceRatio)
              const required =
                policy.requiredAssessments === "all" ? [...oracle.definitions.keys()] : policy.requiredAssessments
              for (const assessmentId of required) {
                const final = oracle.final(assessmentId, event.participantId)
                expect(final, `${event.participantId} has a result for ${assessmentId}`).toBeDefined()
                expect(oracle.passes(assessmentId, final!.value)).toBe(true)
              }
              if (policy.requireEnrollmentCompleted) {
                const e = oracle.enrolments.get(event.participantId)!
                expect(e.status === "active" || e.endReason === "completed").toBe(true)
              }
            }
            oracle.apply(event)
          }
          if (issued > 0) runsWithCertificates++
        },
        RUNS
      )
      // the law is not vacuous: a good share of the runs reach issued certificates
      console.log(
        `law 2: ${runsWithCertificates} of ${runs} runs issued ${certificatesChecked} completion certificates`
      )
      // about a quarter of the runs issue one (sd about 0.02 at 500 runs): 0.15 leaves 5 sd of room
      expect(runsWithCertificates / runs).toBeGreaterThan(0.15)
      expect(certificatesChecked).toBeGreaterThan(100)
    })

    it("3. active enrolments never exceed capacity unless each excess carries an overbooking reason", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { events } = execute(commands)
          const oracle = new Oracle()
          for (const event of events) {
            oracle.apply(event)
            const open = [...oracle.enrolments.values()].filter((e) => e.status !== "ended")
            const overbooked = open.filter((e) => e.overbooked).length
            expect(open.length).toBeLessThanOrEqual(oracle.capacity + overbooked)
            expect(open.length - overbooked).toBeLessThanOrEqual(oracle.capacity)
          }
        },
        RUNS
      )
    })

    it("4. no attendance for a cancelled session, or for a participant not enrolled and attending that day", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { events } = execute(commands)
          const oracle = new Oracle()
          for (const event of events) {
            if (event._tag === "AttendanceRecorded") {
              const session = oracle.sessions.get(event.sessionId)
              expect(session).toBeDefined()
              expect(session!.cancelled).toBe(false)
              expect(oracle.attendingOn(event.participantId, session!.date)).toBe(true)
            }
            oracle.apply(event)
          }
          // and nothing later makes a recorded mark contradict the enrolment or the session
          for (const key of oracle.marks.keys()) {
            const [sessionId, participantId] = key.split("/") as [string, string]
            const session = oracle.sessions.get(sessionId)!
            expect(session.cancelled).toBe(false)
            expect(oracle.attendingOn(participantId, session.date)).toBe(true)
          }
        },
        RUNS
      )
    })

    it("5. the final result is the latest attempt neither voided nor superseded (oracle)", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { events, state } = execute(commands)
          const oracle = new Oracle()
          events.forEach((e) => oracle.apply(e))
          for (const assessmentId of assessments)
            for (const participantId of participants) {
              const expected = oracle.final(assessmentId, participantId)
              const actual = Program.finalResult(state, assessmentId, participantId)
              expect(actual?.attempt).toEqual(expected?.attempt)
              expect(actual?.value).toEqual(expected?.value)
              if (expected !== undefined) expect(actual!.passed).toBe(oracle.passes(assessmentId, expected.value))
            }
        },
        RUNS
      )
    })

    it("6. at most one valid certificate of a type per enrolment; a revoked one stays revoked", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { events, state } = execute(commands)
          const status = new Map<string, { participantId: string; type: string; status: string }>()
          const revoked = new Set<string>()
          const validOf = (participantId: string, type: string) =>
            [...status.values()].filter(
              (c) => c.participantId === participantId && c.type === type && c.status === "valid"
            )
          for (const event of events) {
            switch (event._tag) {
              case "CertificateIssued":
                expect(status.has(event.certificateId)).toBe(false)
                status.set(event.certificateId, {
                  participantId: event.participantId,
                  type: event.type,
                  status: "valid"
                })
                expect(validOf(event.participantId, event.type)).toHaveLength(1)
                break
              case "CertificateRevoked":
                expect(revoked.has(event.certificateId)).toBe(false)
                expect(status.get(event.certificateId)!.status).toBe("valid")
                status.get(event.certificateId)!.status = "revoked"
                revoked.add(event.certificateId)
                break
              case "CertificateReissued":
                expect(revoked.has(event.supersedes)).toBe(false)
                expect(status.get(event.supersedes)!.status).toBe("valid")
                status.get(event.supersedes)!.status = "superseded"
                status.set(event.newCertificateId, {
                  participantId: event.participantId,
                  type: event.type,
                  status: "valid"
                })
                expect(validOf(event.participantId, event.type)).toHaveLength(1)
                break
              default:
            }
          }
          for (const id of revoked)
            expect(state.certificates.get(id as Program.Certificate["certificateId"])!.status).toBe("revoked")
        },
        RUNS
      )
    })

    it("7. a rejected command emits nothing and leaves the state unchanged", async () => {
      let rejected = 0
      await check(
        commandSequenceArb,
        (commands) => {
          let state = Program.initialState
          for (const command of commands) {
            const snapshot = snapshotOf(state)
            const result = Program.decide(command, state)
            expect(snapshotOf(state)).toBe(snapshot)
            if (Either.isLeft(result)) {
              rejected++
              expect(result.left).toBeInstanceOf(Error)
              expect(result.left.message.length).toBeGreaterThan(0)
            } else {
              expect(result.right.length).toBeGreaterThan(0)
              for (const event of result.right) state = Program.evolve(state, event)
            }
          }
        },
        RUNS
      )
      expect(rejected).toBeGreaterThan(500)
    })

    it("8. decide is deterministic, also on a state rebuilt from the events", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { steps } = execute(commands)
          const events: Array<Program.Event> = []
          for (const step of steps) {
            const rebuilt = replay(Program.decider, events)
            const again = Program.decide(step.command, step.before)
            const onRebuilt = Program.decide(step.command, rebuilt)
            expect(outcomeOf(again)).toEqual(outcomeOf(step.result))
            expect(outcomeOf(onRebuilt)).toEqual(outcomeOf(step.result))
            if (Either.isRight(step.result)) events.push(...step.result.right)
          }
        },
        { numRuns: 500 }
      )
    })

    it("9. every command and event survives its JSON encoding", async () => {
      await check(
        commandSequenceArb,
        (commands) => {
          const { events } = execute(commands)
          for (const command of commands) {
            const encoded = encodeCommand(command)
            const decoded = decodeCommand(viaJson(encoded))
            expect(decoded._tag).toBe(command._tag)
            expect(encodeCommand(decoded)).toEqual(encoded)
          }
          for (const event of events) {
            const encoded = encodeEvent(event)
            const decoded = decodeEvent(viaJson(encoded))
            expect(decoded).toBeInstanceOf(event.constructor)
            expect(encodeEvent(decoded)).toEqual(encoded)
          }
        },
        RUNS
      )
    })
  }
)

// ---- renaming ids ----------------------------------------------------------------------------

const renaming = (from: Pools, to: Pools) => {
  const pool = (k: keyof Pools) => new Map(from[k].map((id, i) => [id, to[k][i]!]))
  const byField: Record<string, Map<string, string>> = {
    participantId: pool("participants"),
    assessorId: pool("participants"),
    sessionId: pool("sessions"),
    assessmentId: pool("assessments"),
    requiredAssessments: pool("assessments"),
    certificateId: pool("certificates"),
    supersedes: pool("certificates"),
    newCertificateId: pool("certificates"),
    applicationId: pool("applications"),
    documentId: pool("documents"),
    organisation: pool("organisations")
  }
  const rename = (u: unknown, map?: Map<string, string>): unknown => {
    if (typeof u === "string") return map?.get(u) ?? u
    if (Array.isArray(u)) return u.map((x) => rename(x, map))
    if (typeof u === "object" && u !== null)
      return Object.fromEntries(
        Object.entries(u).map(([k, v]) => [k, rename(v, Object.hasOwn(byField, k) ? byField[k] : map)])
      )
    return u
  }
  return (command: Program.Command): Program.Command => decodeCommand(rename(encodeCommand(command)))
}

describe("ids are data", LONG, () => {
  it("10. renaming every id to a name of an Object.prototype property changes no decision", async () => {
    const rename = renaming(ordinaryPools, prototypePools)
    let renamedIds = 0
    await check(
      ordinary.commandSequenceArb,
      (commands) => {
        const renamed = commands.map(rename)
        const a = execute(commands).steps
        const b = execute(renamed).steps
        for (let i = 0; i < a.length; i++) {
          const shape = (r: Step["result"]) => (Either.isRight(r) ? r.right.map((e) => e._tag) : { error: r.left._tag })
          expect(shape(b[i]!.result), `${commands[i]!._tag} at step ${i}`).toEqual(shape(a[i]!.result))
          if (JSON.stringify(encodeCommand(renamed[i]!)) !== JSON.stringify(encodeCommand(commands[i]!))) renamedIds++
        }
      },
      { numRuns: 300 }
    )
    // the renaming is not vacuous: most commands name an id
    expect(renamedIds).toBeGreaterThan(300 * 20)
  })
})
