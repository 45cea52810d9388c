import { describe, expect, it } from "vitest"
import type { ActorId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import { afterSessions, aid, cmd, defined, enrolled, pid, programId, runningProgram, scored } from "./fixtures.js"
import { given } from "./givenWhenThen.js"

const define = (overrides: Partial<ConstructorParameters<typeof Program.DefineAssessment>[0]> = {}) => {
  const { _tag, ...fields } = defined("a1")
  return new Program.DefineAssessment({ ...cmd(), ...fields, ...overrides })
}
const record = (attempt: number, value: Program.ResultValue, assessorId = "assessor-1", participantId = "p1") =>
  new Program.RecordAssessmentResult({
    ...cmd(afterSessions),
    assessmentId: aid("a1"),
    participantId: pid(participantId),
    attempt,
    value,
    assessorId: assessorId as ActorId
  })
const score = (value: number) => new Program.Score({ value })
const withA1 = [...runningProgram, defined("a1"), enrolled("p1")]

describe("DefineAssessment", () => {
  it("defines an assessment with its scale and pass mark", () => {
    given(runningProgram)
      .when(define())
      .then([defined("a1")])
  })

  it("refuses min >= max and a pass mark outside the scale, and a second definition", () => {
    given(runningProgram)
      .when(define({ min: 100, max: 100 }))
      .thenFails("InvalidAssessmentScale")
    const error = given(runningProgram)
      .when(define({ passMark: 120 }))
      .thenFails("InvalidAssessmentScale")
    expect(error.message).toBe("Assessment a1: passMark = 120 is invalid (must be in [0, 100])")
    given([...runningProgram, defined("a1")])
      .when(define())
      .thenFails("AssessmentAlreadyDefined")
  })
})

describe("RecordAssessmentResult", () => {
  it("records attempt 1 and stores whether it passed against the pass mark at the time", () => {
    given(withA1)
      .when(record(1, score(70)))
      .then([scored("a1", "p1", 1, 70)])
  })

  it("refuses a score out of range or of the wrong type", () => {
    given(withA1)
      .when(record(1, score(101)))
      .thenFails("InvalidResultValue")
    given(withA1)
      .when(record(1, new Program.Competency({ value: "competent" })))
      .thenFails("InvalidResultValue")
  })

  it("refuses a participant assessing themselves", () => {
    given(withA1)
      .when(record(1, score(90), "p1"))
      .thenFails("AssessorIsParticipant")
  })

  it("numbers attempts last + 1, up to maxAttempts unless a reassessment is granted", () => {
    given(withA1)
      .when(record(2, score(90)))
      .thenFails("AttemptOutOfSequence")
    const twoFailed = [...withA1, scored("a1", "p1", 1, 40), scored("a1", "p1", 2, 50)]
    given(twoFailed)
      .when(record(3, score(90)))
      .thenFails("AttemptsExhausted")
    const granted = new Program.ReassessmentGranted({
      programId,
      assessmentId: aid("a1"),
      participantId: pid("p1"),
      reason: "ill on the day"
    })
    given([...twoFailed, granted])
      .when(record(3, score(90)))
      .thenEmits("AssessmentResultRecorded")
  })

  it("takes no further attempt once passed", () => {
    given([...withA1, scored("a1", "p1", 1, 80)])
      .when(record(2, score(90)))
      .thenFails("AlreadyPassed")
  })

  it("records results only for enrolled participants", () => {
    given([...runningProgram, defined("a1")])
      .when(record(1, score(80)))
      .thenFails("NotEnrolled")
  })
})

describe("CorrectAssessmentResult, VoidAssessmentResult, GrantReassessment", () => {
  const correct = (attempt: number, value: number, reason = "marking error") =>
    new Program.CorrectAssessmentResult({
      ...cmd(afterSessions),
      assessmentId: aid("a1"),
      participantId: pid("p1"),
      attempt,
      value: score(value),
      reason
    })
  const voidIt = (attempt: number, reason = "assessed the wrong piece") =>
    new Program.VoidAssessmentResult({
      ...cmd(afterSessions),
      assessmentId: aid("a1"),
      participantId: pid("p1"),
      attempt,
      reason
    })
  const voided = new Program.AssessmentResultVoided({
    programId,
    assessmentId: aid("a1"),
    participantId: pid("p1"),
    attempt: 1,
    reason: "wrong piece"
  })

  it("corrects an attempt with a reason; pass or fail is decided again", () => {
    const [event] = given([...withA1, scored("a1", "p1", 1, 60)])
      .when(correct(1, 75))
      .thenEmits("AssessmentResultCorrected")
    expect(event?._tag === "AssessmentResultCorrected" && event.passed).toBe(true)
    given([...withA1, scored("a1", "p1", 1, 60)])
      .when(correct(1, 75, ""))
      .thenFails("ReasonRequired")
    given(withA1).when(correct(1, 75)).thenFails("AttemptNotFound")
  })

  it("a void cannot be voided, nor corrected", () => {
    given([...withA1, scored("a1", "p1", 1, 60)])
      .when(voidIt(1))
      .thenEmits("AssessmentResultVoided")
    given([...withA1, scored("a1", "p1", 1, 60), voided])
      .when(voidIt(1))
      .thenFails("AttemptVoided")
    given([...withA1, scored("a1", "p1", 1, 60), voided])
      .when(correct(1, 80))
      .thenFails("AttemptVoided")
  })

  it("grants a reassessment when the last attempt failed or was missed, not after a pass", () => {
    const grant = new Program.GrantReassessment({
      ...cmd(afterSessions),
      assessmentId: aid("a1"),
      participantId: pid("p1"),
      reason: "second chance"
    })
    given([...withA1, scored("a1", "p1", 1, 60)])
      .when(grant)
      .thenEmits("ReassessmentGranted")
    given(withA1).when(grant).thenEmits("ReassessmentGranted")
    given([...withA1, scored("a1", "p1", 1, 80)])
      .when(grant)
      .thenFails("ReassessmentNotNeeded")
  })

  it("the final result is the latest attempt neither voided nor superseded by a correction", () => {
    const { state } = given([
      ...withA1,
      scored("a1", "p1", 1, 40),
      scored("a1", "p1", 2, 90),
      new Program.AssessmentResultCorrected({
        programId,
        assessmentId: aid("a1"),
        participantId: pid("p1"),
        attempt: 1,
        value: score(72),
        passed: true,
        reason: "re-marked"
      }),
      new Program.AssessmentResultVoided({
        programId,
        assessmentId: aid("a1"),
        participantId: pid("p1"),
        attempt: 2,
        reason: "copied"
      })
    ]).when(voidIt(1))
    const final = Program.finalResult(state, aid("a1"), pid("p1"))
    expect(final?.attempt).toBe(1)
    expect(final?.value).toEqual(score(72))
    expect(final?.passed).toBe(true)
  })
})
