import { describe, expect, it } from "vitest"
import * as Program from "../../src/domain/Program.js"
import {
  at,
  closed,
  cmd,
  day,
  draftFields,
  drafted,
  enrolled,
  hash,
  letter,
  programId,
  publishedProgram,
  runningProgram,
  scheduled,
  started
} from "./fixtures.js"
import { given } from "./givenWhenThen.js"

describe("DraftProgram", () => {
  it("drafts a program with its dates, zone, capacity and completion policy", () => {
    given([])
      .when(new Program.DraftProgram({ ...cmd(), ...draftFields }))
      .then([drafted()])
  })

  it("refuses an end date before the start date", () => {
    const error = given([])
      .when(new Program.DraftProgram({ ...cmd(), ...draftFields, plannedEnd: day("2024-09-01") }))
      .thenFails("InvalidProgramField")
    expect(error.field).toBe("plannedEnd")
  })

  it("refuses a time zone that is not an IANA zone, at the boundary and in decide", () => {
    const fields = { ...cmd(), ...draftFields, timeZone: "WIB" }
    expect(() => new Program.DraftProgram(fields)).toThrow(/IANA time zone/)
    // a command built in code without validation still meets the rule in decide
    const error = given([])
      .when(new Program.DraftProgram(fields, { disableValidation: true }))
      .thenFails("InvalidProgramField")
    expect(error.field).toBe("timeZone")
  })

  it("refuses a capacity of zero", () => {
    given([])
      .when(new Program.DraftProgram({ ...cmd(), ...draftFields, capacity: 0 }))
      .thenFails("InvalidProgramField")
  })

  it("refuses a policy threshold outside 0..1", () => {
    given([])
      .when(
        new Program.DraftProgram({
          ...cmd(),
          ...draftFields,
          completionPolicy: new Program.CompletionPolicy({ ...draftFields.completionPolicy, minAttendanceRatio: 80 })
        })
      )
      .thenFails("InvalidProgramField")
  })

  it("refuses a number template without a sequence", () => {
    given([])
      .when(new Program.DraftProgram({ ...cmd(), ...draftFields, certificateNumberTemplate: "SERT/{year}" }))
      .thenFails("InvalidProgramField")
  })

  it("drafts a program only once", () => {
    given([drafted()])
      .when(new Program.DraftProgram({ ...cmd(), ...draftFields }))
      .thenFails("ProgramAlreadyDrafted")
  })

  it("refuses any other command before the draft, and commands for another program", () => {
    given([]).when(new Program.PublishProgram(cmd())).thenFails("ProgramNotFound")
    given([drafted()])
      .when(new Program.PublishProgram({ ...cmd(), programId: "PRG-2" as typeof programId }))
      .thenFails("ProgramMismatch")
  })
})

describe("AttachAuthorisation, AddPartner, RemovePartner", () => {
  it("attaches the letter verbatim", () => {
    given([drafted()])
      .when(
        new Program.AttachAuthorisation({
          ...cmd(),
          letterNumber: letter.letterNumber,
          letterDate: letter.letterDate,
          issuer: letter.issuer,
          subject: letter.subject
        })
      )
      .then([letter])
  })

  it("refuses changes to an archived program", () => {
    given([...runningProgram, closed, new Program.ProgramArchived({ programId })])
      .when(new Program.AddPartner({ ...cmd(), organisation: "Yayasan Batik Indonesia", role: "trainer" }))
      .thenFails("ProgramStatusForbids")
  })

  it("adds a partner once, and removes only a partner", () => {
    const added = new Program.PartnerAdded({ programId, organisation: "Yayasan Batik Indonesia", role: "trainer" })
    given([drafted()])
      .when(new Program.AddPartner({ ...cmd(), organisation: "Yayasan Batik Indonesia", role: "trainer" }))
      .then([added])
    given([drafted(), added])
      .when(new Program.AddPartner({ ...cmd(), organisation: "Yayasan Batik Indonesia", role: "funder" }))
      .thenFails("PartnerAlreadyAdded")
    given([drafted()])
      .when(new Program.RemovePartner({ ...cmd(), organisation: "Dekranasda", reason: "withdrew" }))
      .thenFails("PartnerNotFound")
  })
})

