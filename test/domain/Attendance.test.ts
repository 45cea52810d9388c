import { describe, expect, it } from "vitest"
import * as Program from "../../src/domain/Program.js"
import type { AbsenceReasonCode, AttendanceOutcome } from "../../src/domain/ReferenceData.js"
import {
  afterSessions,
  attended,
  closed,
  cmd,
  day,
  enrolled,
  pid,
  programId,
  publishedProgram,
  runningProgram,
  scheduled,
  sid,
  slot
} from "./fixtures.js"
import { given } from "./givenWhenThen.js"

const schedule = (sessionId: string, date: string, start = "08:00", end = "11:00") =>
  new Program.ScheduleSession({
    ...cmd(),
    sessionId: sid(sessionId),
    slot: slot(date, start, end),
    venue: "BLK",
    facilitators: ["Yayasan Batik Indonesia"],
    topic: "Batik"
  })

describe("ScheduleSession", () => {
  it("schedules a session inside the program's dates", () => {
    given(publishedProgram)
      .when(schedule("s4", "2024-09-06"))
      .then([scheduled("s4", "2024-09-06")])
  })

  it("refuses a date outside the program, an end before the start, a duplicate, an overlap", () => {
    given(publishedProgram).when(schedule("s4", "2024-09-08")).thenFails("DateOutsideProgram")
    given(publishedProgram)
      .when(schedule("s4", "2024-09-06", "13:00", "11:00"))
      .thenFails("InvalidPeriod")
    given(publishedProgram).when(schedule("s1", "2024-09-06")).thenFails("SessionAlreadyScheduled")
    given(publishedProgram)
      .when(schedule("s4", "2024-09-03", "10:00", "12:00"))
      .thenFails("SessionOverlaps")
  })

  it("refuses sessions in a cancelled program", () => {
    given([...publishedProgram, new Program.ProgramCancelled({ programId, reasonCode: "funding-withdrawn" })])
      .when(schedule("s4", "2024-09-06"))
      .thenFails("ProgramStatusForbids")
  })
})

describe("RescheduleSession, CancelSession, UncancelSession", () => {
  it("reschedules a session before any attendance, not after", () => {
    const move = new Program.RescheduleSession({
      ...cmd(),
      sessionId: sid("s1"),
      to: slot("2024-09-06"),
      reason: "trainer delayed"
    })
    given(runningProgram).when(move).thenEmits("SessionRescheduled")
    given([...runningProgram, enrolled("p1"), attended("s1", "p1")])
      .when(move)
      .thenFails("SessionHasAttendance")
  })

  it("cancels a session once, with a note when the reason is 'other'", () => {
    const cancelled = new Program.SessionCancelled({ programId, sessionId: sid("s2"), reasonCode: "security-lockdown" })
    given(runningProgram)
      .when(new Program.CancelSession({ ...cmd(), sessionId: sid("s2"), reasonCode: "security-lockdown" }))
      .then([cancelled])
    given([...runningProgram, cancelled])
      .when(new Program.CancelSession({ ...cmd(), sessionId: sid("s2"), reasonCode: "security-lockdown" }))
      .thenFails("SessionIsCancelled")
    given(runningProgram)
      .when(new Program.CancelSession({ ...cmd(), sessionId: sid("s2"), reasonCode: "other" }))
      .thenFails("ReasonRequired")
  })

  it("uncancels only a session that has not started yet", () => {
    const cancelled = new Program.SessionCancelled({ programId, sessionId: sid("s2"), reasonCode: "security-lockdown" })
    // s2 starts on 4 September at 08:00 WIB = 01:00Z
    given([...runningProgram, cancelled])
      .when(new Program.UncancelSession({ ...cmd("2024-09-04T00:59:00Z"), sessionId: sid("s2") }))
      .then([new Program.SessionUncancelled({ programId, sessionId: sid("s2") })])
    given([...runningProgram, cancelled])
      .when(new Program.UncancelSession({ ...cmd("2024-09-04T01:00:00Z"), sessionId: sid("s2") }))
      .thenFails("SessionAlreadyPast")
  })
})

