/**
 * Events and command parts for the given/when/then tests: a program "PRG-1" at LPCIP,
 * 3 to 7 September 2024, Asia/Jakarta, with sessions s1..s3 on the 3rd, 4th and 5th.
 */
import * as DateTime from "effect/DateTime"
import type {
  ActorId,
  AssessmentId,
  CertificateId,
  LocalDate,
  LocalTime,
  ParticipantId,
  ProgramId,
  SessionId
} from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import type { AbsenceReasonCode, AttendanceOutcome, ParticipantKind } from "../../src/domain/ReferenceData.js"

export const programId = "PRG-1" as ProgramId
export const at = (iso: string): DateTime.Utc => DateTime.unsafeMake(iso)
export const day = (s: string) => s as LocalDate
export const pid = (s: string) => s as ParticipantId
export const sid = (s: string) => s as SessionId
export const aid = (s: string) => s as AssessmentId
export const cid = (s: string) => s as CertificateId
export const hash = "ab".repeat(32)

/** Command base: this program, at an instant. */
export const cmd = (iso = "2024-08-20T02:00:00Z") => ({ programId, occurredAt: at(iso) })
/** After the sessions, before the closing. */
export const afterSessions = "2024-09-06T01:00:00Z"
/** After the closing (7 September 2024, 10:00 WIB). */
export const afterClosing = "2024-09-07T04:00:00Z"

export const policy = (overrides: Partial<ConstructorParameters<typeof Program.CompletionPolicy>[0]> = {}) =>
  new Program.CompletionPolicy({
    minAttendanceRatio: 0.8,
    excusedAbsencesLeaveDenominator: true,
    requiredAssessments: "all",
    requireEnrollmentCompleted: true,
    allowParticipationCertificate: false,
    ...overrides
  })

export const draftFields = {
  title: "Bimtek Wirausaha Baru IKM Batik",
  category: "Pembinaan kemandirian",
  facility: "LPCIP" as Program.DraftProgram["facility"],
  timeZone: "Asia/Jakarta",
  venue: "BLK",
  plannedStart: day("2024-09-03"),
  plannedEnd: day("2024-09-07"),
  capacity: 3,
  eligibleKinds: ["inmate", "officer"] as ReadonlyArray<ParticipantKind>,
  completionPolicy: policy(),
  certificateType: "Sertifikat Pelatihan",
  certificateNumberTemplate: Program.defaultCertificateNumberTemplate
}

export const drafted = (overrides: Partial<ConstructorParameters<typeof Program.ProgramDrafted>[0]> = {}) =>
  new Program.ProgramDrafted({ programId, ...draftFields, ...overrides })

export const letter = new Program.AuthorisationAttached({
  programId,
  letterNumber: "B-535/IKMA.3/IND/VII/2024",
  letterDate: day("2024-07-29"),
  issuer: "Ditjen IKMA, Kementerian Perindustrian",
  subject: "Bimtek Wirausaha Baru IKM Batik"
})
export const published = new Program.ProgramPublished({ programId })
export const started = new Program.ProgramStarted({ programId })
export const closed = new Program.ProgramClosed({ programId, closedAt: at("2024-09-07T03:00:00Z") })

export const slot = (date: string, start = "08:00", end = "11:00") =>
  new Program.SessionSlot({ date: day(date), start: start as LocalTime, end: end as LocalTime })

export const scheduled = (sessionId: string, date: string, start = "08:00", end = "11:00") =>
  new Program.SessionScheduled({
    programId,
    sessionId: sid(sessionId),
    slot: slot(date, start, end),
    venue: "BLK",
    facilitators: ["Yayasan Batik Indonesia"],
    topic: "Batik"
  })

export const enrolled = (participantId: string, kind: ParticipantKind = "inmate", startDate = "2024-09-03") =>
  new Program.ParticipantEnrolled({
    programId,
    participantId: pid(participantId),
    kind,
    startDate: day(startDate),
    enrolledBy: "officer-1" as ActorId
  })

export const attended = (
  sessionId: string,
  participantId: string,
  outcome: AttendanceOutcome = "present",
  reasonCode?: AbsenceReasonCode
) =>
  new Program.AttendanceRecorded({
    programId,
    sessionId: sid(sessionId),
    participantId: pid(participantId),
    outcome,
    ...(reasonCode === undefined ? {} : { reasonCode })
  })

export const defined = (
  assessmentId: string,
  overrides: Partial<ConstructorParameters<typeof Program.AssessmentDefined>[0]> = {}
) =>
  new Program.AssessmentDefined({
    programId,
    assessmentId: aid(assessmentId),
    title: "Karya batik",
    instrument: "practical",
    resultType: "score",
    min: 0,
    max: 100,
    passMark: 70,
    weight: 1,
    competencyUnits: [],
    maxAttempts: 2,
    ...overrides
  })

export const scored = (assessmentId: string, participantId: string, attempt: number, score: number) =>
  new Program.AssessmentResultRecorded({
    programId,
    assessmentId: aid(assessmentId),
    participantId: pid(participantId),
    attempt,
    value: new Program.Score({ value: score }),
    passed: score >= 70,
    assessorId: "assessor-1" as ActorId
  })

/** A holder name as the Ledger records it: encrypted, opaque to the domain. */
export const sealedName =
  "enc:v1:AAAAAAAAAAAAAAAA:c2VhbGVkLW5hbWU:AAAAAAAAAAAAAAAAAAAAAA" as Program.CertificateIssued["holderName"]

export const issued = (certificateId: string, participantId: string, sequence = 7) =>
  new Program.CertificateIssued({
    programId,
    certificateId: cid(certificateId),
    participantId: pid(participantId),
    type: "completion",
    number: `${String(sequence).padStart(3, "0")}/SERT-BLK/LPCIP/IX/2024`,
    sequence,
    verificationCodeHash: hash as Program.CertificateIssued["verificationCodeHash"],
    holderName: sealedName,
    issuedAt: at(afterClosing),
    issuer: "LPCIP" as Program.CertificateIssued["issuer"],
    signatories: [new Program.Signatory({ title: "Kepala Lapas" })]
  })

/** A published program with its letter and three sessions. */
export const publishedProgram: ReadonlyArray<Program.Event> = [
  drafted(),
  letter,
  scheduled("s1", "2024-09-03"),
  scheduled("s2", "2024-09-04"),
  scheduled("s3", "2024-09-05"),
  published
]
/** The same program, running. */
export const runningProgram: ReadonlyArray<Program.Event> = [...publishedProgram, started]
