/**
 * The founding case as data: "Bimtek Wirausaha Baru IKM Batik" at Lapas Kelas I Cipinang,
 * 3 to 7 September 2024, closed on 7 September at 10:00 WIB with certificates for three of its
 * 25 participants (one officer, two inmates).
 *
 * A pure builder: no clock, no randomness. Ids are deterministic strings; the caller supplies
 * the first certificate sequence (from the numbering stream) and the verification-code hashes,
 * so a demo can pass real ones. Display names are fictional and belong in the participant
 * registry, never in events.
 *
 * @since 0.1.0
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
} from "../domain/Identifiers.js"
import * as Program from "../domain/Program.js"
import { absenceOutcome } from "../domain/ReferenceData.js"
import type { AbsenceReasonCode, ParticipantKind } from "../domain/ReferenceData.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface FoundingParticipant {
  readonly participantId: ParticipantId
  readonly kind: ParticipantKind
  /** Fictional, for the participant registry only. */
  readonly displayName: string
}

/**
 * Why a participant was not certified: the error IssueCertificate answers with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shortfall {
  readonly participantId: ParticipantId
  readonly kind: ParticipantKind
  readonly reason: "EnrollmentNotCompleted" | "AttendanceBelowThreshold" | "RequiredAssessmentNotPassed"
  readonly explanation: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface FoundingCase {
  readonly programId: ProgramId
  readonly participants: ReadonlyArray<FoundingParticipant>
  /** From the draft to the closing, in business-time order. */
  readonly beforeCertificates: ReadonlyArray<Program.Command>
  /** The three IssueCertificate commands, at the closing. */
  readonly certificates: ReadonlyArray<Program.IssueCertificate>
  /** Documentation and evaluation after the closing. */
  readonly afterCertificates: ReadonlyArray<Program.Command>
  /** All of the above, in order. */
  readonly commands: ReadonlyArray<Program.Command>
  readonly certified: ReadonlyArray<{
    readonly participantId: ParticipantId
    readonly certificateId: CertificateId
    readonly expectedNumber: string
  }>
  readonly shortfalls: ReadonlyArray<Shortfall>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface FoundingCaseOptions {
  /** The sequence of the first certificate in the (LPCIP, 2024) numbering stream; default 7. */
  readonly firstSequence?: number
  /** The hex SHA-256 of each certificate's random verification code, computed by the caller. */
  readonly verificationCodeHash: (certificateId: CertificateId) => string
  readonly programId?: string
}

/**
 * The holder's name as a domain command carries it: encrypted with the holder's key, which only
 * the Ledger can do (it fills the field when it prepares the request: `Requests.fromDomain`
 * drops this placeholder). Decided directly by the domain (tests), this stands for a real one.
 */
const sealedPlaceholder = "enc:v1:AAAAAAAAAAAAAAAA:cGxhY2Vob2xkZXI:AAAAAAAAAAAAAAAAAAAAAA" as Program.HolderName

const WIB_OFFSET_HOURS = 7

/** An instant given as a wall-clock time in Jakarta (UTC+7, no DST). */
const wib = (date: string, time: string): DateTime.Utc => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const [h, min] = time.split(":").map(Number) as [number, number]
  return DateTime.unsafeMake(Date.UTC(y, m - 1, d, h - WIB_OFFSET_HOURS, min))
}

const pid = (n: number) => `cip-batik-2024-p${String(n).padStart(2, "0")}` as ParticipantId
const date = (s: string) => s as LocalDate
const time = (s: string) => s as LocalTime

const fictionalNames = [
  "Petugas Contoh Satu",
  "Petugas Contoh Dua",
  "Petugas Contoh Tiga",
  "Petugas Contoh Empat",
  "Petugas Contoh Lima",
  ...Array.from({ length: 20 }, (_, i) => `Warga Binaan Contoh ${i + 1}`)
]

