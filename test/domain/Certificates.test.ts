import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import * as Numbering from "../../src/domain/CertificateNumbering.js"
import type { CertificateId, ProgramId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import {
  afterClosing,
  at,
  attended,
  cid,
  closed,
  cmd,
  day,
  defined,
  drafted,
  enrolled,
  hash,
  issued,
  pid,
  policy,
  programId,
  runningProgram,
  scored,
  sealedName
} from "./fixtures.js"
import { given } from "./givenWhenThen.js"

const issue = (
  participantId: string,
  overrides: Partial<ConstructorParameters<typeof Program.IssueCertificate>[0]> = {}
) =>
  new Program.IssueCertificate({
    ...cmd(afterClosing),
    certificateId: cid("c1"),
    participantId: pid(participantId),
    type: "completion",
    sequence: 7,
    verificationCodeHash: hash,
    holderName: sealedName,
    issuedAt: at(afterClosing),
    issuer: "LPCIP" as Program.IssueCertificate["issuer"],
    signatories: [new Program.Signatory({ title: "Kepala Lapas" })],
    ...overrides
  })

/** p1 attended all three sessions and passed a1. */
const completed = [
  ...runningProgram,
  defined("a1"),
  enrolled("p1"),
  attended("s1", "p1"),
  attended("s2", "p1"),
  attended("s3", "p1"),
  scored("a1", "p1", 1, 80)
]

describe("IssueCertificate", () => {
  it("issues a completion certificate numbered by the template in the program's time zone", () => {
    given([...completed, closed])
      .when(issue("p1"))
      .then([issued("c1", "p1")])
  })

  it("records the holder's name as the caller sealed it, and refuses a new certificate without one", () => {
    const error = given([...completed, closed])
      .when(issue("p1", { holderName: Program.NotRecorded }))
      .thenFails("InvalidCertificateField")
    expect(error.field).toBe("holderName")
  })

  it("issues only after the closing", () => {
    given(completed).when(issue("p1")).thenFails("ProgramStatusForbids")
  })

  it("refuses a participant below the attendance ratio, saying so in the officer's terms", () => {
    const error = given([
      ...runningProgram,
      defined("a1"),
      enrolled("p7"),
      attended("s1", "p7"),
      attended("s2", "p7"),
      scored("a1", "p7", 1, 90),
      closed
    ])
      .when(issue("p7"))
      .thenFails("AttendanceBelowThreshold")
    expect(error.message).toBe(
      "Participant p7 attended 2 of 3 sessions (67%), below the program's minimum of 80%: a completion certificate cannot be issued"
    )
  })

  it("counts excused absences out of the denominator when the policy says so", () => {
    const events = [
      ...runningProgram.slice(1),
      enrolled("p1"),
      attended("s1", "p1"),
      attended("s2", "p1"),
      attended("s3", "p1", "excused-absence", "court-hearing"),
      closed
    ]
    const lenient = drafted({ completionPolicy: policy({ requiredAssessments: [] }) })
    const strict = drafted({
      completionPolicy: policy({ requiredAssessments: [], excusedAbsencesLeaveDenominator: false })
    })
    given([lenient, ...events])
      .when(issue("p1"))
      .thenEmits("CertificateIssued")
    given([strict, ...events])
      .when(issue("p1"))
      .thenFails("AttendanceBelowThreshold")
  })

  it("does not count sessions before a late enrolment's start date", () => {
    given([
      drafted({ completionPolicy: policy({ requiredAssessments: [] }) }),
      ...runningProgram.slice(1),
      enrolled("p2", "inmate", "2024-09-04"),
      attended("s2", "p2"),
      attended("s3", "p2"),
      closed
    ])
      .when(issue("p2"))
      .thenEmits("CertificateIssued")
  })

  it("refuses a participant who has not passed a required assessment", () => {
    const error = given([...completed.slice(0, -1), scored("a1", "p1", 1, 65), closed])
      .when(issue("p1"))
      .thenFails("RequiredAssessmentNotPassed")
    expect(error.finalResult).toBe("65 on attempt 1")
  })

  it("refuses an enrolment that did not complete (released mid-program)", () => {
    given([
      ...completed,
      new Program.EnrollmentEnded({
        programId,
        participantId: pid("p1"),
        reason: "released",
        lastDay: day("2024-09-05")
      }),
      closed
    ])
      .when(issue("p1"))
      .thenFails("EnrollmentNotCompleted")
  })

  it("issues at most one valid certificate of a type per enrolment", () => {
    const error = given([...completed, closed, issued("c1", "p1")])
      .when(issue("p1", { certificateId: cid("c2"), sequence: 8 }))
      .thenFails("ValidCertificateExists")
    expect(error.certificateId).toBe("c1")
  })

  it("checks the verification code hash, the sequence and the certificate id", () => {
    given([...completed, closed])
      .when(issue("p1", { verificationCodeHash: "1234" }))
      .thenFails("InvalidCertificateField")
    given([...completed, closed])
      .when(issue("p1", { sequence: 0 }))
      .thenFails("InvalidCertificateField")
    given([...completed, closed, issued("c1", "p1")])
      .when(issue("p2", { certificateId: cid("c1") }))
      .thenFails("CertificateIdTaken")
  })

  it("issues a participation certificate only when the policy allows it and the participant attended", () => {
    given([...completed, closed])
      .when(issue("p1", { type: "participation" }))
      .thenFails("ParticipationCertificateNotAllowed")
    given([
      drafted({ completionPolicy: policy({ allowParticipationCertificate: true }) }),
      ...completed.slice(1),
      closed
    ])
      .when(issue("p1", { type: "participation" }))
      .thenEmits("CertificateIssued")
  })

  it("takes the year and month of the number from the program's time zone", () => {
    // 31 December 2024, 18:00Z is already 1 January 2025 in Jakarta
    const newYear = "2024-12-31T18:00:00Z"
    const state = given([...completed, closed]).when(issue("p1")).state
    const command = issue("p1", { issuedAt: at(newYear), occurredAt: at(newYear), sequence: 1 })
    expect(Program.numberingKey(command, state)).toEqual(Option.some({ issuer: "LPCIP", year: 2025 }))
    const [event] = given([...completed, closed])
      .when(command)
      .thenEmits("CertificateIssued")
    expect(event?._tag === "CertificateIssued" && event.number).toBe("001/SERT-BLK/LPCIP/I/2025")
    expect(Program.numberingKey(new Program.CloseProgram(cmd()), state)).toEqual(Option.none())
  })
})

describe("RevokeCertificate and ReissueCertificate", () => {
  const holding = [...completed, closed, issued("c1", "p1")]
  const revoke = new Program.RevokeCertificate({
    ...cmd(afterClosing),
    certificateId: cid("c1"),
    reasonCode: "issued-in-error"
  })
  const revoked = new Program.CertificateRevoked({ programId, certificateId: cid("c1"), reasonCode: "issued-in-error" })
  const reissue = new Program.ReissueCertificate({
    ...cmd(afterClosing),
    supersedes: cid("c1"),
    newCertificateId: cid("c2"),
    newSequence: 12,
    newVerificationCodeHash: "cd".repeat(32),
    holderName: sealedName,
    reason: "name misspelt on the printed certificate",
    issuedAt: at(afterClosing),
    issuer: "LPCIP" as Program.ReissueCertificate["issuer"]
  })

  it("revokes a valid certificate, permanently: the register keeps it as revoked", () => {
    given(holding).when(revoke).then([revoked])
    given([...holding, revoked])
      .when(revoke)
      .thenFails("CertificateNotValid")
    given([...holding, revoked])
      .when(reissue)
      .thenFails("CertificateNotValid")
    const { state } = given([...holding, revoked]).when(revoke)
    expect(state.certificates.get(cid("c1"))?.status).toBe("revoked")
  })

  it("reissues a valid certificate: the old one is superseded, the new one has its own number", () => {
    const [event] = given(holding).when(reissue).thenEmits("CertificateReissued")
    expect(event?._tag === "CertificateReissued" && event.newNumber).toBe("012/SERT-BLK/LPCIP/IX/2024")
    const after = Program.evolve(given(holding).when(reissue).state, event!)
    expect(after.certificates.get(cid("c1"))?.status).toBe("superseded")
    expect(after.certificates.get(cid("c2"))?.status).toBe("valid")
    expect(Program.validCertificate(after, pid("p1"), "completion")?.certificateId).toBe("c2")
  })

  it("refuses an unknown certificate", () => {
    given(holding)
      .when(new Program.RevokeCertificate({ ...revoke, certificateId: cid("c9") }))
      .thenFails("CertificateNotFound")
  })
})

describe("CertificateNumbering: gap-free numbers per issuer and year", () => {
  const allocate = (sequence: number, issuer = "LPCIP", year = 2024) =>
    new Numbering.AllocateCertificateNumber({
      issuer,
      year,
      sequence,
      number: `${String(sequence).padStart(3, "0")}/SERT-BLK/LPCIP/IX/2024`,
      certificateId: `c${sequence}` as CertificateId,
      programId: "PRG-1" as ProgramId,
      occurredAt: at(afterClosing)
    })
  const decideAll = (commands: ReadonlyArray<Numbering.AllocateCertificateNumber>) => {
    let state = Numbering.initialState
    for (const c of commands) {
      const r = Numbering.decide(c, state)
      if (Either.isLeft(r)) return r.left
      state = r.right.reduce(Numbering.evolve, state)
    }
    return state
  }

  it("names the stream by issuer and year", () => {
    expect(Numbering.streamId("LPCIP", 2024)).toBe("certificate-numbering-LPCIP-2024")
  })

  it("accepts only last + 1", () => {
    expect(decideAll([allocate(1), allocate(2), allocate(3)])).toEqual({ last: 3, issuer: "LPCIP", year: 2024 })
    expect(decideAll([allocate(1), allocate(3)])).toMatchObject({ _tag: "SequenceNotNext", expected: 2 })
    expect(decideAll([allocate(1), allocate(1)])).toMatchObject({ _tag: "SequenceNotNext", expected: 2 })
    expect(decideAll([allocate(2)])).toMatchObject({ _tag: "SequenceNotNext", expected: 1 })
  })

  it("refuses an allocation for another issuer or year on the same stream", () => {
    expect(decideAll([allocate(1), allocate(2, "LPCIP", 2025)])).toMatchObject({ _tag: "WrongNumberingStream" })
  })
})
