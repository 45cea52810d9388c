import { describe, expect, it } from "vitest"
import type { ActorId, ApplicationId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import {
  afterSessions,
  attended,
  cmd,
  day,
  drafted,
  enrolled,
  letter,
  pid,
  programId,
  publishedProgram,
  runningProgram,
  sid
} from "./fixtures.js"
import { given } from "./givenWhenThen.js"

const ap = (s: string) => s as ApplicationId
const enrol = (participantId: string, kind: "inmate" | "officer" | "detainee" = "inmate", extra: object = {}) =>
  new Program.EnrollParticipant({
    ...cmd(),
    participantId: pid(participantId),
    kind,
    startDate: day("2024-09-03"),
    enrolledBy: "officer-1" as ActorId,
    ...extra
  })

describe("the waiting list", () => {
  const applied = new Program.WaitlistApplied({
    programId,
    applicationId: ap("ap1"),
    participantId: pid("p1"),
    kind: "inmate"
  })

  it("takes an application", () => {
    given(publishedProgram)
      .when(
        new Program.ApplyToWaitlist({ ...cmd(), applicationId: ap("ap1"), participantId: pid("p1"), kind: "inmate" })
      )
      .then([applied])
  })

  it("keeps one open application per person", () => {
    const error = given([...publishedProgram, applied])
      .when(
        new Program.ApplyToWaitlist({ ...cmd(), applicationId: ap("ap2"), participantId: pid("p1"), kind: "inmate" })
      )
      .thenFails("ApplicationAlreadyOpen")
    expect(error.message).toBe("Participant p1 already has an open application (ap1): decide or withdraw it first")
  })

  it("refuses an application from someone already enrolled or not eligible", () => {
    given([...publishedProgram, enrolled("p1")])
      .when(
        new Program.ApplyToWaitlist({ ...cmd(), applicationId: ap("ap1"), participantId: pid("p1"), kind: "inmate" })
      )
      .thenFails("AlreadyEnrolled")
    given(publishedProgram)
      .when(
        new Program.ApplyToWaitlist({ ...cmd(), applicationId: ap("ap1"), participantId: pid("p9"), kind: "detainee" })
      )
      .thenFails("KindNotEligible")
  })

  it("decides an open application once; a decline for 'other' needs a note", () => {
    const approved = new Program.ApplicationApproved({ programId, applicationId: ap("ap1"), participantId: pid("p1") })
    given([...publishedProgram, applied])
      .when(new Program.ApproveApplication({ ...cmd(), applicationId: ap("ap1") }))
      .then([approved])
    given([...publishedProgram, applied, approved])
      .when(new Program.WithdrawApplication({ ...cmd(), applicationId: ap("ap1") }))
      .thenFails("ApplicationNotOpen")
    given([...publishedProgram, applied])
      .when(new Program.DeclineApplication({ ...cmd(), applicationId: ap("ap1"), reason: "other" }))
      .thenFails("ReasonRequired")
    given(publishedProgram)
      .when(new Program.ApproveApplication({ ...cmd(), applicationId: ap("ap9") }))
      .thenFails("ApplicationNotFound")
  })
})

describe("EnrollParticipant", () => {
  it("enrols an eligible participant in a published program", () => {
    given(publishedProgram)
      .when(enrol("p1"))
      .then([enrolled("p1")])
  })

  it("enrols only while the program is published or running", () => {
    given([drafted(), letter]).when(enrol("p1")).thenFails("ProgramStatusForbids")
  })

  it("refuses a kind the program is not open to, and a second enrolment", () => {
    given(publishedProgram).when(enrol("p1", "detainee")).thenFails("KindNotEligible")
    given([...publishedProgram, enrolled("p1")])
      .when(enrol("p1"))
      .thenFails("AlreadyEnrolled")
  })

  it("refuses a start date outside the program", () => {
    given(publishedProgram)
      .when(enrol("p1", "inmate", { startDate: day("2024-09-09") }))
      .thenFails("DateOutsideProgram")
  })

  it("stops at capacity unless an overbooking reason is given", () => {
    const full = [...publishedProgram, enrolled("p1"), enrolled("p2"), enrolled("p3")]
    const error = given(full).when(enrol("p4")).thenFails("CapacityReached")
    expect(error.message).toBe(
      "The program is full (3 of 3 places taken): give an overbooking reason to enrol beyond capacity"
    )
    given(full)
      .when(enrol("p4", "inmate", { overbookingReason: "release date in October, last chance" }))
      .then([
        new Program.ParticipantEnrolled({
          ...enrolled("p4"),
          overbookingReason: "release date in October, last chance"
        })
      ])
  })

  it("frees a seat when an enrolment ends", () => {
    const ended = new Program.EnrollmentEnded({
      programId,
      participantId: pid("p1"),
      reason: "withdrawn-own",
      lastDay: day("2024-09-03")
    })
    given([...publishedProgram, enrolled("p1"), enrolled("p2"), enrolled("p3"), ended])
      .when(enrol("p4"))
      .then([enrolled("p4")])
  })
})

describe("SuspendEnrollment and ResumeEnrollment", () => {
  const suspend = (reason: Program.SuspendEnrollment["reason"], from = "2024-09-04") =>
    new Program.SuspendEnrollment({ ...cmd(), participantId: pid("p1"), reason, from: day(from) })
  const autoSuspended = new Program.EnrollmentSuspended({
    programId,
    participantId: pid("p1"),
    reason: "court-custody",
    automatic: true,
    from: day("2024-09-04")
  })
  const staffSuspended = new Program.EnrollmentSuspended({
    programId,
    participantId: pid("p1"),
    reason: "health",
    automatic: false,
    from: day("2024-09-04")
  })
  const resume = (cause: Program.ResumeEnrollment["cause"]) =>
    new Program.ResumeEnrollment({ ...cmd(), participantId: pid("p1"), cause, on: day("2024-09-05") })

  it("marks custody suspensions as automatic", () => {
    given([...runningProgram, enrolled("p1")])
      .when(suspend("court-custody"))
      .then([autoSuspended])
  })

  it("suspends only an active enrolment", () => {
    given([...runningProgram, enrolled("p1"), autoSuspended])
      .when(suspend("health"))
      .thenFails("EnrollmentStatusForbids")
    given(runningProgram).when(suspend("health")).thenFails("NotEnrolled")
  })

  it("does not suspend over attendance already recorded", () => {
    given([...runningProgram, enrolled("p1"), attended("s2", "p1")])
      .when(suspend("health"))
      .thenFails("ConflictsWithRecordedAttendance")
  })

  it("a custody return resumes only an automatic suspension", () => {
    given([...runningProgram, enrolled("p1"), autoSuspended])
      .when(resume("custody-return"))
      .thenEmits("EnrollmentResumed")
    given([...runningProgram, enrolled("p1"), staffSuspended])
      .when(resume("custody-return"))
      .thenFails("EnrollmentStatusForbids")
    given([...runningProgram, enrolled("p1"), staffSuspended])
      .when(resume("staff-decision"))
      .thenEmits("EnrollmentResumed")
  })

  it("does not resume after a day with attendance recorded once the planned end had passed", () => {
    // suspended for 4 Sept only; the mark of 5 Sept is allowed since the planned end has passed
    const forOneDay = new Program.EnrollmentSuspended({ ...staffSuspended, to: day("2024-09-04") })
    const suspendedOneDay = [...runningProgram, enrolled("p1"), forOneDay]
    given(suspendedOneDay)
      .when(
        new Program.RecordAttendance({
          ...cmd(afterSessions),
          sessionId: sid("s3"),
          participantId: pid("p1"),
          outcome: "present"
        })
      )
      .thenEmits("AttendanceRecorded")
    const marked = [...suspendedOneDay, attended("s3", "p1")]
    // resuming on 6 Sept would put 5 Sept inside the suspension, under the recorded mark
    const late = new Program.ResumeEnrollment({
      ...cmd(),
      participantId: pid("p1"),
      cause: "staff-decision",
      on: day("2024-09-06")
    })
    const error = given(marked).when(late).thenFails("ConflictsWithRecordedAttendance")
    expect(error.message).toContain("resuming on 2024-09-06")
    expect(error.message).toContain("2024-09-05")
    // resuming on 5 Sept (or before) keeps the mark outside the suspension
    given(marked).when(resume("staff-decision")).thenEmits("EnrollmentResumed")
  })
})

describe("EndEnrollment", () => {
  const end = (participantId: string, reason: Program.EndEnrollment["reason"], extra: object = {}) =>
    new Program.EndEnrollment({
      ...cmd(afterSessions),
      participantId: pid(participantId),
      reason,
      lastDay: day("2024-09-04"),
      ...extra
    })

  it("ends an enrolment with a staff or custody reason", () => {
    given([...runningProgram, enrolled("p1")])
      .when(end("p1", "released"))
      .then([
        new Program.EnrollmentEnded({
          programId,
          participantId: pid("p1"),
          reason: "released",
          lastDay: day("2024-09-04")
        })
      ])
  })

  it("never uses custody reasons for officers", () => {
    const error = given([...runningProgram, enrolled("o1", "officer")])
      .when(end("o1", "released"))
      .thenFails("EndReasonNotAllowed")
    expect(error.message).toContain("never apply to officers")
  })

  it("requires a note for 'other', and keeps 'program-cancelled' for CancelProgram", () => {
    given([...runningProgram, enrolled("p1")])
      .when(end("p1", "other"))
      .thenFails("ReasonRequired")
    given([...runningProgram, enrolled("p1")])
      .when(end("p1", "other", { note: "moved to a work program" }))
      .thenEmits("EnrollmentEnded")
    given([...runningProgram, enrolled("p1")])
      .when(end("p1", "program-cancelled"))
      .thenFails("EndReasonNotAllowed")
  })

  it("does not end an enrolment twice", () => {
    const ended = new Program.EnrollmentEnded({
      programId,
      participantId: pid("p1"),
      reason: "released",
      lastDay: day("2024-09-04")
    })
    given([...runningProgram, enrolled("p1"), ended])
      .when(end("p1", "withdrawn-own"))
      .thenFails("EnrollmentStatusForbids")
  })

  it("does not end before a day with recorded attendance", () => {
    given([...runningProgram, enrolled("p1"), attended("s3", "p1")])
      .when(end("p1", "released"))
      .thenFails("ConflictsWithRecordedAttendance")
  })

  it("a suspended enrolment keeps its seat", () => {
    const suspended = new Program.EnrollmentSuspended({
      programId,
      participantId: pid("p1"),
      reason: "hospital-transfer",
      automatic: true,
      from: day("2024-09-04")
    })
    given([...runningProgram, enrolled("p1"), suspended, enrolled("p2"), enrolled("p3")])
      .when(
        new Program.EnrollParticipant({
          ...cmd(),
          participantId: pid("p4"),
          kind: "inmate",
          startDate: day("2024-09-04"),
          enrolledBy: "officer-1" as ActorId
        })
      )
      .thenFails("CapacityReached")
  })
})