/** What happens to each participant (index 1..25), designed so each shortfall has one cause. */
interface Plan {
  readonly kind: ParticipantKind
  readonly startDate?: string
  /** session index (0-based) -> an absence, or "late" */
  readonly marks?: Readonly<Record<number, "late" | { readonly code: AbsenceReasonCode; readonly note?: string }>>
  readonly end?: { readonly reason: "released" | "transferred" | "dismissed"; readonly lastDay: string }
  readonly suspend?: { readonly from: string; readonly resumeOn: string }
  readonly batik?: number
  readonly businessPlan?: "competent" | "not-yet-competent"
  readonly shortfall?: Omit<Shortfall, "participantId" | "kind">
}

const unexcused = { code: "other" as const, note: "tidak hadir tanpa keterangan" }
const refused = { code: "refused" as const }

const plans: ReadonlyArray<Plan> = [
  /* p01 */ { kind: "officer" },
  /* p02 */ {
    kind: "officer",
    marks: { 4: unexcused, 5: unexcused, 6: unexcused, 7: unexcused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 5 of 9 sessions (56%), minimum 80%" }
  },
  /* p03 */ {
    kind: "officer",
    marks: { 1: unexcused, 3: unexcused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 7 of 9 sessions (78%), minimum 80%" }
  },
  /* p04 */ {
    kind: "officer",
    batik: 60,
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "batik piece scored 60, pass mark 70" }
  },
  /* p05 */ {
    kind: "officer",
    marks: { 1: { code: "on-duty" } },
    businessPlan: "not-yet-competent",
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "business plan judged not yet competent" }
  },
  /* p06 */ { kind: "inmate", marks: { 2: { code: "court-hearing" }, 3: { code: "court-hearing" } } },
  /* p07 */ { kind: "inmate", startDate: "2024-09-04", marks: { 4: "late" } },
  /* p08 */ {
    kind: "inmate",
    end: { reason: "released", lastDay: "2024-09-04" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "released (bebas) after 4 September" }
  },
  /* p09 */ {
    kind: "inmate",
    end: { reason: "released", lastDay: "2024-09-05" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "released (bebas) after 5 September" }
  },
  /* p10 */ {
    kind: "inmate",
    end: { reason: "released", lastDay: "2024-09-05" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "released on parole (PB) after 5 September" }
  },
  /* p11 */ {
    kind: "inmate",
    end: { reason: "released", lastDay: "2024-09-06" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "released (bebas) after 6 September" }
  },
  /* p12 */ {
    kind: "inmate",
    end: { reason: "transferred", lastDay: "2024-09-05" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "transferred to another facility after 5 September" }
  },
  /* p13 */ {
    kind: "inmate",
    end: { reason: "dismissed", lastDay: "2024-09-04" },
    shortfall: { reason: "EnrollmentNotCompleted", explanation: "dismissed from the program after 4 September" }
  },
  /* p14 */ {
    kind: "inmate",
    marks: { 0: refused, 2: refused, 5: refused, 7: refused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 5 of 9 sessions (56%), minimum 80%" }
  },
  /* p15 */ {
    kind: "inmate",
    marks: { 1: refused, 3: refused, 6: unexcused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 6 of 9 sessions (67%), minimum 80%" }
  },
  /* p16 */ {
    kind: "inmate",
    marks: { 0: refused, 1: refused, 2: refused, 3: refused, 4: refused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 4 of 9 sessions (44%), minimum 80%" }
  },
  /* p17 */ {
    kind: "inmate",
    marks: { 2: { code: "sick" }, 6: refused, 7: refused },
    shortfall: {
      reason: "AttendanceBelowThreshold",
      explanation: "attended 6 of 8 applicable sessions (75%; the sick day is excused), minimum 80%"
    }
  },
  /* p18 */ {
    kind: "inmate",
    marks: { 7: unexcused, 8: unexcused },
    shortfall: { reason: "AttendanceBelowThreshold", explanation: "attended 7 of 9 sessions (78%), minimum 80%" }
  },
  /* p19 */ {
    kind: "inmate",
    batik: 55,
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "batik piece scored 55, pass mark 70" }
  },
  /* p20 */ {
    kind: "inmate",
    batik: 62,
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "batik piece scored 62, pass mark 70" }
  },
  /* p21 */ {
    kind: "inmate",
    batik: 68,
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "batik piece scored 68, pass mark 70" }
  },
  /* p22 */ {
    kind: "inmate",
    batik: 69,
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "batik piece scored 69, pass mark 70" }
  },
  /* p23 */ {
    kind: "inmate",
    businessPlan: "not-yet-competent",
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "business plan judged not yet competent" }
  },
  /* p24 */ {
    kind: "inmate",
    suspend: { from: "2024-09-05", resumeOn: "2024-09-06" },
    businessPlan: "not-yet-competent",
    shortfall: {
      reason: "RequiredAssessmentNotPassed",
      explanation: "business plan judged not yet competent (a court custody day on 5 September was not counted)"
    }
  },
  /* p25 */ {
    kind: "inmate",
    businessPlan: "not-yet-competent",
    shortfall: { reason: "RequiredAssessmentNotPassed", explanation: "business plan judged not yet competent" }
  }
]

