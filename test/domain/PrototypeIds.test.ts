/**
 * Ids that are also names of `Object.prototype` properties are ids like any other (issue 13,
 * class 5): the three examples of the issue, and the same for every kind of id the state keys.
 */
import { describe, expect, it } from "vitest"
import type { ActorId, ApplicationId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import {
  afterClosing,
  afterSessions,
  aid,
  attended,
  cid,
  closed,
  cmd,
  day,
  defined,
  drafted,
  enrolled,
  issued,
  letter,
  pid,
  programId,
  publishedProgram,
  runningProgram,
  scheduled,
  scored,
  sid
} from "./fixtures.js"
import { given, run } from "./givenWhenThen.js"

const prototypeNames = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"] as const

describe.each(prototypeNames)("an id named %s", (name) => {
  it("is a participant who can be enrolled (and only once)", () => {
    const enrol = new Program.EnrollParticipant({
      ...cmd(),
      participantId: pid(name),
      kind: "inmate",
      startDate: day("2024-09-03"),
      enrolledBy: "officer-1" as ActorId
    })
    given(publishedProgram)
      .when(enrol)
      .then([enrolled(name)])
    given([...publishedProgram, enrolled(name)])
      .when(enrol)
      .thenFails("AlreadyEnrolled")
  })

  it("is a partner that can be added, is then already added, and can be removed", () => {
    const added = new Program.PartnerAdded({ programId, organisation: name, role: "trainer" })
    given([drafted()])
      .when(new Program.AddPartner({ ...cmd(), organisation: name, role: "trainer" }))
      .then([added])
    given([drafted(), added])
      .when(new Program.AddPartner({ ...cmd(), organisation: name, role: "funder" }))
      .thenFails("PartnerAlreadyAdded")
    given([drafted(), added])
      .when(new Program.RemovePartner({ ...cmd(), organisation: name, reason: "withdrew" }))
      .then([new Program.PartnerRemoved({ programId, organisation: name, reason: "withdrew" })])
  })

  it("is not a partner until added: removing it is refused, and nothing is appended", () => {
    given([drafted()])
      .when(new Program.RemovePartner({ ...cmd(), organisation: name, reason: "withdrew" }))
      .thenFails("PartnerNotFound")
  })

  it("is a session and an assessment that can be defined once", () => {
    const schedule = new Program.ScheduleSession({
      ...cmd(),
      sessionId: sid(name),
      slot: new Program.SessionSlot({ date: day("2024-09-06"), start: "08:00" as never, end: "11:00" as never }),
      venue: "BLK",
      facilitators: ["Yayasan Batik Indonesia"],
      topic: "Batik"
    })
    given([drafted(), letter]).when(schedule).thenEmits("SessionScheduled")
    given([drafted(), letter, scheduled(name, "2024-09-06")])
      .when(schedule)
      .thenFails("SessionAlreadyScheduled")
    const { _tag, programId: _, ...definition } = defined(name)
    const define = new Program.DefineAssessment({ ...cmd(), ...definition })
    given([drafted()])
      .when(define)
      .then([defined(name)])
    given([drafted(), defined(name)])
      .when(define)
      .thenFails("AssessmentAlreadyDefined")
  })

  it("is an application on the waiting list", () => {
    const apply = new Program.ApplyToWaitlist({
      ...cmd(),
      applicationId: name as ApplicationId,
      participantId: pid("p1"),
      kind: "inmate"
    })
    const [applied] = given(publishedProgram).when(apply).thenEmits("WaitlistApplied")
    given([...publishedProgram, applied!])
      .when(new Program.ApproveApplication({ ...cmd(), applicationId: name as ApplicationId }))
      .thenEmits("ApplicationApproved")
    given(publishedProgram)
      .when(new Program.ApproveApplication({ ...cmd(), applicationId: name as ApplicationId }))
      .thenFails("ApplicationNotFound")
  })

  it("carries attendance, results and a certificate through to the end", () => {
    const { state } = run(
      [
        new Program.RecordAttendance({
          ...cmd(afterSessions),
          sessionId: sid("s1"),
          participantId: pid(name),
          outcome: "present"
        })
      ],
      replayOf([...runningProgram, enrolled(name), defined(name)])
    )
    expect(state.attendance.size).toBe(1)
    given([...runningProgram, enrolled(name), attended("s1", name)])
      .when(
        new Program.RecordAttendance({
          ...cmd(afterSessions),
          sessionId: sid("s1"),
          participantId: pid(name),
          outcome: "present"
        })
      )
      .thenFails("AttendanceAlreadyRecorded")
    given([...runningProgram, enrolled(name), defined(name), scored(name, name, 1, 80)])
      .when(
        new Program.RecordAssessmentResult({
          ...cmd(afterSessions),
          assessmentId: aid(name),
          participantId: pid(name),
          attempt: 1,
          value: new Program.Score({ value: 90 }),
          assessorId: "assessor-1" as ActorId
        })
      )
      .thenFails("AttemptOutOfSequence")
    const held = [...runningProgram, enrolled(name), closed, issued(name, name)]
    given(held)
      .when(new Program.RevokeCertificate({ ...cmd(afterClosing), certificateId: cid(name), reasonCode: "fraud" }))
      .thenEmits("CertificateRevoked")
    given([...runningProgram, enrolled("p1"), closed])
      .when(new Program.RevokeCertificate({ ...cmd(afterClosing), certificateId: cid(name), reasonCode: "fraud" }))
      .thenFails("CertificateNotFound")
  })
})

const replayOf = (events: ReadonlyArray<Program.Event>): Program.State =>
  events.reduce(Program.evolve, Program.initialState)

describe("an id that names an Object.prototype property", () => {
  it("is stored as data and pollutes no prototype", () => {
    const { state } = run(
      [
        new Program.EnrollParticipant({
          ...cmd(),
          participantId: pid("__proto__"),
          kind: "inmate",
          startDate: day("2024-09-03"),
          enrolledBy: "officer-1" as ActorId
        })
      ],
      replayOf(publishedProgram)
    )
    expect(state.enrollments.size).toBe(1)
    expect(state.enrollments.get(pid("__proto__"))?.participantId).toBe("__proto__")
    expect(({} as Record<string, unknown>)["kind"]).toBeUndefined()
    expect(({} as Record<string, unknown>)["participantId"]).toBeUndefined()
  })
})
