/**
 * The read models training-ledger ships, and which of them are inline by default.
 *
 * Inline by default (committed in the append's transaction; `execute` returns after them): the
 * program roster and the certificate register. They must be current the moment they change (an
 * officer checks who is enrolled; a certificate is verified right after it is issued), and they
 * read rare events (enrolments, certificates): on the other commands (nine in ten are attendance
 * marks) an inline read model costs only its checkpoint's move.
 *
 * Async by default (a worker follows the log, or a read brings them up to date): the program
 * summary, the attendance register, the session and participant attendance summaries, assessment
 * results, transcripts, evaluation material and the audit timeline. The summary and the register
 * change on every mark (a row written per command, measured at 2 to 3 times the cost of the
 * append on SQLite and more on PostgreSQL); the timeline gets a row per event; the attendance
 * summaries recount a whole cohort when a session changes. `summary()` and `readModel()` of the
 * Promise API bring an async read model to the head before reading it.
 *
 * @since 0.2.0
 */
import * as AssessmentResults from "./AssessmentResults.js"
import * as AttendanceRegister from "./AttendanceRegister.js"
import * as AuditTimeline from "./AuditTimeline.js"
import * as CertificateRegister from "./CertificateRegister.js"
import * as Evaluation from "./Evaluation.js"
import * as ParticipantAttendance from "./ParticipantAttendance.js"
import * as ProgramSummary from "./ProgramSummary.js"
import type * as Projection from "./Projection.js"
import * as Roster from "./Roster.js"
import * as SessionSummary from "./SessionSummary.js"
import * as Transcript from "./Transcript.js"

/**
 * Every built-in read model.
 *
 * @since 0.2.0
 * @category catalog
 */
export const builtIn: ReadonlyArray<Projection.Any<any>> = [
  Roster.projection,
  ProgramSummary.projection,
  CertificateRegister.projection,
  AttendanceRegister.projection,
  SessionSummary.projection,
  ParticipantAttendance.projection,
  AssessmentResults.projection,
  Transcript.projection,
  Evaluation.projection,
  AuditTimeline.projection
]

/**
 * The names of the read models committed inline by default.
 *
 * @since 0.2.0
 * @category catalog
 */
export const inlineByDefault: ReadonlyArray<string> = [Roster.projection.name, CertificateRegister.projection.name]
