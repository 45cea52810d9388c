/**
 * The access policy as the facility expects it, written by hand and independently of
 * src/policy/Policy.ts: the tests check the policy against these tables, cell by cell.
 */

const roleColumns = {
  PO: "program-officer",
  TR: "trainer",
  AS: "assessor",
  HF: "head-of-facility",
  SY: "system",
  DP: "data-protection-officer",
  AU: "auditor",
  MI: "ministry",
  AN: "analyst"
} as const

const commands = `
                          PO TR AS HF SY DP AU MI AN
DraftProgram              x  .  .  .  .  .  .  .  .
AttachAuthorisation       x  .  .  .  .  .  .  .  .
AddPartner                x  .  .  .  .  .  .  .  .
RemovePartner             x  .  .  .  .  .  .  .  .
PublishProgram            x  .  .  .  .  .  .  .  .
StartProgram              x  .  .  .  .  .  .  .  .
CloseProgram              .  .  .  x  .  .  .  .  .
CancelProgram             x  .  .  .  .  .  .  .  .
ArchiveProgram            x  .  .  .  .  .  .  .  .
AttachDocumentation       x  .  .  .  .  .  .  .  .
RecordEvaluation          x  .  .  .  .  .  .  .  .
ApplyToWaitlist           x  .  .  .  .  .  .  .  .
ApproveApplication        x  .  .  .  .  .  .  .  .
DeclineApplication        x  .  .  .  .  .  .  .  .
WithdrawApplication       x  .  .  .  .  .  .  .  .
EnrollParticipant         x  .  .  .  .  .  .  .  .
SuspendEnrollment         x  .  .  .  x  .  .  .  .
ResumeEnrollment          x  .  .  .  x  .  .  .  .
EndEnrollment             x  .  .  .  x  .  .  .  .
ScheduleSession           x  .  .  .  .  .  .  .  .
RescheduleSession         x  .  .  .  .  .  .  .  .
CancelSession             x  .  .  .  .  .  .  .  .
UncancelSession           x  .  .  .  .  .  .  .  .
RecordAttendance          x  x  .  .  .  .  .  .  .
CorrectAttendance         x  x  .  .  .  .  .  .  .
DefineAssessment          x  .  x  .  .  .  .  .  .
RecordAssessmentResult    .  x  x  .  .  .  .  .  .
CorrectAssessmentResult   .  x  x  .  .  .  .  .  .
VoidAssessmentResult      .  .  x  .  .  .  .  .  .
GrantReassessment         x  .  x  .  .  .  .  .  .
IssueCertificate          .  .  .  x  .  .  .  .  .
RevokeCertificate         .  .  .  x  .  .  .  .  .
ReissueCertificate        .  .  .  x  .  .  .  .  .
RegisterParticipant       x  .  .  .  x  .  .  .  .
EraseParticipant          .  .  .  .  .  x  .  .  .
`

const readModels = `
                          PO TR AS HF SY DP AU MI AN
roster                    x  x  x  x  x  .  x  .  .
attendance-register       x  x  .  x  .  .  x  .  .
session-summary           x  x  x  x  .  .  x  x  x
participant-attendance    x  x  x  x  .  .  x  .  .
assessment-results        x  x  x  x  .  .  x  .  .
transcript                x  .  .  x  x  x  x  .  .
certificate-register      x  .  .  x  .  .  x  x  .
program-summary           x  .  .  x  .  .  x  x  x
evaluation-report         x  .  .  x  .  .  x  x  x
audit-timeline            x  .  .  x  .  x  x  .  .
`

const parse = (text: string): ReadonlyMap<string, ReadonlySet<string>> => {
  const [header, ...rows] = text.trim().split("\n")
  const columns = header!.trim().split(/\s+/) as Array<keyof typeof roleColumns>
  const table = new Map<string, Set<string>>()
  for (const row of rows) {
    const [name, ...cells] = row.trim().split(/\s+/)
    table.set(name!, new Set(columns.filter((_, i) => cells[i] === "x").map((c) => roleColumns[c])))
  }
  return table
}

/** Command tag -> the roles that may execute it. */
export const expectedCommands = parse(commands)
/** Read model -> the roles that may read it. */
export const expectedReadModels = parse(readModels)
/** Every role, in the tables' column order. */
export const expectedRoles: ReadonlyArray<string> = Object.values(roleColumns)

/** Role -> scope and the personal fields it sees in clear. */
export const expectedRoleSettings = new Map<string, { scope: string; fields: ReadonlyArray<string> }>([
  ["program-officer", { scope: "own-facility", fields: ["fullName", "nip", "inmateNumber"] }],
  ["trainer", { scope: "own-facility", fields: ["fullName"] }],
  ["assessor", { scope: "own-facility", fields: ["fullName"] }],
  ["head-of-facility", { scope: "own-facility", fields: ["fullName", "nip", "inmateNumber"] }],
  ["system", { scope: "own-facility", fields: [] }],
  ["data-protection-officer", { scope: "all-facilities", fields: ["fullName", "nik", "nip", "inmateNumber"] }],
  ["auditor", { scope: "all-facilities", fields: ["fullName"] }],
  ["ministry", { scope: "all-facilities", fields: [] }],
  ["analyst", { scope: "all-facilities", fields: [] }]
])
