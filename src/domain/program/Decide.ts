/**
 * `decide`: what a command means for the program, dispatched on its tag to one small function
 * per command in `./decide/*` (by area). Pure: "now" is the command's `occurredAt`, ids and
 * hashes come in on the command.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type * as C from "./Commands.js"
import * as Assessments from "./decide/Assessments.js"
import * as Attendance from "./decide/Attendance.js"
import * as Certificates from "./decide/Certificates.js"
import type { Result } from "./decide/Context.js"
import { contextOf } from "./decide/Context.js"
import * as Enrolment from "./decide/Enrolment.js"
import * as Lifecycle from "./decide/Lifecycle.js"
import * as Sessions from "./decide/Sessions.js"
import * as Waitlist from "./decide/Waitlist.js"
import type { State } from "./State.js"

export { attendanceOf } from "./decide/Certificates.js"

/**
 * Decides what a command means for the program: the events to append, or why not.
 *
 * @since 0.1.0
 * @category decide
 */
export const decide = (command: C.Command, state: State): Result => {
  if (command._tag === "DraftProgram") return Lifecycle.draftProgram(command, state)
  return Either.flatMap(contextOf(command, state), (ctx): Result => {
    switch (command._tag) {
      case "AttachAuthorisation":
        return Lifecycle.attachAuthorisation(command, ctx)
      case "AddPartner":
        return Lifecycle.addPartner(command, ctx)
      case "RemovePartner":
        return Lifecycle.removePartner(command, ctx)
      case "PublishProgram":
        return Lifecycle.publishProgram(command, ctx)
      case "StartProgram":
        return Lifecycle.startProgram(command, ctx)
      case "CloseProgram":
        return Lifecycle.closeProgram(command, ctx)
      case "CancelProgram":
        return Lifecycle.cancelProgram(command, ctx)
      case "ArchiveProgram":
        return Lifecycle.archiveProgram(command, ctx)
      case "AttachDocumentation":
        return Lifecycle.attachDocumentation(command, ctx)
      case "RecordEvaluation":
        return Lifecycle.recordEvaluation(command, ctx)
      case "ApplyToWaitlist":
        return Waitlist.applyToWaitlist(command, ctx)
      case "ApproveApplication":
      case "DeclineApplication":
      case "WithdrawApplication":
        return Waitlist.decideApplication(command, ctx)
      case "EnrollParticipant":
        return Enrolment.enrollParticipant(command, ctx)
      case "SuspendEnrollment":
        return Enrolment.suspendEnrollment(command, ctx)
      case "ResumeEnrollment":
        return Enrolment.resumeEnrollment(command, ctx)
      case "EndEnrollment":
        return Enrolment.endEnrollment(command, ctx)
      case "ScheduleSession":
        return Sessions.scheduleSession(command, ctx)
      case "RescheduleSession":
        return Sessions.rescheduleSession(command, ctx)
      case "CancelSession":
        return Sessions.cancelSession(command, ctx)
      case "UncancelSession":
        return Sessions.uncancelSession(command, ctx)
      case "RecordAttendance":
        return Attendance.recordAttendance(command, ctx)
      case "CorrectAttendance":
        return Attendance.correctAttendance(command, ctx)
      case "DefineAssessment":
        return Assessments.defineAssessment(command, ctx)
      case "RecordAssessmentResult":
        return Assessments.recordAssessmentResult(command, ctx)
      case "CorrectAssessmentResult":
        return Assessments.correctAssessmentResult(command, ctx)
      case "VoidAssessmentResult":
        return Assessments.voidAssessmentResult(command, ctx)
      case "GrantReassessment":
        return Assessments.grantReassessment(command, ctx)
      case "IssueCertificate":
        return Certificates.issueCertificate(command, ctx)
      case "RevokeCertificate":
        return Certificates.revokeCertificate(command, ctx)
      case "ReissueCertificate":
        return Certificates.reissueCertificate(command, ctx)
    }
  })
}