const sessions: ReadonlyArray<{
  readonly date: string
  readonly start: string
  readonly end: string
  readonly topic: string
}> = [
  { date: "2024-09-03", start: "08:00", end: "11:30", topic: "Pengenalan batik dan alat" },
  { date: "2024-09-03", start: "13:00", end: "15:30", topic: "Pola dan canting" },
  { date: "2024-09-04", start: "08:00", end: "11:30", topic: "Mencanting" },
  { date: "2024-09-04", start: "13:00", end: "15:30", topic: "Pewarnaan" },
  { date: "2024-09-05", start: "08:00", end: "11:30", topic: "Pelorodan dan finishing" },
  { date: "2024-09-05", start: "13:00", end: "15:30", topic: "Kewirausahaan: produk dan harga" },
  { date: "2024-09-06", start: "08:00", end: "11:30", topic: "Praktik karya batik" },
  { date: "2024-09-06", start: "13:00", end: "15:30", topic: "Rencana usaha dan pemasaran" },
  { date: "2024-09-07", start: "07:30", end: "09:30", topic: "Presentasi karya dan rencana usaha" }
]

/**
 * Builds the founding case.
 *
 * @since 0.1.0
 * @category constructors
 */
export const foundingCase = (options: FoundingCaseOptions): FoundingCase => {
  const programId = (options.programId ?? "cip-batik-2024") as ProgramId
  const firstSequence = options.firstSequence ?? 7
  const officer = "officer-blk-01" as ActorId
  const assessor = "assessor-ybi-01" as ActorId
  const batikPiece = "batik-piece" as AssessmentId
  const businessPlan = "business-plan" as AssessmentId
  const sid = (i: number) => `${programId}-s${i + 1}` as SessionId
  const base = (occurredAt: DateTime.Utc) => ({ programId, occurredAt })

  const participants: Array<FoundingParticipant> = plans.map((p, i) => ({
    participantId: pid(i + 1),
    kind: p.kind,
    displayName: `${fictionalNames[i]} (fiktif)`
  }))

  const enrol = (p: Plan, i: number) =>
    new Program.EnrollParticipant({
      ...base(wib(p.startDate ?? "2024-08-28", "07:00")),
      participantId: pid(i + 1),
      kind: p.kind,
      startDate: date(p.startDate ?? "2024-09-03"),
      enrolledBy: officer
    })

  const commands: Array<Program.Command> = [
    new Program.DraftProgram({
      ...base(wib("2024-08-01", "09:00")),
      title: "Bimtek Wirausaha Baru IKM Batik",
      category: "Pembinaan kemandirian",
      facility: "LPCIP" as Program.DraftProgram["facility"],
      timeZone: "Asia/Jakarta",
      venue: "BLK Lapas Kelas I Cipinang",
      plannedStart: date("2024-09-03"),
      plannedEnd: date("2024-09-07"),
      capacity: 25,
      eligibleKinds: ["inmate", "officer"],
      completionPolicy: new Program.CompletionPolicy({
        minAttendanceRatio: 0.8,
        excusedAbsencesLeaveDenominator: true,
        requiredAssessments: "all",
        requireEnrollmentCompleted: true,
        allowParticipationCertificate: false
      }),
      certificateType: "Sertifikat Pelatihan",
      certificateNumberTemplate: Program.defaultCertificateNumberTemplate,
      seriesId: "bimtek-ikm-batik" as NonNullable<Program.DraftProgram["seriesId"]>
    }),
    new Program.AttachAuthorisation({
      ...base(wib("2024-08-01", "09:10")),
      letterNumber: "B-535/IKMA.3/IND/VII/2024",
      letterDate: date("2024-07-29"),
      issuer: "Direktorat Jenderal Industri Kecil, Menengah dan Aneka (Ditjen IKMA), Kementerian Perindustrian",
      subject: "Bimbingan Teknis Wirausaha Baru IKM Batik bagi warga binaan"
    }),
    new Program.AddPartner({
      ...base(wib("2024-08-01", "09:20")),
      organisation: "Yayasan Batik Indonesia",
      role: "trainer"
    }),
    ...sessions.map(
      (s, i) =>
        new Program.ScheduleSession({
          ...base(wib("2024-08-02", "10:00")),
          sessionId: sid(i),
          slot: new Program.SessionSlot({ date: date(s.date), start: time(s.start), end: time(s.end) }),
          venue: "BLK Lapas Kelas I Cipinang",
          facilitators: ["Yayasan Batik Indonesia"],
          topic: s.topic
        })
    ),
    new Program.DefineAssessment({
      ...base(wib("2024-08-02", "11:00")),
      assessmentId: batikPiece,
      title: "Karya batik tulis",
      instrument: "practical",
      resultType: "score",
      min: 0,
      max: 100,
      passMark: 70,
      weight: 0.6,
      competencyUnits: ["Membuat batik tulis"],
      maxAttempts: 1
    }),
    new Program.DefineAssessment({
      ...base(wib("2024-08-02", "11:05")),
      assessmentId: businessPlan,
      title: "Rencana usaha",
      instrument: "portfolio",
      resultType: "competency",
      min: 0,
      max: 1,
      passMark: 1,
      weight: 0.4,
      competencyUnits: ["Menyusun rencana usaha"],
      maxAttempts: 1
    }),
    new Program.PublishProgram(base(wib("2024-08-20", "09:00"))),
    ...plans.flatMap((p, i) => (p.startDate === undefined ? [enrol(p, i)] : [])),
    new Program.StartProgram(base(wib("2024-09-03", "07:30")))
  ]

  // Day by day: custody and staff decisions before a day's sessions, attendance after each.
  sessions.forEach((s, si) => {
    if (si === 0 || sessions[si - 1]!.date !== s.date) {
      plans.forEach((p, i) => {
        if (p.startDate === s.date) commands.push(enrol(p, i))
        if (p.suspend?.from === s.date)
          commands.push(
            new Program.SuspendEnrollment({
              ...base(wib(s.date, "06:30")),
              participantId: pid(i + 1),
              reason: "court-custody",
              from: date(p.suspend.from)
            })
          )
        if (p.suspend?.resumeOn === s.date)
          commands.push(
            new Program.ResumeEnrollment({
              ...base(wib(s.date, "06:30")),
              participantId: pid(i + 1),
              cause: "custody-return",
              on: date(p.suspend.resumeOn)
            })
          )
      })
    }
    plans.forEach((p, i) => {
      const participantId = pid(i + 1)
      const attending =
        s.date >= (p.startDate ?? "2024-09-03") &&
        (p.end === undefined || s.date <= p.end.lastDay) &&
        (p.suspend === undefined || s.date < p.suspend.from || s.date >= p.suspend.resumeOn)
      if (!attending) return
      const mark = p.marks?.[si]
      const absence = mark === undefined || mark === "late" ? undefined : mark
      commands.push(
        new Program.RecordAttendance({
          ...base(wib(s.date, s.end)),
          sessionId: sid(si),
          participantId,
          outcome: mark === undefined ? "present" : mark === "late" ? "late" : absenceOutcome(mark.code),
          ...(absence === undefined ? {} : { reasonCode: absence.code }),
          ...(absence?.note === undefined ? {} : { note: absence.note })
        })
      )
    })
    // custody and staff endings take effect at the end of the last day
    plans.forEach((p, i) => {
      const last = si === sessions.length - 1 || sessions[si + 1]!.date !== s.date
      if (last && p.end?.lastDay === s.date)
        commands.push(
          new Program.EndEnrollment({
            ...base(wib(s.date, "17:00")),
            participantId: pid(i + 1),
            reason: p.end.reason,
            lastDay: date(p.end.lastDay)
          })
        )
    })
  })

  plans.forEach((p, i) => {
    if (p.end !== undefined) return
    commands.push(
      new Program.RecordAssessmentResult({
        ...base(wib("2024-09-07", "09:35")),
        assessmentId: batikPiece,
        participantId: pid(i + 1),
        attempt: 1,
        value: new Program.Score({ value: p.batik ?? 80 }),
        assessorId: assessor
      }),
      new Program.RecordAssessmentResult({
        ...base(wib("2024-09-07", "09:40")),
        assessmentId: businessPlan,
        participantId: pid(i + 1),
        attempt: 1,
        value: new Program.Competency({ value: p.businessPlan ?? "competent" }),
        assessorId: assessor
      })
    )
  })

  commands.push(new Program.CloseProgram({ ...base(wib("2024-09-07", "10:00")), note: "Penutupan oleh Kepala Lapas" }))

  const certifiedIndexes = [1, 6, 7] // p01 officer, p06 and p07 inmates
  const certified = certifiedIndexes.map((n, k) => ({
    participantId: pid(n),
    certificateId: `${programId}-cert-${String(k + 1).padStart(2, "0")}` as CertificateId,
    expectedNumber: `${String(firstSequence + k).padStart(3, "0")}/SERT-BLK/LPCIP/IX/2024`
  }))
  const certificates = certified.map(
    (c, k) =>
      new Program.IssueCertificate({
        ...base(wib("2024-09-07", "10:15")),
        certificateId: c.certificateId,
        participantId: c.participantId,
        type: "completion",
        sequence: firstSequence + k,
        verificationCodeHash: options.verificationCodeHash(c.certificateId),
        holderName: sealedPlaceholder,
        issuedAt: wib("2024-09-07", "10:15"),
        issuer: "LPCIP" as Program.IssueCertificate["issuer"],
        signatories: [
          new Program.Signatory({ title: "Kepala Lapas Kelas I Cipinang" }),
          new Program.Signatory({ title: "Direktur Jenderal IKMA, Kementerian Perindustrian" })
        ]
      })
  )

  const afterCertificates: Array<Program.Command> = [
    new Program.AttachDocumentation({
      ...base(wib("2024-09-09", "09:00")),
      documentId: `${programId}-doc-attendance` as Program.AttachDocumentation["documentId"],
      kind: "attendance-sheet",
      sha256:
        "9f2b5c1e0d4a7b3c8e6f1a2d5c9b0e4f7a3d6c1b8e5f2a9d4c7b0e3f6a1d8c5b" as Program.AttachDocumentation["sha256"],
      uri: "archive://lpcip/2024/bimtek-batik/daftar-hadir.pdf",
      containsPersonalData: true
    }),
    new Program.RecordEvaluation({
      ...base(wib("2024-09-20", "09:00")),
      findings:
        "25 peserta, 3 bersertifikat; enam warga binaan keluar sebelum selesai (bebas, pindah) dan satu dikeluarkan; kehadiran dan karya menjadi kendala utama.",
      recommendation: "revise"
    })
  ]

  const shortfalls: Array<Shortfall> = plans.flatMap((p, i) =>
    p.shortfall === undefined ? [] : [{ participantId: pid(i + 1), kind: p.kind, ...p.shortfall }]
  )

  return {
    programId,
    participants,
    beforeCertificates: commands,
    certificates,
    afterCertificates,
    commands: [...commands, ...certificates, ...afterCertificates],
    certified,
    shortfalls
  }
}