describe("PublishProgram and StartProgram", () => {
  it("publishes a drafted program that has its letter", () => {
    given([drafted(), letter])
      .when(new Program.PublishProgram(cmd()))
      .then([new Program.ProgramPublished({ programId })])
  })

  it("does not publish without the authorisation letter", () => {
    given([drafted()]).when(new Program.PublishProgram(cmd())).thenFails("ReasonRequired")
  })

  it("goes in order: a published program is not published again", () => {
    given(publishedProgram).when(new Program.PublishProgram(cmd())).thenFails("ProgramStatusForbids")
    given([drafted(), letter]).when(new Program.StartProgram(cmd())).thenFails("ProgramStatusForbids")
  })

  it("starts only with at least one session", () => {
    given([drafted(), letter, new Program.ProgramPublished({ programId })])
      .when(new Program.StartProgram(cmd()))
      .thenFails("NoSessionsScheduled")
    given(publishedProgram).when(new Program.StartProgram(cmd())).then([started])
  })
})

describe("CloseProgram, CancelProgram, ArchiveProgram", () => {
  it("closes a running program at the command's instant", () => {
    given(runningProgram)
      .when(new Program.CloseProgram(cmd("2024-09-07T03:00:00Z")))
      .then([closed])
  })

  it("closes only a running program", () => {
    given(publishedProgram).when(new Program.CloseProgram(cmd())).thenFails("ProgramStatusForbids")
  })

  it("cancelling ends every enrolment and cancels the sessions not yet started", () => {
    given([...runningProgram, enrolled("p1"), enrolled("p2")])
      .when(new Program.CancelProgram({ ...cmd("2024-09-04T06:00:00Z"), reasonCode: "security-lockdown" }))
      .then([
        new Program.ProgramCancelled({ programId, reasonCode: "security-lockdown" }),
        new Program.SessionCancelled({
          programId,
          sessionId: scheduled("s3", "2024-09-05").sessionId,
          reasonCode: "security-lockdown",
          note: "the program was cancelled"
        }),
        new Program.EnrollmentEnded({
          programId,
          participantId: enrolled("p1").participantId,
          reason: "program-cancelled",
          lastDay: day("2024-09-04")
        }),
        new Program.EnrollmentEnded({
          programId,
          participantId: enrolled("p2").participantId,
          reason: "program-cancelled",
          lastDay: day("2024-09-04")
        })
      ])
  })

  it("does not cancel a closed program", () => {
    given([...runningProgram, closed])
      .when(new Program.CancelProgram({ ...cmd(), reasonCode: "funding-withdrawn" }))
      .thenFails("ProgramStatusForbids")
  })

  it("archives only a closed or cancelled program", () => {
    given(runningProgram).when(new Program.ArchiveProgram(cmd())).thenFails("ProgramStatusForbids")
    given([...runningProgram, closed])
      .when(new Program.ArchiveProgram(cmd()))
      .then([new Program.ProgramArchived({ programId })])
  })
})

describe("AttachDocumentation and RecordEvaluation", () => {
  const attach = new Program.AttachDocumentation({
    ...cmd(),
    documentId: "doc-1" as Program.AttachDocumentation["documentId"],
    kind: "attendance-sheet",
    sha256: hash as Program.AttachDocumentation["sha256"],
    uri: "archive://lpcip/daftar-hadir.pdf",
    containsPersonalData: true
  })

  it("attaches a reference and its hash, once per document id", () => {
    const [event] = given(runningProgram).when(attach).thenEmits("DocumentationAttached")
    given([...runningProgram, event!])
      .when(attach)
      .thenFails("DocumentAlreadyAttached")
  })

  it("records an evaluation only once the program is closed", () => {
    const evaluate = new Program.RecordEvaluation({
      ...cmd(),
      findings: "attendance fell on day 3",
      recommendation: "revise"
    })
    given(runningProgram).when(evaluate).thenFails("ProgramStatusForbids")
    given([...runningProgram, closed])
      .when(evaluate)
      .thenEmits("EvaluationRecorded")
  })
})

describe("the decider's bookkeeping", () => {
  it("names the program's stream and the schema version of each event", () => {
    expect(Program.streamId(programId)).toBe("program-PRG-1")
    // Certificates carry the holder's name (encrypted) from version 2; the others are at 1.
    const certificates = new Set(["CertificateIssued", "CertificateReissued"])
    for (const [type, version] of Object.entries(Program.eventSchemaVersion)) {
      expect(version, type).toBe(certificates.has(type) ? 2 : 1)
    }
    expect(Program.upcasters.map((u) => `${u.type} ${u.fromVersion}->${u.toVersion}`)).toEqual([
      "CertificateIssued 1->2",
      "CertificateReissued 1->2"
    ])
    expect(Object.keys(Program.eventSchemaVersion)).toHaveLength(Program.Event.members.length)
  })

  it("keeps the closing instant", () => {
    const { state } = given([...runningProgram, closed]).when(new Program.ArchiveProgram(cmd()))
    expect(state.closedAtMillis).toBe(at("2024-09-07T03:00:00Z").epochMillis)
  })
})