describe("RecordAttendance", () => {
  const record = (
    sessionId: string,
    participantId: string,
    outcome: AttendanceOutcome = "present",
    reasonCode?: AbsenceReasonCode,
    note?: string
  ) =>
    new Program.RecordAttendance({
      ...cmd(afterSessions),
      sessionId: sid(sessionId),
      participantId: pid(participantId),
      outcome,
      ...(reasonCode === undefined ? {} : { reasonCode }),
      ...(note === undefined ? {} : { note })
    })
  const withP1 = [...runningProgram, enrolled("p1")]

  it("records a participant enrolled and attending that day", () => {
    given(withP1)
      .when(record("s1", "p1"))
      .then([attended("s1", "p1")])
  })

  it("refuses a cancelled session, and a session that has not taken place", () => {
    given([...withP1, new Program.SessionCancelled({ programId, sessionId: sid("s1"), reasonCode: "public-holiday" })])
      .when(record("s1", "p1"))
      .thenFails("SessionIsCancelled")
    given(withP1)
      .when(new Program.RecordAttendance({ ...record("s3", "p1"), occurredAt: cmd("2024-09-04T05:00:00Z").occurredAt }))
      .thenFails("SessionNotHeld")
  })

  it("a late enrolment starts at its start date: earlier sessions are not the participant's", () => {
    const error = given([...runningProgram, enrolled("p2", "inmate", "2024-09-04")])
      .when(record("s1", "p2", "unexcused-absence", "refused"))
      .thenFails("ParticipantNotAttending")
    expect(error.message).toBe(
      "Participant p2 was not attending the program on 2024-09-03 (session s1): the enrolment starts on 2024-09-04"
    )
  })

  it("refuses participants not enrolled, ended before that day, or suspended on it", () => {
    given(runningProgram).when(record("s1", "p9")).thenFails("NotEnrolled")
    given([
      ...withP1,
      new Program.EnrollmentEnded({
        programId,
        participantId: pid("p1"),
        reason: "released",
        lastDay: day("2024-09-03")
      })
    ])
      .when(record("s2", "p1"))
      .thenFails("ParticipantNotAttending")
    given([
      ...withP1,
      new Program.EnrollmentSuspended({
        programId,
        participantId: pid("p1"),
        reason: "court-custody",
        automatic: true,
        from: day("2024-09-04"),
        to: day("2024-09-04")
      })
    ])
      .when(record("s2", "p1"))
      .thenFails("ParticipantNotAttending")
  })

  it("records once: a second mark is a correction", () => {
    given([...withP1, attended("s1", "p1")])
      .when(record("s1", "p1", "late"))
      .thenFails("AttendanceAlreadyRecorded")
  })

  it("reads the absence reason's flags: reason required, excused must match, officers only, note required", () => {
    given(withP1)
      .when(record("s1", "p1", "unexcused-absence"))
      .thenFails("AbsenceReasonMismatch")
    given(withP1)
      .when(record("s1", "p1", "excused-absence", "refused"))
      .thenFails("AbsenceReasonMismatch")
    given(withP1)
      .when(record("s1", "p1", "excused-absence", "on-duty"))
      .thenFails("AbsenceReasonMismatch")
    given([...runningProgram, enrolled("o1", "officer")])
      .when(record("s1", "o1", "excused-absence", "on-duty"))
      .thenEmits("AttendanceRecorded")
    given(withP1)
      .when(record("s1", "p1", "unexcused-absence", "other"))
      .thenFails("ReasonRequired")
    given(withP1)
      .when(record("s1", "p1", "excused-absence", "court-hearing"))
      .thenEmits("AttendanceRecorded")
    given(withP1)
      .when(record("s1", "p1", "present", "sick"))
      .thenFails("AbsenceReasonMismatch")
  })

  it("may be typed in after the closing, for sessions held before it", () => {
    given([...withP1, closed])
      .when(record("s1", "p1"))
      .thenEmits("AttendanceRecorded")
  })
})

describe("CorrectAttendance", () => {
  const correct = (correctionReason: string) =>
    new Program.CorrectAttendance({
      ...cmd(afterSessions),
      sessionId: sid("s1"),
      participantId: pid("p1"),
      outcome: "excused-absence",
      reasonCode: "court-hearing",
      correctionReason
    })

  it("corrects a recorded mark with a reason and keeps the history", () => {
    const { result, state } = given([...runningProgram, enrolled("p1"), attended("s1", "p1")]).when(
      correct("sidang letter arrived")
    )
    expect(result._tag).toBe("Right")
    if (result._tag === "Right") {
      const after = result.right.reduce(Program.evolve, state)
      const entry = [...after.attendance.values()][0]!
      expect(entry.current.outcome).toBe("excused-absence")
      expect(entry.history.map((m) => m.outcome)).toEqual(["present"])
    }
  })

  it("needs something recorded and a reason", () => {
    given([...runningProgram, enrolled("p1")])
      .when(correct("x"))
      .thenFails("AttendanceNotRecorded")
    given([...runningProgram, enrolled("p1"), attended("s1", "p1")])
      .when(correct(" "))
      .thenFails("ReasonRequired")
  })
})
